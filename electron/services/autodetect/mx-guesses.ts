import type { MxRecord } from 'node:dns'
import type { ServerCandidate } from '../../../shared/contract'
import type { Network } from '../net/network'
import { describeServer } from './candidates'
import { abortError, describeFailure, withDeadline } from './deadline'
import { findProviderByMxHost, providerCandidates } from './provider-table'

/**
 * Public suffixes of more than one label that mail hosts commonly sit under. Not the whole Public
 * Suffix List (that would be a dependency and a data file to keep fresh); a wrong cut here only
 * costs two extra probes that fail.
 */
const multiLabelSuffixes = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'me.uk',
  'ltd.uk',
  'plc.uk',
  'net.uk',
  'com.au',
  'net.au',
  'org.au',
  'edu.au',
  'co.nz',
  'net.nz',
  'org.nz',
  'co.jp',
  'ne.jp',
  'or.jp',
  'ac.jp',
  'co.kr',
  'co.za',
  'co.in',
  'net.in',
  'org.in',
  'co.il',
  'co.id',
  'com.br',
  'net.br',
  'com.mx',
  'com.ar',
  'com.cn',
  'net.cn',
  'org.cn',
  'com.tw',
  'com.hk',
  'com.sg',
  'com.my',
  'com.ph',
  'com.vn',
  'com.tr',
  'com.ua',
  'com.pl',
  'com.es',
  'com.pt',
  'co.at',
  'or.at',
])

/** The domain a host name is registered under: aspmx.l.google.com -> google.com, mx.example.co.uk -> example.co.uk. */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.')
  if (labels.length <= 2) return labels.join('.')
  const lastTwo = labels.slice(-2).join('.')
  return multiLabelSuffixes.has(lastTwo) ? labels.slice(-3).join('.') : lastTwo
}

/** A host name worth probing, and why we thought of it. */
export interface HostGuess {
  host: string
  sourceDetail: string
}

/** MX records, lowest preference (most preferred) first, without RFC 7505 "null MX" entries. */
export function orderMxRecords(records: MxRecord[]): MxRecord[] {
  return records.filter((r) => r.exchange !== '' && r.exchange !== '.').sort((a, b) => a.priority - b.priority)
}

/**
 * Hosts to probe: smtp.<domain> and mail.<domain>, then smtp. and mail. of the most preferred MX
 * host's registrable domain (hosted mail often submits there). The MX host itself is not guessed:
 * it receives mail on port 25 and rarely accepts submission.
 */
export function guessHosts(domain: string, mxHost?: string): HostGuess[] {
  const guesses: HostGuess[] = [
    { host: `smtp.${domain}`, sourceDetail: `guessed from ${domain}` },
    { host: `mail.${domain}`, sourceDetail: `guessed from ${domain}` },
  ]
  if (mxHost) {
    const mxDomain = registrableDomain(mxHost)
    if (mxDomain !== domain && mxDomain.includes('.')) {
      guesses.push(
        { host: `smtp.${mxDomain}`, sourceDetail: `guessed from MX ${mxHost}` },
        { host: `mail.${mxDomain}`, sourceDetail: `guessed from MX ${mxHost}` },
      )
    }
  }
  return guesses
}

export interface MxOutcome {
  status: 'found' | 'nothing' | 'failed'
  detail: string
  /** Candidates from a known provider that hosts the domain (source 'mx'), unprobed. */
  candidates: ServerCandidate[]
  /** Host names to probe on the probe ports. */
  guesses: HostGuess[]
}

const absentCodes = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME'])

/**
 * Looks up the domain's MX. A known provider behind the MX gives its documented settings; otherwise
 * the MX host's domain adds guesses. The domain's own guesses are returned even without MX records.
 * Rejects only when the signal aborts.
 */
export async function lookUpMx(
  network: Network,
  domain: string,
  email: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<MxOutcome> {
  let records: MxRecord[]
  try {
    records = orderMxRecords(await withDeadline(network.resolveMx(domain), { ...options, what: `MX ${domain}` }))
  } catch (error) {
    if (options.signal?.aborted) throw abortError()
    const guesses = guessHosts(domain)
    const absent = absentCodes.has((error as { code?: string }).code ?? '')
    return {
      status: absent ? 'nothing' : 'failed',
      detail: `${absent ? `No MX records for ${domain}` : `MX lookup for ${domain} failed: ${describeFailure(error)}`}; will try ${guesses.map((g) => g.host).join(', ')}`,
      candidates: [],
      guesses,
    }
  }
  const mxHost = records[0]?.exchange.replace(/\.$/, '').toLowerCase()
  if (!mxHost) {
    const guesses = guessHosts(domain)
    return {
      status: 'nothing',
      detail: `No MX records for ${domain}; will try ${guesses.map((g) => g.host).join(', ')}`,
      candidates: [],
      guesses,
    }
  }
  const provider = findProviderByMxHost(mxHost)
  if (provider) {
    const candidates = providerCandidates(provider, email, {
      source: 'mx',
      sourceDetail: `MX ${mxHost}: ${provider.mxName ?? provider.name} (built-in list)`,
    })
    const guesses = guessHosts(domain)
    return {
      status: 'found',
      detail: `MX ${mxHost} is ${provider.mxName ?? provider.name}: ${candidates.map(describeServer).join(', ')}`,
      candidates,
      guesses,
    }
  }
  const guesses = guessHosts(domain, mxHost)
  return {
    status: 'found',
    detail: `MX ${mxHost} (${registrableDomain(mxHost)}); will try ${guesses.map((g) => g.host).join(', ')}`,
    candidates: [],
    guesses,
  }
}
