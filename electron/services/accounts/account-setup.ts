import type { Account, DetectResult, DetectStep, TestReport, TestRequest, TestStep } from '../../../shared/contract'
import { detectSettings } from '../autodetect/detect-settings'
import { SendsmithError } from '../errors/app-error'
import type { Network } from '../net/network'
import type { RunRegistry } from '../runs/run-registry'
import { checkConnection } from '../smtp/connection-test/connection-check'
import { fetchServerCertificate } from '../smtp/server-certificate'
import type { SecretRenewal } from '../smtp/connection-test/check-context'
import type { ImapCheck } from '../smtp/connection-test/steps/imap-step'
import type { AccountStore } from './account-store'

/** Setting an account up: detect its server, test it step by step, trust its certificate. */
export class AccountSetup {
  constructor(
    private readonly accounts: AccountStore,
    private readonly network: Network,
    private readonly runs: RunRegistry,
    private readonly clock: () => Date = () => new Date(),
    /** The account test's IMAP step (services/imap), wired by app-services. */
    private readonly imapCheck?: ImapCheck,
    /** Renews an OAuth2 account's token after a refused login (services/oauth), wired by app-services. */
    private readonly renewal?: (account: Account) => SecretRenewal | undefined,
  ) {}

  detect(email: string, runId: string, onStep?: (step: DetectStep) => void): Promise<DetectResult> {
    return this.runs.run(runId, (signal) => detectSettings(email, { network: this.network, signal, onStep }))
  }

  /** Tests a saved account; the secret is read from the keychain here, never passed in. */
  test(
    request: Omit<TestRequest, 'rcptTo'> & { rcptTo: string[] },
    onStep?: (step: TestStep) => void,
  ): Promise<TestReport> {
    const account = this.accounts.get(request.accountId)
    return this.runs.run(request.runId, async (signal) => {
      const secret = await this.accounts.password(account)
      const dkim = request.sendTestTo !== undefined ? await this.accounts.dkimSigningKey(account) : undefined
      return checkConnection(account, secret, {
        ...(dkim && { dkim }),
        network: this.network,
        sendTestTo: request.sendTestTo,
        mailFrom: request.mailFrom,
        rcptTo: request.rcptTo,
        signal,
        onStep,
        imap: this.imapCheckFor(account),
        renewal: this.renewal?.(account),
      })
    })
  }

  /** The IMAP step signs in with the account's own IMAP password when it has one (read here, at use). */
  private imapCheckFor(account: Account): ImapCheck | undefined {
    const check = this.imapCheck
    if (!check || !account.hasImapPassword) return check
    return async (imapAccount, _smtpSecret, options) => {
      const secret = await this.accounts.imapPassword(imapAccount)
      if (secret) options.hide?.(secret)
      return check(imapAccount, secret, options)
    }
  }

  cancel(runId: string): { cancelled: boolean } {
    return { cancelled: this.runs.cancel(runId) }
  }

  /**
   * Pins the certificate the server presents now, but only if it is the one the user looked at
   * (same fingerprint): a certificate that changed in between is never trusted blindly.
   */
  async trust(accountId: string, fingerprint: string): Promise<Account> {
    const account = this.accounts.get(accountId)
    const { info, pem } = await fetchServerCertificate(account, this.network)
    if (info.fingerprint !== fingerprint) {
      throw new SendsmithError({
        code: 'CERTIFICATE_INVALID',
        field: 'fingerprint',
        message: `${account.host}:${account.port} now presents a different certificate (${info.fingerprint}) than the one you chose (${fingerprint})`,
        hint: 'Nothing was trusted. Run the test again and check the certificate before trusting it.',
      })
    }
    return this.accounts.trust(accountId, {
      fingerprint,
      pem,
      subject: info.subject,
      validTo: info.validTo,
      trustedAt: this.clock().toISOString(),
    })
  }

  untrust(accountId: string): Account {
    return this.accounts.untrust(accountId)
  }
}
