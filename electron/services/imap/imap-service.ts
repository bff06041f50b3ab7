import type { Account, RoundTripReport } from '../../../shared/contract'
import type { AccountSource } from './imap-settings'
import type { Network } from '../net/network'
import type { SmtpAuthProvider } from '../smtp/sender/auth-provider'
import type { deliverMessage } from '../smtp/sender/deliver-message'
import { roundTrip } from './round-trip'
import type { SentCopier } from './sent-copier'

/** IMAP for the app's doors: the durable copy in Sent and the round trip. */
export class ImapService {
  constructor(
    private readonly deps: {
      accounts: AccountSource
      network: Network
      copier: SentCopier
      deliver?: typeof deliverMessage
      /** The SMTP login for the round trip's message (OAuth2 in the app); undefined: the secret. */
      auth?: (account: Account) => SmtpAuthProvider | undefined
    },
  ) {}

  get copier(): SentCopier {
    return this.deps.copier
  }

  /** Sends a test to the account's own address and reads it back; the secret is read here. */
  async roundTrip(accountId: string, timeoutSeconds: number, signal?: AbortSignal): Promise<RoundTripReport> {
    const account = this.deps.accounts.get(accountId)
    const secret = await this.deps.accounts.password(account)
    const imapSecret = account.hasImapPassword ? await this.deps.accounts.imapPassword(account) : undefined
    return roundTrip(account, secret, {
      imapSecret,
      network: this.deps.network,
      timeoutMs: timeoutSeconds * 1000,
      signal,
      deliver: this.deps.deliver,
      auth: this.deps.auth?.(account),
    })
  }
}
