import keytar from '@github/keytar'
import { randomBytes, randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createKeychain, keychainService } from '../../../electron/services/keychain/keychain'
import {
  keychainEntryMaxBytes,
  splitByBytes,
  TokenStore,
  type OAuthTokens,
} from '../../../electron/services/keychain/token-store'

const store = new TokenStore(createKeychain(keytar))
const used: string[] = []
afterEach(async () => {
  for (const id of used.splice(0)) await store.delete(id)
})

async function entriesOf(accountId: string) {
  return (await keytar.findCredentials(keychainService)).filter((e) => e.account.startsWith(`oauth:${accountId}`))
}

/** A Microsoft-sized token: 6 KB of base64url, like a JWT with many claims. */
const bigToken = () => randomBytes(4600).toString('base64url')

describe('OAuth2 tokens in the keychain', () => {
  it('stores a 6 KB token across entries that each fit Windows’ 2,560-byte cap, and reads it back whole', async () => {
    const id = randomUUID()
    used.push(id)
    const tokens: OAuthTokens = {
      accessToken: bigToken(),
      refreshToken: bigToken(),
      expiresAt: '2026-11-30T12:00:00.000Z',
      scope: 'https://outlook.office.com/SMTP.Send offline_access',
      signedInAt: '2026-11-30T11:00:00.000Z',
    }
    expect(tokens.accessToken.length).toBeGreaterThan(6000)
    await store.write(id, tokens)
    const entries = await entriesOf(id)
    expect(entries.length).toBeGreaterThan(6)
    for (const entry of entries) expect(Buffer.byteLength(entry.password)).toBeLessThanOrEqual(keychainEntryMaxBytes)
    expect(await store.read(id)).toEqual(tokens)
  })

  it('replaces the old entries on a refresh and removes them all on delete', async () => {
    const id = randomUUID()
    used.push(id)
    await store.write(id, { accessToken: bigToken(), refreshToken: 'r1', signedInAt: 'then' })
    const before = (await entriesOf(id)).length
    await store.write(id, { accessToken: 'short', refreshToken: 'r2', signedInAt: 'then' })
    expect((await entriesOf(id)).length).toBeLessThan(before)
    expect((await store.read(id))?.refreshToken).toBe('r2')
    expect(await store.delete(id)).toBe(true)
    expect(await entriesOf(id)).toEqual([])
    expect(await store.read(id)).toBeNull()
  })

  it('treats a missing part (an entry removed by hand) as signed out, not as a broken token', async () => {
    const id = randomUUID()
    used.push(id)
    await store.write(id, { accessToken: bigToken(), signedInAt: 'then' })
    const part = (await entriesOf(id)).find((e) => e.account.split(':').length === 4)!
    await keytar.deletePassword(keychainService, part.account)
    expect(await store.read(id)).toBeNull()
  })

  it('splits text by UTF-8 bytes without cutting a character in two', () => {
    const parts = splitByBytes('ab€€€c', 4)
    expect(parts.join('')).toBe('ab€€€c')
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(4)
    expect(splitByBytes('', 10)).toEqual([''])
  })
})
