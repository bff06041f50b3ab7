import type { Account, ImapSettings } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'

/** What IMAP needs of the account store (narrow, so services/imap does not depend on services/accounts). */
export interface AccountSource {
  get(id: string): Account
  /** The SMTP secret, read from the keychain at use. */
  password(account: Account): Promise<string | undefined>
  /** The secret for signing in to IMAP: its own password when the account has one, else the SMTP one. */
  imapPassword(account: Account): Promise<string | undefined>
}

/** The account's IMAP server, or a NOT_FOUND error saying how to add one. */
export function imapSettingsOf(account: Account): ImapSettings {
  if (!account.imap)
    throw new SendsmithError({
      code: 'NOT_FOUND',
      field: 'imap',
      message: `${account.name} has no IMAP server`,
      hint: 'Edit the account and fill in the IMAP server (or: sendsmith accounts edit NAME --imap-host H --imap-port 993 --imap-security tls).',
    })
  return account.imap
}

/** The IMAP login: its own user name, else the SMTP one, else the address. */
export function imapUser(account: Account): string {
  return account.imap?.username || account.username || account.email
}
