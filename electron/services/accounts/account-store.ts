import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  accountInputSchema,
  accountSchema,
  type Account,
  type AccountInput,
  type DkimSettings,
  type ImportAccept,
  type TrustedCertificate,
} from '../../../shared/contract/accounts'
import { SendsmithError } from '../errors/app-error'
import type { DkimSigningKey } from '../dkim/dkim-key'
import { exportFormat, importAccounts, type ImportResult } from './account-import'
import type { Keychain } from '../keychain/keychain'
import { withSettingsLock } from '../settings/settings-lock'
import type { SettingsStore } from '../settings/settings-store'
import { changesImapPasswordDestination, type SecretDestination } from '../../../shared/account-secret'
import { dropSecretIfMoved } from './secret-destination'

const accountsKey = 'accounts'
/** The DKIM private key's keychain entry, beside the account's password (account key = account id). */
export const dkimKeychainId = (accountId: string) => `${accountId}:dkim`
/** A separate IMAP password's keychain entry (issue 18), beside the account's password. */
export const imapKeychainId = (accountId: string) => `${accountId}:imap`
/** Records that could not be read are moved here, whole, with the reason: never dropped. */
export const accountsQuarantineKey = 'accountsQuarantine'

/**
 * The fields a user sets, as `accounts:save` takes them (no id, secret or bookkeeping): what an
 * edit starts from. The one place that knows which of an Account's fields are not input.
 */
export function editableFields(account: Account): AccountInput {
  const {
    id: _id,
    hasPassword: _h,
    hasImapPassword: _hi,
    isDefault: _d,
    trustedCertificate: _t,
    dkim: _k,
    createdAt: _c,
    updatedAt: _u,
    ...fields
  } = account
  return fields
}

/** Where an OAuth2 account's secret comes from: a fresh access token, never a stored password. */
export interface TokenSource {
  accessToken(account: Account): Promise<string>
  forget(accountId: string): Promise<void>
}

/**
 * Records are read leniently: keys this version does not know (written by a newer Sendsmith) do not
 * hide the account, and every write puts them back (unknownKeys).
 */
const storedAccountSchema = z.object(accountSchema.shape)
const knownKeys = new Set(Object.keys(accountSchema.shape))

function unknownKeys(record: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => !knownKeys.has(key)))
}

/** An account record that did not parse, kept aside in settings.json with why. */
export interface QuarantinedAccount {
  record: unknown
  reason: string
  quarantinedAt: string
}

interface StoredAccounts {
  accounts: Account[]
  raw: Map<string, Record<string, unknown>>
  broken: { record: unknown; reason: string }[]
}

/** Accounts: records in the settings file, passwords in the keychain, nothing secret in between. */
export class AccountStore {
  private tokenSource: TokenSource | undefined

  /** OAuth2 accounts get their secret (an access token) from here; wired once by app-services. */
  useTokenSource(source: TokenSource): void {
    this.tokenSource = source
  }

  constructor(
    private readonly settings: SettingsStore,
    private readonly keychain: Keychain,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The settings file the records live in (for messages that tell the user where to look). */
  get settingsPath(): string {
    return this.settings.path
  }

  /** All accounts in creation order. Records that do not parse are not listed: see quarantined(). */
  list(): Account[] {
    return this.read().accounts
  }

  /**
   * Records that could not be read, with the reason: those already moved to the quarantine key and
   * those the next write will move there. Shown by the app at start and by `sendsmith accounts list`.
   */
  quarantined(): QuarantinedAccount[] {
    const kept = this.settings.get(accountsQuarantineKey)
    const pending = this.read().broken.map((b) => ({ ...b, quarantinedAt: '' }))
    return [...(Array.isArray(kept) ? (kept as QuarantinedAccount[]) : []), ...pending]
  }

  private read(): StoredAccounts {
    const stored = this.settings.get(accountsKey)
    const result: StoredAccounts = { accounts: [], raw: new Map(), broken: [] }
    if (!Array.isArray(stored)) return result
    for (const entry of stored) {
      const parsed = storedAccountSchema.safeParse(entry)
      if (parsed.success) {
        result.accounts.push(parsed.data)
        result.raw.set(parsed.data.id, entry as Record<string, unknown>)
      } else {
        const issue = parsed.error.issues[0]
        const reason = issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'not an account record'
        result.broken.push({ record: entry, reason })
      }
    }
    return result
  }

  /**
   * The one way accounts are written: under the settings lock, `change` gets the list as it is on
   * disk now (another process may have written since we last read), unknown keys are carried over,
   * and records that do not parse move to the quarantine key instead of being dropped.
   */
  private mutate<T>(change: (accounts: Account[]) => { next: Account[]; result: T }): T {
    return withSettingsLock(this.settings.path, () => {
      const { accounts, raw, broken } = this.read()
      const { next, result } = change(accounts)
      if (broken.length > 0) {
        const kept = this.settings.get(accountsQuarantineKey)
        const at = this.clock().toISOString()
        this.settings.set(accountsQuarantineKey, [
          ...(Array.isArray(kept) ? kept : []),
          ...broken.map((b) => ({ ...b, quarantinedAt: at })),
        ])
      }
      this.settings.set(
        accountsKey,
        next.map((account) => ({ ...unknownKeys(raw.get(account.id)), ...account })),
      )
      return result
    })
  }

  get(id: string): Account {
    const account = this.list().find((a) => a.id === id)
    if (!account)
      throw new SendsmithError({
        code: 'NOT_FOUND',
        message: 'That account no longer exists',
        field: 'accountId',
        hint: 'Choose another account, or add it again.',
      })
    return account
  }

  /** Finds an account by id, display name or email address (case-insensitive), as the CLI names it. */
  find(ref: string): Account {
    const key = ref.trim().toLowerCase()
    const matches = this.list().filter(
      (a) => a.id === ref || a.name.toLowerCase() === key || a.email.toLowerCase() === key,
    )
    if (matches.length === 1) return matches[0]
    const known =
      this.list()
        .map((a) => a.name)
        .join(', ') || 'none yet'
    if (matches.length === 0)
      throw new SendsmithError({
        code: 'NOT_FOUND',
        message: `No account is named "${ref}"`,
        field: 'account',
        hint: `Known accounts: ${known}.`,
      })
    throw new SendsmithError({
      code: 'VALIDATION',
      message: `"${ref}" names more than one account`,
      field: 'account',
      hint: 'Use the account name or its id.',
    })
  }

  /**
   * Creates or updates an account. The password, when given, goes to the keychain first, so a
   * keychain failure leaves the stored record as it was.
   */
  async save(input: AccountInput): Promise<Account> {
    const { password, imapPassword, id: existingId, ...fields } = accountInputSchema.parse(input)
    const accounts = this.list()
    const previous = existingId ? accounts.find((a) => a.id === existingId) : undefined
    if (existingId && !previous) this.get(existingId)
    const clash = accounts.find((a) => a.id !== existingId && a.name.toLowerCase() === fields.name.toLowerCase())
    if (clash)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'name',
        message: `An account named "${fields.name}" already exists`,
        hint: 'Give this account another display name, or edit the existing one.',
      })

    const id = previous?.id ?? randomUUID()
    const hasImapPassword = await this.saveImapPassword(id, previous, fields, imapPassword)
    let hasPassword = previous?.hasPassword ?? false
    if (!fields.auth) {
      if (hasPassword) await this.keychain.deletePassword(id)
      hasPassword = false
    } else if (password !== undefined && password !== '') {
      await this.keychain.setPassword(id, password)
      hasPassword = true
    } else {
      // With its own IMAP password (kept or new), the SMTP password does not go to the IMAP server.
      const destination = hasImapPassword ? { ...fields, imap: undefined } : fields
      hasPassword = await dropSecretIfMoved(this.keychain, previous, destination)
    }
    const now = this.clock().toISOString()
    // A pinned certificate belongs to one server: moving the account elsewhere drops the trust.
    const sameServer =
      previous !== undefined &&
      previous.host.toLowerCase() === fields.host.toLowerCase() &&
      previous.port === fields.port
    const account = accountSchema.parse({
      ...fields,
      id,
      hasPassword,
      ...(hasImapPassword && { hasImapPassword }),
      isDefault: previous?.isDefault ?? accounts.length === 0,
      ...(sameServer && previous.trustedCertificate && { trustedCertificate: previous.trustedCertificate }),
      ...(previous?.dkim && { dkim: previous.dkim }),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    })
    try {
      return this.mutate((current) => {
        // Checked again on what is on disk now: another process may have saved meanwhile.
        if (previous && !current.some((a) => a.id === id)) this.get(id)
        if (current.some((a) => a.id !== id && a.name.toLowerCase() === account.name.toLowerCase()))
          throw new SendsmithError({
            code: 'VALIDATION',
            field: 'name',
            message: `An account named "${account.name}" already exists`,
            hint: 'Give this account another display name, or edit the existing one.',
          })
        const stored = { ...account, isDefault: current.find((a) => a.id === id)?.isDefault ?? current.length === 0 }
        const next = previous ? current.map((a) => (a.id === id ? stored : a)) : [...current, stored]
        return { next, result: stored }
      })
    } catch (error) {
      // A new account that lost a race for its name leaves no keychain entry behind.
      if (!previous && hasPassword) await this.keychain.deletePassword(id).catch(() => false)
      if (!previous && hasImapPassword) await this.keychain.deletePassword(imapKeychainId(id)).catch(() => false)
      throw error
    }
  }

  /**
   * The separate IMAP password as an edit leaves it: a new one goes to the keychain, null removes it,
   * and an edit that moves IMAP to another server or login without a new one removes it too (like
   * the SMTP password). Returns whether the account has one.
   */
  private async saveImapPassword(
    id: string,
    previous: Account | undefined,
    fields: SecretDestination,
    imapPassword: string | null | undefined,
  ): Promise<boolean> {
    if (imapPassword) {
      await this.keychain.setPassword(imapKeychainId(id), imapPassword)
      return true
    }
    if (!previous?.hasImapPassword) return false
    if (imapPassword === null || changesImapPasswordDestination(previous, fields)) {
      await this.keychain.deletePassword(imapKeychainId(id))
      return false
    }
    return true
  }

  /** Copies an account, its keychain secret included, under a free name. */
  async duplicate(id: string): Promise<Account> {
    const source = this.get(id)
    const names = new Set(this.list().map((a) => a.name.toLowerCase()))
    let name = `${source.name} (copy)`
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${source.name} (copy ${n})`
    const secret = source.hasPassword ? await this.keychain.getPassword(source.id) : null
    const imapSecret = source.hasImapPassword ? await this.keychain.getPassword(imapKeychainId(source.id)) : null
    const copy = await this.save({
      ...editableFields(source),
      name,
      ...(secret !== null && { password: secret }),
      ...(imapSecret !== null && { imapPassword: imapSecret }),
    })
    return source.trustedCertificate ? this.trust(copy.id, source.trustedCertificate) : copy
  }

  /** Makes one account the default and returns the list. */
  makeDefault(id: string): Account[] {
    return this.mutate((current) => {
      if (!current.some((a) => a.id === id)) this.get(id)
      const next = current.map((a) => ({ ...a, isDefault: a.id === id }))
      return { next, result: next }
    })
  }

  /** The default account (the first one when none is marked). */
  defaultAccount(): Account {
    const accounts = this.list()
    const found = accounts.find((a) => a.isDefault) ?? accounts[0]
    if (!found)
      throw new SendsmithError({
        code: 'NOT_FOUND',
        message: 'There is no account yet',
        field: 'account',
        hint: 'Add one first: sendsmith accounts add --help',
      })
    return found
  }

  /** Pins one certificate for this account only. */
  trust(id: string, certificate: TrustedCertificate): Account {
    return this.update(id, (a) => ({ ...a, trustedCertificate: certificate }))
  }

  /** Forgets the pinned certificate. */
  untrust(id: string): Account {
    return this.update(id, ({ trustedCertificate: _dropped, ...a }) => a)
  }

  /** Account settings as JSON for another machine: never a secret, nor ids or keychain state. */
  exportJson(ids?: string[]): string {
    const accounts = this.list().filter((a) => !ids || ids.includes(a.id))
    // A pinned certificate is public and travels with the account; the keychain secret never does.
    const exported = accounts.map((a) => ({
      ...editableFields(a),
      ...(a.trustedCertificate && { trustedCertificate: a.trustedCertificate }),
    }))
    return JSON.stringify({ format: exportFormat, version: 1, accounts: exported }, null, 2)
  }

  /**
   * Imports exported accounts; each is validated on its own and skipped with the reason when it
   * fails. A CA, a pinned certificate or the plaintext consent comes in only where `accept` says so.
   */
  importJson(json: string, accept: ImportAccept[] = []): Promise<ImportResult> {
    return importAccounts(this, json, accept)
  }

  private update(id: string, change: (account: Account) => Account): Account {
    return this.mutate((current) => {
      const found = current.find((a) => a.id === id) ?? this.get(id)
      const account = accountSchema.parse(change(found))
      return { next: current.map((a) => (a.id === id ? account : a)), result: account }
    })
  }

  /** Removes the account and its keychain entry. */
  async delete(id: string): Promise<{ id: string }> {
    const account = this.get(id)
    if (account.hasPassword) await this.keychain.deletePassword(id)
    if (account.dkim) await this.keychain.deletePassword(dkimKeychainId(id))
    if (account.hasImapPassword) await this.keychain.deletePassword(imapKeychainId(id))
    if (account.oauth) await this.tokenSource?.forget(id)
    return this.mutate((current) => {
      const rest = current.filter((a) => a.id !== id)
      // The default moves to the first remaining account, so there always is one.
      if (!rest.some((a) => a.isDefault) && rest.length > 0) rest[0] = { ...rest[0], isDefault: true }
      return { next: rest, result: { id } }
    })
  }

  /** Turns DKIM signing on with this key (to the keychain first), or off (record and key removed). */
  async setDkim(id: string, dkim?: { settings: DkimSettings; privateKeyPem: string }): Promise<Account> {
    const account = this.get(id)
    if (dkim) {
      await this.keychain.setPassword(dkimKeychainId(id), dkim.privateKeyPem)
      return this.update(id, (a) => ({ ...a, dkim: dkim.settings }))
    }
    if (account.dkim) await this.keychain.deletePassword(dkimKeychainId(id))
    return this.update(id, ({ dkim: _dropped, ...a }) => a)
  }

  /** The DKIM key to sign this account's mail with, read at send time; undefined when signing is off. */
  async dkimSigningKey(account: Account): Promise<DkimSigningKey | undefined> {
    if (!account.dkim) return undefined
    const privateKeyPem = await this.keychain.getPassword(dkimKeychainId(account.id))
    if (privateKeyPem === null)
      throw new SendsmithError({
        code: 'PASSWORD_MISSING',
        field: 'dkim',
        message: `DKIM signing is on for ${account.name}, but its private key is not in the keychain`,
        hint: `Generate or import the key again (sendsmith accounts dkim "${account.name}" --generate ...), or turn signing off with --off.`,
      })
    return { ...account.dkim, privateKeyPem }
  }

  /** The secret for signing in to IMAP: its own password when it has one, else the SMTP one (read at use). */
  async imapPassword(account: Account): Promise<string | undefined> {
    if (!account.hasImapPassword) return this.password(account)
    const password = await this.keychain.getPassword(imapKeychainId(account.id))
    if (password === null)
      throw new SendsmithError({
        code: 'PASSWORD_MISSING',
        field: 'imapPassword',
        message: `No IMAP password is stored for ${account.name}`,
        hint: 'Edit the account and enter its IMAP password again.',
      })
    return password
  }

  /** The password for sending; read from the keychain at send time, never cached. */
  async password(account: Account): Promise<string | undefined> {
    if (!account.auth) return undefined
    if (account.oauth && this.tokenSource) return this.tokenSource.accessToken(account)
    const password = await this.keychain.getPassword(account.id)
    if (password === null) {
      throw new SendsmithError({
        code: 'PASSWORD_MISSING',
        field: 'password',
        message: `No password is stored for ${account.name}`,
        hint: 'Edit the account and enter its password again.',
      })
    }
    return password
  }
}
