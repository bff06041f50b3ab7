import type { Account } from '../../../shared/contract'
import { formatMailbox } from '../../../shared/addresses'

/** An account as a From line: `"Doe, John" <john@example.com>`, quoted as a header would be. */
export const accountMailbox = (account: Account) => formatMailbox({ name: account.name, address: account.email })

/** The account to send from: the chosen one if it still exists, else the default, else the first. */
export function senderAccount(accounts: Account[], chosenId: string | null | undefined): Account | undefined {
  return accounts.find((a) => a.id === chosenId) ?? accounts.find((a) => a.isDefault) ?? accounts[0]
}
