import { randomBytes } from 'node:crypto'
import type { Keychain } from './keychain'

/** An account's OAuth2 tokens, as kept in the keychain (and nowhere else). */
export interface OAuthTokens {
  accessToken: string
  refreshToken?: string
  /** ISO time the access token stops working. */
  expiresAt?: string
  scope?: string
  signedInAt: string
}

/**
 * Windows' Credential Manager refuses a secret over 2,560 bytes and Microsoft's tokens are often
 * longer, so each entry holds at most this many bytes; the rest goes to further entries.
 */
export const keychainEntryMaxBytes = 2560
const partBytes = 2000

interface Head {
  v: 1
  /** Parts are written under a fresh generation before the head points at them: a crash mid-write keeps the old tokens. */
  gen: string
  parts: number
}

const headKey = (accountId: string) => `oauth:${accountId}`
const partKey = (accountId: string, gen: string, index: number) => `oauth:${accountId}:${gen}:${index}`
const clientSecretKey = (client: string) => `oauth-client:${client}`

/** OAuth2 tokens and client secrets in the keychain, through its public get/set/delete. */
export class TokenStore {
  constructor(private readonly keychain: Keychain) {}

  async read(accountId: string): Promise<OAuthTokens | null> {
    const head = parseHead(await this.keychain.getPassword(headKey(accountId)))
    if (!head) return null
    const parts: string[] = []
    for (let i = 0; i < head.parts; i++) {
      const part = await this.keychain.getPassword(partKey(accountId, head.gen, i))
      if (part === null) return null // an entry removed by hand: the user signs in again
      parts.push(part)
    }
    try {
      const tokens = JSON.parse(parts.join('')) as OAuthTokens
      return typeof tokens.accessToken === 'string' ? tokens : null
    } catch {
      return null
    }
  }

  async write(accountId: string, tokens: OAuthTokens): Promise<void> {
    const old = parseHead(await this.keychain.getPassword(headKey(accountId)))
    const gen = randomBytes(6).toString('hex')
    const parts = splitByBytes(JSON.stringify(tokens), partBytes)
    for (const [i, part] of parts.entries()) await this.keychain.setPassword(partKey(accountId, gen, i), part)
    await this.keychain.setPassword(headKey(accountId), JSON.stringify({ v: 1, gen, parts: parts.length }))
    if (old) await this.deleteParts(accountId, old)
  }

  /** Forgets the tokens (sign out, account deleted, refresh token refused). */
  async delete(accountId: string): Promise<boolean> {
    const head = parseHead(await this.keychain.getPassword(headKey(accountId)))
    if (!head) return false
    await this.keychain.deletePassword(headKey(accountId))
    await this.deleteParts(accountId, head)
    return true
  }

  getClientSecret(client: string): Promise<string | null> {
    return this.keychain.getPassword(clientSecretKey(client))
  }

  async setClientSecret(client: string, secret: string | null): Promise<void> {
    if (secret === null || secret === '') await this.keychain.deletePassword(clientSecretKey(client))
    else await this.keychain.setPassword(clientSecretKey(client), secret)
  }

  private async deleteParts(accountId: string, head: Head): Promise<void> {
    for (let i = 0; i < head.parts; i++) await this.keychain.deletePassword(partKey(accountId, head.gen, i))
  }
}

function parseHead(raw: string | null): Head | null {
  if (raw === null) return null
  try {
    const head = JSON.parse(raw) as Head
    return head.v === 1 && typeof head.gen === 'string' && Number.isInteger(head.parts) ? head : null
  } catch {
    return null
  }
}

/** Splits text into pieces of at most `max` UTF-8 bytes, never inside a character. */
export function splitByBytes(text: string, max: number): string[] {
  const parts: string[] = []
  let current = ''
  let bytes = 0
  for (const char of text) {
    const size = Buffer.byteLength(char)
    if (bytes + size > max) {
      parts.push(current)
      current = ''
      bytes = 0
    }
    current += char
    bytes += size
  }
  if (current !== '' || parts.length === 0) parts.push(current)
  return parts
}
