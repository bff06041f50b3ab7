import { randomUUID } from 'node:crypto'
import { accountInputSchema, accountSchema, type Account, type AccountInput } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import type { Keychain } from '../keychain/keychain'
import type { SettingsStore } from '../settings/settings-store'

const accountsKey = 'accounts'

/** Accounts: records in the settings file, passwords in the keychain, nothing secret in between. */
export class AccountStore {
  constructor(
    private readonly settings: SettingsStore,
    private readonly keychain: Keychain,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** All accounts in creation order. Records that no longer parse are skipped, not lost: they stay on disk. */
  list(): Account[] {
    const raw = this.settings.get(accountsKey)
    if (!Array.isArray(raw)) return []
    return raw.flatMap((entry) => {
      const parsed = accountSchema.safeParse(entry)
      return parsed.success ? [parsed.data] : []
    })
  }

  get(id: string): Account {
    const account = this.list().find((a) => a.id === id)
    if (!account) throw new SendsmithError({ code: 'NOT_FOUND', message: 'That account no longer exists', field: 'accountId', hint: 'Choose another account, or add it again.' })
    return account
  }

  /** Finds an account by id, display name or email address (case-insensitive), as the CLI names it. */
  find(ref: string): Account {
    const key = ref.trim().toLowerCase()
    const matches = this.list().filter((a) => a.id === ref || a.name.toLowerCase() === key || a.email.toLowerCase() === key)
    if (matches.length === 1) return matches[0]
    const known = this.list().map((a) => a.name).join(', ') || 'none yet'
    if (matches.length === 0) throw new SendsmithError({ code: 'NOT_FOUND', message: `No account is named "${ref}"`, field: 'account', hint: `Known accounts: ${known}.` })
    throw new SendsmithError({ code: 'VALIDATION', message: `"${ref}" names more than one account`, field: 'account', hint: 'Use the account name or its id.' })
  }

  /**
   * Creates or updates an account. The password, when given, goes to the keychain first, so a
   * keychain failure leaves the stored record as it was.
   */
  async save(input: AccountInput): Promise<Account> {
    const { password, id: existingId, ...fields } = accountInputSchema.parse(input)
    const accounts = this.list()
    const previous = existingId ? accounts.find((a) => a.id === existingId) : undefined
    if (existingId && !previous) this.get(existingId)
    const clash = accounts.find((a) => a.id !== existingId && a.name.toLowerCase() === fields.name.toLowerCase())
    if (clash) throw new SendsmithError({ code: 'VALIDATION', field: 'name', message: `An account named "${fields.name}" already exists`, hint: 'Give this account another display name, or edit the existing one.' })

    const id = previous?.id ?? randomUUID()
    let hasPassword = previous?.hasPassword ?? false
    if (!fields.auth) {
      if (hasPassword) await this.keychain.deletePassword(id)
      hasPassword = false
    } else if (password !== undefined && password !== '') {
      await this.keychain.setPassword(id, password)
      hasPassword = true
    }
    const now = this.clock().toISOString()
    const account = accountSchema.parse({ ...fields, id, hasPassword, createdAt: previous?.createdAt ?? now, updatedAt: now })
    const next = previous ? accounts.map((a) => (a.id === id ? account : a)) : [...accounts, account]
    this.settings.set(accountsKey, next)
    return account
  }

  /** Removes the account and its keychain entry. */
  async delete(id: string): Promise<{ id: string }> {
    const account = this.get(id)
    if (account.hasPassword) await this.keychain.deletePassword(id)
    this.settings.set(accountsKey, this.list().filter((a) => a.id !== id))
    return { id }
  }

  /** The password for sending; read from the keychain at send time, never cached. */
  async password(account: Account): Promise<string | undefined> {
    if (!account.auth) return undefined
    const password = await this.keychain.getPassword(account.id)
    if (password === null) {
      throw new SendsmithError({ code: 'PASSWORD_MISSING', field: 'password', message: `No password is stored for ${account.name}`, hint: 'Edit the account and enter its password again.' })
    }
    return password
  }
}
