import { parseArgs } from 'node:util'
import { AccountStore } from '../../services/accounts/account-store'
import { openSettingsReader } from '../../services/settings/settings-reader'
import { exitCodes } from '../cli-errors'

/** What listing needs: the account records and the streams (no keychain, no other service). */
export interface ListContext {
  accounts: Pick<AccountStore, 'list' | 'quarantined' | 'settingsPath'>
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/** `sendsmith accounts list [--json]`. */
export function listAccounts(args: string[], ctx: ListContext): number {
  const { values } = parseArgs({ args, strict: true, options: { json: { type: 'boolean', default: false } } })
  const accounts = ctx.accounts.list()
  // A record that could not be read is kept aside, never dropped: say so where people look.
  for (const q of ctx.accounts.quarantined())
    ctx.stderr.write(
      `sendsmith: an account record could not be read (${q.reason}); it is kept in ${ctx.accounts.settingsPath} under "accountsQuarantine"\n`,
    )
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify(accounts, null, 2)}\n`)
    return exitCodes.ok
  }
  if (accounts.length === 0) ctx.stdout.write('No accounts yet. Add one with: sendsmith accounts add --help\n')
  for (const a of accounts) {
    ctx.stdout.write(
      `${a.isDefault ? '* ' : '  '}${a.name}\t${a.email}\t${a.host}:${a.port}\t${a.security}${a.auth ? `\tuser ${a.username}${a.hasPassword ? ' (keychain)' : ' (no password)'}` : ''}\n`,
    )
  }
  return exitCodes.ok
}

/** Listing never touches the keychain; a store that is asked anyway says so instead of guessing. */
const noKeychain = {
  getPassword: () => Promise.reject(new Error('accounts list reads no secret')),
  setPassword: () => Promise.reject(new Error('accounts list writes no secret')),
  deletePassword: () => Promise.reject(new Error('accounts list deletes no secret')),
}

/**
 * `accounts list` over a read-only settings reader, without conf, the keychain or the other
 * services, so the command people run most starts fast (issue 19). Undefined when the settings file
 * needs the full path (missing, unreadable or in an older format).
 */
export function listAccountsReadOnly(
  args: string[],
  dataDir: string,
  streams: Omit<ListContext, 'accounts'>,
): number | undefined {
  const settings = openSettingsReader(dataDir)
  if (!settings) return undefined
  return listAccounts(args, { ...streams, accounts: new AccountStore(settings, noKeychain) })
}
