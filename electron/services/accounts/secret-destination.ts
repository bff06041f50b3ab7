import type { Account } from '../../../shared/contract'
import { changesSecretDestination, type SecretDestination } from '../../../shared/account-secret'
import type { Keychain } from '../keychain/keychain'

/**
 * Called by the account save path when no new password came with the edit: deletes the keychain
 * secret if the edit moves it to another server or login (shared/account-secret.ts), so the user
 * is asked for it again, as a certificate pin is dropped. Returns whether the account still has it.
 */
export async function dropSecretIfMoved(
  keychain: Pick<Keychain, 'deletePassword'>,
  previous: Account | undefined,
  next: SecretDestination,
): Promise<boolean> {
  if (!previous?.hasPassword) return false
  if (!changesSecretDestination(previous, next)) return true
  await keychain.deletePassword(previous.id)
  return false
}
