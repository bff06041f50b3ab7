import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import type { Account } from '../../../shared/contract'
import { connectTcp } from '../net/connect-tcp'
import type { Network } from '../net/network'
import { tlsTrustOptions } from './tls-trust'

/**
 * nodemailer options for one account. The socket comes from our own resolver (so tests and the
 * connection test resolve names the same way); certificates are always verified; STARTTLS is
 * required (not opportunistic) when chosen, so a stripped STARTTLS fails loudly.
 */
export function transportOptions(account: Account, secret: string | undefined, network: Network): SMTPTransport.Options {
  const timeoutMs = account.timeoutSeconds * 1000
  return {
    host: account.host,
    port: account.port,
    secure: account.security === 'tls',
    requireTLS: account.security === 'starttls',
    ignoreTLS: account.security === 'none',
    ...(account.clientName && { name: account.clientName }),
    auth: authOptions(account, secret),
    tls: tlsTrustOptions(account),
    getSocket: (_options, callback) => {
      connectTcp(network, account.host, account.port, { timeoutMs }).then(
        ({ socket }) => callback(null, { connection: socket }),
        (error: Error) => callback(error),
      )
    },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: Math.max(60_000, timeoutMs),
    logger: false,
    debug: false,
  }
}

function authOptions(account: Account, secret: string | undefined): SMTPTransport.Options['auth'] {
  if (!account.auth) return undefined
  if (account.authMethod === 'XOAUTH2') return { type: 'OAuth2', user: account.username, accessToken: secret ?? '' }
  return { user: account.username, pass: secret ?? '', ...(account.authMethod !== 'auto' && { method: account.authMethod }) }
}
