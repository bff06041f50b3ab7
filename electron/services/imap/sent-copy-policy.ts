import type { Account } from '../../../shared/contract'

/** Hosts whose provider files mail submitted over SMTP in Sent itself, so a copy would be a duplicate. */
const savesItself: { name: string; host: RegExp }[] = [
  { name: 'Gmail', host: /(^|\.)(gmail\.com|googlemail\.com|google\.com)$/i },
  { name: 'Microsoft 365', host: /(^|\.)(office365\.com|outlook\.com|office\.com|hotmail\.com|live\.com)$/i },
]

/** The provider that saves sent mail itself (by the SMTP or IMAP host), or undefined. */
export function providerSavingSent(account: Pick<Account, 'host' | 'imap'>): string | undefined {
  const hosts = [account.host, account.imap?.host ?? '']
  return savesItself.find((p) => hosts.some((h) => p.host.test(h.trim().replace(/\.$/, ''))))?.name
}

export type SentCopyDecision =
  | { copy: false; detail: string }
  /** checkFirst: look for the Message-ID in Sent and append only when it is missing. */
  | { copy: true; checkFirst: boolean }

/** Whether a sent message gets a copy in Sent, by the account's mode and provider. */
export function decideSentCopy(account: Pick<Account, 'host' | 'imap' | 'sentCopy'>): SentCopyDecision {
  if (!account.imap) return { copy: false, detail: 'No IMAP server set for this account' }
  if (account.sentCopy === 'never') return { copy: false, detail: 'Copy to Sent is off for this account' }
  if (account.sentCopy === 'always') return { copy: true, checkFirst: false }
  const provider = providerSavingSent(account)
  if (provider) return { copy: false, detail: `${provider} saves sent mail in Sent itself` }
  return { copy: true, checkFirst: true }
}
