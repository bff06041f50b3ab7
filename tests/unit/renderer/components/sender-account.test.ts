import { describe, expect, it } from 'vitest'
import type { Account } from '../../../../shared/contract'
import { accountMailbox, senderAccount } from '../../../../renderer/src/components/sender-account'

const account = (id: string, name: string, isDefault = false) =>
  ({ id, name, email: `${id}@example.test`, isDefault }) as Account

describe('the account picker', () => {
  it('shows an account as a From header would carry it, quoting names that need it', () => {
    expect(accountMailbox(account('ann', 'Ann Lee'))).toBe('Ann Lee <ann@example.test>')
    expect(accountMailbox(account('john', 'Doe, John'))).toBe('"Doe, John" <john@example.test>')
    expect(accountMailbox(account('x', ''))).toBe('x@example.test')
  })

  it('sends from the chosen account if it still exists, else the default, else the first', () => {
    const accounts = [account('a1', 'A'), account('a2', 'B', true)]
    expect(senderAccount(accounts, 'a1')?.id).toBe('a1')
    expect(senderAccount(accounts, 'deleted')?.id).toBe('a2')
    expect(senderAccount(accounts, null)?.id).toBe('a2')
    expect(senderAccount([accounts[0]], '')?.id).toBe('a1')
    expect(senderAccount([], 'a1')).toBeUndefined()
  })
})
