import type { MergeJob } from '../../services/merge/merge-service'
import { mergeReadiness as readinessOf } from '../../services/merge/merge-readiness'
import type { ReadinessReport } from '../../services/merge/readiness'
import { dnsResolver } from '../../services/domain-check/dns-resolver'
import type { CliContext } from '../cli-context'

/** The bulk-sender readiness of a merge: the list's addresses, the account's DKIM key and its From domain's DNS. */
export function mergeReadiness(ctx: CliContext, job: MergeJob, dnsServer?: string): Promise<ReadinessReport> {
  return readinessOf(ctx.services, job, dnsServer ? dnsResolver(dnsServer) : undefined)
}
