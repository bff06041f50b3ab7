import type { Account } from './contract'

/** Where and how an account's secret is handed over: the server, the connection, the login. */
export type SecretDestination = Pick<Account, 'host' | 'port' | 'security' | 'username' | 'allowInsecureAuth'> &
  Partial<Pick<Account, 'imap'>>

/**
 * Whether an edit sends the saved secret somewhere else or another way: another host, port,
 * security, user name, or newly allowing AUTH without encryption. Then the secret must not follow
 * (main drops it; the account form asks for it again), or whoever can edit the account (an
 * imported file, a changed form) could collect it at their own server.
 */
export function changesSecretDestination(previous: SecretDestination, next: SecretDestination): boolean {
  return (
    normalHost(previous.host) !== normalHost(next.host) ||
    previous.port !== next.port ||
    previous.security !== next.security ||
    previous.username !== next.username ||
    (!previous.allowInsecureAuth && next.allowInsecureAuth) ||
    imapMoves(previous.imap, next.imap)
  )
}

/**
 * Whether an edit sends a separate IMAP password somewhere else: another IMAP server or login, IMAP
 * turned off, or newly allowing a password without encryption.
 */
export function changesImapPasswordDestination(previous: SecretDestination, next: SecretDestination): boolean {
  if (!next.imap) return true
  return imapMoves(previous.imap, next.imap) || (!previous.allowInsecureAuth && next.allowInsecureAuth)
}

/** The secret is shared with the IMAP server: a new or changed IMAP server or login is another destination. */
function imapMoves(previous: SecretDestination['imap'], next: SecretDestination['imap']): boolean {
  if (!next) return false
  if (!previous) return true
  return (
    normalHost(previous.host) !== normalHost(next.host) ||
    previous.port !== next.port ||
    previous.security !== next.security ||
    (previous.username ?? '') !== (next.username ?? '')
  )
}

function normalHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '')
}
