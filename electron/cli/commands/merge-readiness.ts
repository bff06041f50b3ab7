import type { MergeJob } from '../../services/merge/merge-service'
import { assessReadiness, listAddresses, type ReadinessReport } from '../../services/merge/readiness'
import { dnsResolver } from '../../services/domain-check/dns-resolver'
import type { CliContext } from '../cli-context'

/** The bulk-sender readiness of a merge: the list's addresses, the account's DKIM key and its From domain's DNS. */
export async function mergeReadiness(ctx: CliContext, job: MergeJob, dnsServer?: string): Promise<ReadinessReport> {
  const { accounts, merge, deliverability } = ctx.services
  const account = accounts.get(job.accountId)
  const validation = await merge.validate(job)
  const recipients = await listAddresses(job.data, validation.addressColumn)
  const dkim = await accounts.dkimSigningKey(account)
  const domainReport = await deliverability
    .checkDomain(
      { domain: account.email.split('@').pop()!, accountId: account.id },
      dnsServer ? dnsResolver(dnsServer) : undefined,
    )
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
