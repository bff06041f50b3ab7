import type { ReadinessReport } from '../../../shared/contract'
import type { AccountStore } from '../accounts/account-store'
import type { DeliverabilityService } from '../domain-check/deliverability-service'
import type { DnsResolver } from '../domain-check/dns-resolver'
import { SendsmithError } from '../errors/app-error'
import type { SuppressionList } from '../suppression/suppression-list'
import type { MergeJob, MergeService } from './merge-service'
import { assessReadiness, isProviderAddress, listAddresses } from './readiness'

export interface ReadinessDeps {
  accounts: AccountStore
  merge: MergeService
  deliverability: DeliverabilityService
  /** Suppressed addresses are never sent to, so they count neither as recipients nor against the rules. */
  suppression?: SuppressionList
}

/** The bulk-sender readiness of a merge: the list's addresses, the account's DKIM key and its From domain's DNS. */
export async function mergeReadiness(
  deps: ReadinessDeps,
  job: MergeJob,
  resolver?: DnsResolver,
  known?: { recipients: string[] },
): Promise<ReadinessReport> {
  const { accounts, deliverability } = deps
  const account = accounts.get(job.accountId)
  const recipients = known?.recipients ?? (await recipientsOf(deps, job))
  const dkim = await accounts.dkimSigningKey(account)
  const domainReport = await deliverability
    .checkDomain({ domain: account.email.split('@').pop()!, accountId: account.id }, resolver)
    .catch(() => undefined)
  return assessReadiness({
    account,
    dkim,
    domainReport,
    listUnsubscribe: job.listUnsubscribe,
    templateSource: job.template.source,
    recipients,
  })
}

/**
 * The app's gate before a merge starts, as the CLI's: a run with recipients at Gmail, Yahoo or
 * Outlook.com and an error in the readiness report is refused unless the user overrides.
 */
export async function assertMergeReady(deps: ReadinessDeps, job: MergeJob, override: boolean): Promise<void> {
  if (override) return
  const recipients = await recipientsOf(deps, job)
  // No recipient at those providers: nothing to enforce, and no DNS lookups to wait for.
  if (!recipients.some(isProviderAddress)) return
  const report = await mergeReadiness(deps, job, undefined, { recipients })
  if (!report.blocked) return
  const errors = report.checks.filter((c) => c.status === 'error').map((c) => c.message)
  throw new SendsmithError({
    code: 'VALIDATION',
    field: 'readiness',
    message: `Not sent: the merge breaks the bulk-sender rules of ${report.providerRecipients} recipient(s)' providers (${errors.join('; ')})`,
    hint: 'Fix the errors in the readiness report, or confirm that you send anyway.',
  })
}

async function recipientsOf(deps: ReadinessDeps, job: MergeJob): Promise<string[]> {
  const validation = await deps.merge.validate(job)
  const addresses = await listAddresses(job.data, validation.addressColumn)
  const suppressed = await deps.suppression?.lookup()
  return suppressed ? addresses.filter((a) => !suppressed(a)) : addresses
}
