import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import type { Account } from '../../../shared/contract'

/** Timeouts short enough that a blocked port is reported in seconds, not minutes. */
export const smtpTimeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 }

/**
 * nodemailer options for one account. Certificates are always verified; an account may add its own
 * CA. STARTTLS is required (not opportunistic) when chosen, so a stripped STARTTLS fails loudly.
 */
export function transportOptions(account: Account, password: string | undefined): SMTPTransport.Options {
  return {
    host: account.host,
    port: account.port,
    secure: account.security === 'tls',
    requireTLS: account.security === 'starttls',
    ignoreTLS: account.security === 'none',
    auth: account.auth ? { user: account.username, pass: password ?? '' } : undefined,
    tls: { rejectUnauthorized: true, servername: isIp(account.host) ? undefined : account.host, ...(account.ca ? { ca: account.ca } : {}) },
    ...smtpTimeouts,
    logger: false,
    debug: false,
  }
}

function isIp(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':')
}
