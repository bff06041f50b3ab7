import { describe, expect, it } from 'vitest'
import { createKeychain } from '../../../../electron/services/keychain/keychain'

describe('keychain calls', () => {
  it('give up after the time limit when the keychain never answers (an unlock prompt nobody sees)', async () => {
    // Stand-in keytar: a Secret Service that waits forever on an unlock prompt cannot be staged here.
    const silent = new Promise<never>(() => {})
    const keychain = createKeychain(
      { getPassword: () => silent, setPassword: () => silent, deletePassword: () => silent },
      'Sendsmith',
      50,
    )
    await expect(keychain.getPassword('account-1')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringContaining('no answer within'),
    })
  })

  it('an answer within the limit is returned as it is', async () => {
    const keychain = createKeychain(
      { getPassword: async () => 'pw', setPassword: async () => {}, deletePassword: async () => true },
      'Sendsmith',
      5_000,
    )
    expect(await keychain.getPassword('account-1')).toBe('pw')
  })
})
