import keytar from '@github/keytar'
import { keychainService } from '../../electron/services/keychain/keychain'

/** Reads the real keychain entry directly, as another program on the machine would. */
export function keychainEntry(accountId: string): Promise<string | null> {
  return keytar.getPassword(keychainService, accountId)
}
