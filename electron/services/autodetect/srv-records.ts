import type { SrvRecord } from 'node:dns'
import type { ServerCandidate } from '../../../shared/contract'
import type { Security } from '../../../shared/contract/accounts'
import type { Network } from '../net/network'
import { describeServer } from './candidates'
import { abortError, describeFailure, withDeadline } from './deadline'

/** RFC 8314 section 5.1: implicit TLS (_submissions) is preferred over STARTTLS (_submission). */
export const srvServices: { service: string; security: Security }[] = [
  { service: '_submissions._tcp', security: 'tls' },
  { service: '_submission._tcp', security: 'starttls' },
]

/**
 * Orders one service's records for trying: lowest priority first, then the heavier weight first.
 * RFC 2782 picks among equal priorities at random by weight; a fixed order keeps the suggestion
 * stable between runs and still favours what the domain weighted higher. A lone "." target (or
 * port 0) means the domain says the service is not offered (RFC 6186 section 3.4), so none is returned.
 */
export function orderSrvRecords(records: SrvRecord[]): SrvRecord[] {
  const usable = records.filter((r) => r.name !== '' && r.name !== '.' && r.port !== 0)
  return usable.sort((a, b) => a.priority - b.priority || b.weight - a.weight)
}

/** True when the records explicitly say "no such service here" (a "." target, RFC 2782). */
export function saysNoService(records: SrvRecord[]): boolean {
  return records.length > 0 && records.every((r) => r.name === '' || r.name === '.')
}

/** SRV records of both submission services as candidates, _submissions first. */
export function srvCandidates(
  domain: string,
  found: { service: string; security: Security; records: SrvRecord[] }[],
): ServerCandidate[] {
  return found.flatMap(({ service, security, records }) =>
    orderSrvRecords(records).map((r) => ({
      host: r.name.replace(/\.$/, '').toLowerCase(),
      port: r.port,
      security,
      source: 'srv' as const,
      sourceDetail: `SRV ${service}.${domain}`,
      notes: [],
      verified: false,
    })),
  )
}

export interface SrvOutcome {
  status: 'found' | 'nothing' | 'failed'
  detail: string
  candidates: ServerCandidate[]
}

const absentCodes = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME'])

/** Looks up both SRV names at once. Rejects only when the signal aborts. */
export async function lookUpSrv(
  network: Network,
  domain: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<SrvOutcome> {
  const answers = await Promise.all(
    srvServices.map(async ({ service, security }) => {
      const name = `${service}.${domain}`
      try {
        return {
          service,
          security,
          name,
          records: await withDeadline(network.resolveSrv(name), { ...options, what: `SRV ${name}` }),
        }
      } catch (error) {
        if (options.signal?.aborted) throw abortError()
        return { service, security, name, records: [] as SrvRecord[], error }
      }
    }),
  )
  const candidates = srvCandidates(domain, answers)
  const lines = answers.map((a) => {
    if (a.error)
      return `${a.name}: ${absentCodes.has((a.error as { code?: string }).code ?? '') ? 'none' : describeFailure(a.error)}`
    if (saysNoService(a.records)) return `${a.name}: "." (the domain says there is no such service)`
    const ordered = srvCandidates(domain, [a])
    return `${a.name}: ${ordered.length ? ordered.map(describeServer).join(', ') : 'none'}`
  })
  const failed = answers.every((a) => a.error && !absentCodes.has((a.error as { code?: string }).code ?? ''))
  return { status: candidates.length ? 'found' : failed ? 'failed' : 'nothing', detail: lines.join('; '), candidates }
}
