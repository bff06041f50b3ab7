import type { AccountStore } from '../accounts/account-store'
import { SendsmithError } from '../errors/app-error'
import type { Account, DkimRecord, DkimSettings, DomainReport } from '../../../shared/contract'
import { dkimPublicKey, dkimTxtRecord, generateDkimKey, importDkimKey } from '../dkim/dkim-key'
import { checkDomain } from './check-domain'
import { dnsResolver, type DnsResolver } from './dns-resolver'

/** DKIM keys per account and the sending domain's check, over the accounts and one DNS resolver. */
export class DeliverabilityService {
  constructor(
    private readonly accounts: AccountStore,
    /** The resolver a check uses; `resolverFor(server)` makes one for `--dns-server`. */
    readonly resolver: DnsResolver = dnsResolver(),
  ) {}

  /** Generates (bits) or imports (privateKeyPem) the account's DKIM key and turns signing on. */
  async configureDkim(
    accountId: string,
    settings: DkimSettings,
    key: { bits: number } | { privateKeyPem: string },
  ): Promise<{ account: Account; record: DkimRecord }> {
    this.accounts.get(accountId)
    const privateKeyPem = 'bits' in key ? generateDkimKey(key.bits) : importDkimKey(key.privateKeyPem)
    const account = await this.accounts.setDkim(accountId, { settings, privateKeyPem })
    return { account, record: dkimTxtRecord({ ...settings, privateKeyPem }) }
  }

  /** Turns signing off; the key leaves the keychain. */
  dkimOff(accountId: string): Promise<Account> {
    return this.accounts.setDkim(accountId)
  }

  /** The TXT record for the account's key, derived from the key in the keychain. */
  async dkimRecord(accountId: string): Promise<DkimRecord> {
    const key = await this.accounts.dkimSigningKey(this.accounts.get(accountId))
    if (!key)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'dkim',
        message: 'DKIM signing is off for this account',
        hint: 'Generate or import a key first.',
      })
    return dkimTxtRecord(key)
  }

  /**
   * Checks a From domain. With an account: its selector and key (compared with DNS), its d= for
   * alignment and its SMTP server for SPF.
   */
  async checkDomain(
    request: { domain: string; selector?: string; accountId?: string },
    resolver: DnsResolver = this.resolver,
  ): Promise<DomainReport> {
    const account = request.accountId ? this.accounts.get(request.accountId) : undefined
    const key = account ? await this.accounts.dkimSigningKey(account) : undefined
    return checkDomain({
      domain: request.domain,
      resolver,
      ...((request.selector || key) && { selector: request.selector || key?.selector }),
      ...(key && {
        dkimDomain: key.domain,
        expectedKey: { publicKey: dkimPublicKey(key.privateKeyPem), record: dkimTxtRecord(key).value },
      }),
      ...(account && { smtpHost: account.host }),
    })
  }
}
