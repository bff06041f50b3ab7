import type { Account } from '../../../shared/contract'
import { editableFields, type AccountStore } from '../accounts/account-store'
import type { Logger } from '../log/logger'
import type { SettingsStore } from '../settings/settings-store'
import { inboxHost, type LocalInbox } from './local-inbox'

export const localInboxAccountName = 'Local test inbox'
/** The From address of the local account; `.test` is reserved for testing (RFC 2606). */
export const localInboxAccountEmail = 'you@sendsmith.test'

/** Kept in the settings file: which account we made, or null once we decided not to make one. */
const settingsKey = 'localInbox'

interface LocalInboxSettings {
  accountId: string | null
}

/**
 * On first start, creates the account "Local test inbox" (127.0.0.1, the inbox's port, no TLS, no
 * AUTH), so compose and "send test" work at once; it is the default when it is the only account.
 * Later starts keep its port in step with the server's. Once the user deletes it, it stays deleted;
 * an account of the user's that already has the name is left alone.
 */
export async function ensureLocalInboxAccount(
  accounts: AccountStore,
  settings: SettingsStore,
  port: number,
): Promise<Account | undefined> {
  const state = settings.get(settingsKey) as Partial<LocalInboxSettings> | undefined
  if (state && state.accountId !== undefined) {
    const account = state.accountId === null ? undefined : accounts.list().find((a) => a.id === state.accountId)
    if (!account || (account.port === port && account.host === inboxHost)) return account
    // Every field the user may have edited is kept; only where the server is changes.
    return accounts.save({ ...editableFields(account), id: account.id, host: inboxHost, port })
  }
  if (accounts.list().some((a) => a.name.toLowerCase() === localInboxAccountName.toLowerCase())) {
    settings.set(settingsKey, { accountId: null } satisfies LocalInboxSettings)
    return undefined
  }
  const account = await accounts.save({
    name: localInboxAccountName,
    email: localInboxAccountEmail,
    host: inboxHost,
    port,
    security: 'none',
    auth: false,
    username: '',
    allowInsecureAuth: false,
  })
  settings.set(settingsKey, { accountId: account.id } satisfies LocalInboxSettings)
  return account
}

/**
 * What the app does at start: run the local test inbox and make sure its account exists. A failure
 * is logged, not thrown: the rest of the app works without the inbox.
 */
export async function startAppInbox(deps: {
  inbox: LocalInbox
  accounts: AccountStore
  settings: SettingsStore
  logger: Logger
}): Promise<Account | undefined> {
  try {
    const status = await deps.inbox.start()
    return await ensureLocalInboxAccount(deps.accounts, deps.settings, status.port ?? 0)
  } catch (error) {
    deps.logger.log('error', 'inbox.start-failed', { message: (error as Error).message })
    return undefined
  }
}
