import type { ImapFlow } from 'imapflow'
import { isIP } from 'node:net'
import type { TLSSocket } from 'node:tls'
import type { Account } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import type { Network } from '../net/network'
import { tlsTrustOptions } from '../smtp/tls-trust'
import { imapAppError } from './imap-errors'
import { imapSettingsOf, imapUser } from './imap-settings'

/** What imapflow signs in with: a password, or an OAuth2 access token (XOAUTH2). */
export type ImapLogin = { user: string; pass: string } | { user: string; accessToken: string }

/**
 * Where an IMAP login comes from: the seam an OAuth2 provider plugs into (a fresh access token with
 * the IMAP scope). Default: `secretImapLogin`, the stored secret.
 */
export type ImapAuthProvider = ((account: Account, secret: string | undefined) => Promise<ImapLogin>) & {
  /** After the server refused the login: a renewed one (an OAuth2 token refreshed), tried once; undefined: none. */
  renew?: (account: Account) => Promise<ImapLogin | undefined>
  /** The renewed login was refused too: the error that says what to do (sign in again), or undefined. */
  refusedAgain?: (account: Account, refused: unknown) => Error | undefined
}

/** The login from the stored secret: the password, or for an XOAUTH2 account the token kept in the keychain. */
export const secretImapLogin: ImapAuthProvider = async (account, secret) => {
  if (secret === undefined || secret === '')
    throw new SendsmithError({
      code: 'PASSWORD_MISSING',
      field: 'password',
      message: `IMAP needs the password of ${account.name}, and none is stored`,
      hint: 'Edit the account, tick "requires authentication" and enter the password.',
    })
  const user = imapUser(account)
  return account.authMethod === 'XOAUTH2' ? { user, accessToken: secret } : { user, pass: secret }
}

export interface OpenImapOptions {
  network: Network
  signal?: AbortSignal
  /** The login; default the secret (see ImapAuthProvider). */
  auth?: ImapAuthProvider
}

/**
 * Connects and signs in to the account's IMAP server with the account's secret (shared with SMTP),
 * trusting exactly what the account trusts (its CA, its pinned certificate). STARTTLS, when chosen,
 * is required, so a stripped STARTTLS fails instead of sending the password in clear. Failures are
 * SendsmithErrors with IMAP advice.
 */
export async function openImap(
  account: Account,
  secret: string | undefined,
  options: OpenImapOptions,
): Promise<ImapFlow> {
  const settings = imapSettingsOf(account)
  if (settings.security === 'none' && !account.allowInsecureAuth)
    throw new SendsmithError({
      code: 'TLS_FAILED',
      field: 'imap',
      message: 'Signing in to IMAP without encryption needs your consent',
      hint: 'Choose SSL/TLS (993) or STARTTLS (143) for IMAP, or allow the password over an unencrypted connection.',
    })
  let login = await (options.auth ?? secretImapLogin)(account, secret)
  let renewed = false
  const host = settings.host.replace(/^\[(.*)\]$/, '$1')
  let addresses: { address: string }[]
  try {
    addresses = isIP(host) ? [{ address: host }] : await options.network.lookup(host)
  } catch (error) {
    throw new SendsmithError(
      imapAppError(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', cause: error }),
        settings,
      ),
    )
  }
  const timeoutMs = account.timeoutSeconds * 1000
  let lastError: unknown = new Error(`getaddrinfo ENOTFOUND ${host}`)
  // imapflow loads with the first IMAP connection, not with the app or every CLI command (issue 19).
  const { ImapFlow } = await import('imapflow')
  for (let i = 0; i < addresses.length; i++) {
    const { address } = addresses[i]
    options.signal?.throwIfAborted()
    const trust = tlsTrustOptions({ host, ca: account.ca, trustedCertificate: account.trustedCertificate })
    const client = new ImapFlow({
      host: address,
      port: settings.port,
      secure: settings.security === 'tls',
      doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
      ...(!isIP(host) && { servername: host }),
      tls: trust,
      auth: login,
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: Math.max(60_000, timeoutMs),
      clientInfo: { name: 'Sendsmith' },
    })
    // imapflow emits socket errors as events; without a listener they would crash the process.
    client.on('error', () => undefined)
    const onAbort = () => client.close()
    options.signal?.addEventListener('abort', onAbort, { once: true })
    try {
      await client.connect()
      return client
    } catch (error) {
      client.close()
      if (options.signal?.aborted) throw Object.assign(new Error('The operation was cancelled'), { name: 'AbortError' })
      lastError = error
      // A refused login or certificate will not change on the next address; a renewable login
      // (an OAuth2 token) is renewed once and tried again on the same address.
      if ((error as { authenticationFailed?: boolean }).authenticationFailed) {
        if (renewed) {
          const explained = options.auth?.refusedAgain?.(account, error)
          if (explained) throw explained
        } else if (options.auth?.renew) {
          renewed = true
          const again = await options.auth.renew(account)
          if (again) {
            login = again
            i--
            continue
          }
        }
        break
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort)
    }
  }
  throw new SendsmithError(imapAppError(lastError, settings), { cause: lastError })
}

/** The TLS socket under a connected client, to report protocol, cipher and certificate (not in imapflow's types). */
export function tlsSocketOf(client: ImapFlow): TLSSocket | undefined {
  const socket = (client as unknown as { socket?: unknown }).socket
  return socket && typeof (socket as TLSSocket).getPeerCertificate === 'function' ? (socket as TLSSocket) : undefined
}

/** Logs out politely; never throws (the connection may be gone already). */
export async function closeImap(client: ImapFlow | undefined): Promise<void> {
  if (!client) return
  try {
    await client.logout()
  } catch {
    client.close()
  }
}
