import type { Socket } from 'node:net'
import type SMTPConnection from 'nodemailer/lib/smtp-connection'
import XOAuth2 from 'nodemailer/lib/xoauth2'
import type { Account } from '../../../shared/contract'
import { tlsTrustOptions } from './tls-trust'

/**
 * nodemailer SMTPConnection options for one account over a socket we opened ourselves (connectTcp),
 * so every sender resolves names the same way and trusts exactly what the account trusts.
 */
export function smtpConnectionOptions(account: Account, socket: Socket): SMTPConnection.Options {
  const timeoutMs = account.timeoutSeconds * 1000
  return {
    connection: socket,
    host: account.host,
    port: account.port,
    secure: account.security === 'tls',
    // STARTTLS is required when chosen, so a stripped STARTTLS fails loudly.
    requireTLS: account.security === 'starttls',
    ignoreTLS: account.security === 'none',
    ...(account.clientName && { name: account.clientName }),
    tls: tlsTrustOptions(account),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: Math.max(60_000, timeoutMs),
    logger: false,
    debug: false,
  }
}

/** The login for SMTPConnection#login; with XOAUTH2 the stored secret is the access token. */
export function smtpAuth(account: Account, secret: string | undefined): SMTPConnection.AuthenticationType {
  return account.authMethod === 'XOAUTH2'
    ? {
        method: 'XOAUTH2',
        user: account.username,
        oauth2: new XOAuth2({ user: account.username, accessToken: secret ?? '' }),
      }
    : {
        credentials: { user: account.username, pass: secret ?? '' },
        ...(account.authMethod !== 'auto' && { method: account.authMethod }),
      }
}
