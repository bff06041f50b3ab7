import { domainToASCII } from 'node:url'
import type { DetectResult, DetectStep, ServerCandidate } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import type { Network } from '../net/network'
import { lookUpAutoconfig } from './autoconfig'
import { describeServer, rankCandidates, securityLabel, uniqueCandidates } from './candidates'
import { abortError, describeFailure, isAbortError, withDeadline } from './deadline'
import { lookUpImapSrv, providerImapCandidates, uniqueImap } from './imap-servers'
import { lookUpMx, type HostGuess } from './mx-guesses'
import { probeServer, type ProbeResult } from './probe'
import { findProviderByDomain, providerCandidates } from './provider-table'
import { lookUpSrv } from './srv-records'

export interface DetectOptions {
  network: Network
  signal?: AbortSignal
  /** Called when a step starts (status running) and when it ends. */
  onStep?: (step: DetectStep) => void
  /** Ports to probe, in order (default 465, 587, 25, 2525); tests map them to local servers. */
  probePorts?: number[]
  probeTimeoutMs?: number
  /** Limit for each DNS query and each autoconfig download (default 5000 ms). */
  lookupTimeoutMs?: number
}

type StepId = DetectStep['id']
type Outcome = Pick<DetectStep, 'status' | 'detail'>

const defaultProbePorts = [465, 587, 25, 2525]
const stepLabels: Record<StepId, string> = {
  providers: 'Known providers',
  autoconfig: 'Autoconfig file',
  srv: 'DNS SRV records',
  mx: 'MX records and guesses',
  probe: 'Probing servers',
}
const stepOrder: StepId[] = ['providers', 'autoconfig', 'srv', 'mx', 'probe']
/** Probes at once: enough to finish 4 hosts x 4 ports in about two timeouts, few enough not to look like a scan. */
const probeConcurrency = 8
/** Earlier sources' candidates checked by the probe step (a provider lists two, autoconfig rarely more). */
const maxVerified = 6

/**
 * Finds the submission server for an email address, in this order, each step reported through
 * onStep with its outcome and time:
 *   1. the built-in provider table; 2. autoconfig files; 3. SRV records; 4. MX records and host
 *   name guesses; 5. probes.
 * Early stop: the first of steps 1-3 that finds servers makes the later lookups 'skipped' (they
 * would only add less authoritative answers); the probe step then only verifies those servers on
 * their own ports (it never scans), correcting TLS/STARTTLS if the server says otherwise. An MX that
 * points at a known provider (Google Workspace, Microsoft 365, ...) counts the same way. Only
 * when nothing authoritative was found are the guessed hosts probed on every probe port, and then
 * only servers that answered become candidates.
 * The probe ports (options.probePorts) apply to guessed hosts only; other candidates are probed
 * on the port their source named.
 * Cancelling (options.signal) never throws: the running and remaining steps become 'cancelled',
 * and the result holds what was found so far with cancelled true. Throws a VALIDATION error only
 * for an address without a domain.
 */
export async function detectSettings(email: string, options: DetectOptions): Promise<DetectResult> {
  const { email: address, domain } = splitAddress(email)
  const probePorts = options.probePorts?.length ? options.probePorts : defaultProbePorts
  const probeTimeoutMs = options.probeTimeoutMs ?? 4000
  const lookup = { timeoutMs: options.lookupTimeoutMs ?? 5000, signal: options.signal }
  const steps = new StepReporter(options.onStep, options.signal)
  let candidates: ServerCandidate[] = []
  let guesses: HostGuess[] = []
  let authority: string | undefined
  let imapCandidates: ServerCandidate[] = []

  const result = (cancelled: boolean): DetectResult => {
    const ranked = uniqueCandidates(rankCandidates(candidates))
    // IMAP (for the copy in Sent): the provider's, else the autoconfig file's, else SRV's.
    const imap = uniqueImap([...providerImapCandidates(ranked), ...imapCandidates])
    return {
      steps: steps.all(),
      candidates: ranked,
      best: ranked[0] ?? null,
      cancelled,
      imapCandidates: imap,
      imap: imap[0] ?? null,
    }
  }

  try {
    await steps.run('providers', `Looking up ${domain} in the built-in list`, async () => {
      const provider = findProviderByDomain(domain)
      if (!provider) return { status: 'nothing', detail: `${domain} is not in the built-in list` }
      candidates = providerCandidates(provider, address, {
        source: 'provider',
        sourceDetail: `${provider.name} (built-in list)`,
      })
      authority = `${provider.name} is in the built-in list`
      return { status: 'found', detail: `${provider.name}: ${candidates.map(describeServer).join(', ')}` }
    })

    if (authority) steps.skip('autoconfig', `Not needed: ${authority}`)
    else
      await steps.run('autoconfig', `Fetching autoconfig.${domain} and ${domain}/.well-known/autoconfig`, async () => {
        const found = await lookUpAutoconfig(options.network, address, domain, lookup)
        candidates = found.candidates
        imapCandidates = found.imapCandidates
        if (found.candidates.length) authority = `found by ${found.candidates[0].sourceDetail}`
        return found
      })

    if (authority) steps.skip('srv', `Not needed: ${authority}`)
    else
      await steps.run('srv', `Looking up _submissions._tcp.${domain} and _submission._tcp.${domain}`, async () => {
        const found = await lookUpSrv(options.network, domain, lookup)
        candidates = found.candidates
        if (found.candidates.length) authority = 'found in SRV records'
        return found
      })

    if (authority) steps.skip('mx', `Not needed: ${authority}`)
    else
      await steps.run('mx', `Looking up the MX records of ${domain}`, async () => {
        const found = await lookUpMx(options.network, domain, address, lookup)
        candidates = found.candidates
        // A provider behind the MX is as good as the table: its servers are checked, nothing guessed.
        guesses = found.candidates.length ? [] : found.guesses
        return found
      })

    await steps.run('probe', probePlan(candidates, guesses, probePorts), async () => {
      // Real servers greet within a second; waiting longer only delays the TLS attempt on port 465.
      const probe = {
        timeoutMs: probeTimeoutMs,
        bannerWaitMs: Math.min(1500, Math.max(200, probeTimeoutMs / 2)),
        signal: options.signal,
      }
      if (candidates.length) {
        const verified = await verifyCandidates(options.network, candidates, probe)
        candidates = verified.candidates
        return verified
      }
      const found = await probeGuesses(options.network, guesses, probePorts, address, {
        ...probe,
        lookupTimeoutMs: lookup.timeoutMs,
      })
      candidates = found.candidates
      return found
    })
    if (imapCandidates.length === 0 && providerImapCandidates(candidates).length === 0)
      imapCandidates = await lookUpImapSrv(options.network, domain, lookup)
  } catch (error) {
    if (!isAbortError(error)) throw error
    steps.cancelRemaining()
    return result(true)
  }
  return result(false)
}

/** The address trimmed and its domain in ASCII (IDNA), lower case; VALIDATION when there is none. */
function splitAddress(email: string): { email: string; domain: string } {
  const trimmed = email.trim()
  const at = trimmed.lastIndexOf('@')
  const domain =
    at > 0
      ? domainToASCII(
          trimmed
            .slice(at + 1)
            .replace(/\.$/, '')
            .toLowerCase(),
        )
      : ''
  if (!domain || !domain.includes('.')) {
    throw new SendsmithError({
      code: 'VALIDATION',
      message: `"${trimmed}" is not an email address with a domain`,
      field: 'email',
      hint: 'Type the full address, such as you@example.com.',
    })
  }
  return { email: trimmed, domain }
}

/** Emits each step's start and end, and remembers the final state of every step for the result. */
class StepReporter {
  private readonly steps = new Map<StepId, DetectStep>()
  private current: { id: StepId; started: number } | undefined

  constructor(
    private readonly onStep: DetectOptions['onStep'],
    private readonly signal: AbortSignal | undefined,
  ) {}

  async run(id: StepId, runningDetail: string, work: () => Promise<Outcome>): Promise<void> {
    if (this.signal?.aborted) throw abortError()
    const started = performance.now()
    this.current = { id, started }
    this.emit({ id, label: stepLabels[id], status: 'running', detail: runningDetail, elapsedMs: 0 })
    let outcome: Outcome
    try {
      outcome = await work()
    } catch (error) {
      if (isAbortError(error)) throw error
      outcome = { status: 'failed', detail: describeFailure(error) }
    }
    this.current = undefined
    this.emit({
      id,
      label: stepLabels[id],
      status: outcome.status,
      detail: outcome.detail,
      elapsedMs: elapsed(started),
    })
  }

  skip(id: StepId, detail: string): void {
    if (this.signal?.aborted) throw abortError()
    this.emit({ id, label: stepLabels[id], status: 'skipped', detail, elapsedMs: 0 })
  }

  /** Ends the running step and every step not reached yet as 'cancelled'. */
  cancelRemaining(): void {
    for (const id of stepOrder) {
      if (this.steps.has(id) && this.steps.get(id)!.status !== 'running') continue
      const elapsedMs = this.current?.id === id ? elapsed(this.current.started) : 0
      this.emit({
        id,
        label: stepLabels[id],
        status: 'cancelled',
        detail: this.current?.id === id ? 'Cancelled while running' : 'Cancelled before it started',
        elapsedMs,
      })
    }
    this.current = undefined
  }

  all(): DetectStep[] {
    return stepOrder.flatMap((id) => (this.steps.has(id) ? [this.steps.get(id)!] : []))
  }

  private emit(step: DetectStep): void {
    this.steps.set(step.id, step)
    this.onStep?.(step)
  }
}

const elapsed = (started: number) => Math.round(performance.now() - started)

/**
 * Probes each earlier candidate on its own port. A confirmed one is marked verified; if the server
 * speaks the other kind of TLS, the candidate is corrected (the server is the truth); if it offers
 * no encryption where the source promised some, it stays as the source said, unverified, with a
 * warning, because a downgrade is what an attacker on the network would cause.
 */
async function verifyCandidates(
  network: Network,
  candidates: ServerCandidate[],
  probe: ProbeSettings,
): Promise<Outcome & { candidates: ServerCandidate[] }> {
  const targets = uniqueTargets(candidates).slice(0, maxVerified)
  const results = await runPool(
    targets.map((t) => () => probeServer(network, t.host, t.port, probe)),
    probeConcurrency,
  )
  const byTarget = new Map(results.map((r) => [`${r.host}:${r.port}`, r]))
  const updated = candidates.map((candidate): ServerCandidate => {
    const result = byTarget.get(`${candidate.host}:${candidate.port}`)
    if (!result?.ok) return candidate
    if (result.security === candidate.security) return { ...candidate, verified: true }
    if (result.security === 'none') {
      return {
        ...candidate,
        notes: [
          ...candidate.notes,
          `When probed, ${candidate.host}:${candidate.port} did not offer STARTTLS; something on this network may be removing it. Keep ${securityLabel(candidate.security)}.`,
        ],
      }
    }
    return {
      ...candidate,
      security: result.security,
      verified: true,
      notes: [
        ...candidate.notes,
        `The ${candidate.source === 'provider' ? 'built-in list' : candidate.source} said ${securityLabel(candidate.security)}, but the server speaks ${securityLabel(result.security)} on port ${candidate.port}.`,
      ],
    }
  })
  const confirmed = updated.filter((c) => c.verified)
  return { status: confirmed.length ? 'found' : 'nothing', detail: probeDetail(results), candidates: updated }
}

type ProbeSettings = { timeoutMs: number; bannerWaitMs: number; signal?: AbortSignal }

/** Probes guessed hosts on every probe port; only servers that answered SMTP become candidates. */
async function probeGuesses(
  network: Network,
  guesses: HostGuess[],
  ports: number[],
  email: string,
  probe: ProbeSettings & { lookupTimeoutMs: number },
): Promise<Outcome & { candidates: ServerCandidate[] }> {
  if (guesses.length === 0) return { status: 'skipped', detail: 'Nothing to probe', candidates: [] }
  // Resolve each name once, so a missing host costs one lookup instead of one per port.
  const resolved = await Promise.all(
    guesses.map(async (guess) => {
      try {
        const addresses = await withDeadline(network.lookup(guess.host), {
          timeoutMs: probe.lookupTimeoutMs,
          signal: probe.signal,
          what: guess.host,
        })
        return { guess, error: addresses.length ? undefined : 'no such host' }
      } catch (error) {
        if (probe.signal?.aborted) throw abortError()
        return { guess, error: describeFailure(error) }
      }
    }),
  )
  const live = resolved.filter((r) => !r.error).map((r) => r.guess)
  // Port-major order: a submission port on the second host beats port 25 on the first.
  const targets = ports.flatMap((port) => live.map((guess) => ({ guess, port })))
  const results = await runPool(
    targets.map(
      ({ guess, port }) =>
        () =>
          probeServer(network, guess.host, port, probe),
    ),
    probeConcurrency,
  )
  const candidates = results.flatMap((result, index): ServerCandidate[] =>
    result.ok
      ? [
          {
            host: result.host,
            port: result.port,
            security: result.security,
            source: 'guess',
            sourceDetail: `${targets[index].guess.sourceDetail}, confirmed by a probe`,
            username: email,
            notes:
              result.security === 'none'
                ? ['The server offers no encryption here: your password would cross the network readable.']
                : [],
            verified: true,
          },
        ]
      : [],
  )
  const missing = resolved.filter((r) => r.error).map((r) => `${r.guess.host} (${r.error})`)
  const detail = [probeDetail(results), missing.length ? `Not found: ${missing.join(', ')}` : '']
    .filter(Boolean)
    .join('. ')
  return { status: candidates.length ? 'found' : 'nothing', detail, candidates }
}

/** The probe step's running line: what it is about to connect to. */
function probePlan(candidates: ServerCandidate[], guesses: HostGuess[], ports: number[]): string {
  if (candidates.length)
    return `Connecting to ${uniqueTargets(candidates)
      .slice(0, maxVerified)
      .map((t) => `${t.host}:${t.port}`)
      .join(', ')}`
  if (guesses.length) return `Connecting to ${guesses.map((g) => g.host).join(', ')} on ports ${ports.join(', ')}`
  return 'Nothing to probe'
}

/** "Confirmed smtp.example.com:465 SSL/TLS. No answer: smtp.example.com:25 (timed out)". */
function probeDetail(results: ProbeResult[]): string {
  const ok = results.filter((r): r is Extract<ProbeResult, { ok: true }> => r.ok)
  const failed = results.filter((r): r is Extract<ProbeResult, { ok: false }> => !r.ok)
  const parts: string[] = []
  if (ok.length) parts.push(`Confirmed ${ok.map(describeServer).join(', ')}`)
  if (failed.length) {
    const shown = failed.slice(0, 6).map((r) => `${r.host}:${r.port} (${r.reason})`)
    parts.push(
      `No SMTP at ${shown.join(', ')}${failed.length > shown.length ? ` and ${failed.length - shown.length} more` : ''}`,
    )
  }
  return parts.join('. ') || 'Nothing to probe'
}

function uniqueTargets(servers: { host: string; port: number }[]): { host: string; port: number }[] {
  const seen = new Set<string>()
  return servers
    .filter((t) => !seen.has(`${t.host}:${t.port}`) && seen.add(`${t.host}:${t.port}`))
    .map(({ host, port }) => ({ host, port }))
}

/** Runs tasks with at most `limit` at a time, results in task order. */
async function runPool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}
