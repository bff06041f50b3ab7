import type { MergeLimits } from '../../../shared/contract'

const windows = { perSecond: 1_000, perMinute: 60_000, perHour: 3_600_000 } as const
// Beyond this many messages per window the log would cost more memory than it is worth; spacing alone then keeps to the limit (within one message).
const maxLogged = 200_000

/**
 * Keeps sending within an account's limits. Two rules together: messages are spaced evenly at the
 * tightest limit's pace (20/s -> one every 50 ms, so a rate holds from the first second on, no
 * burst), and for each limit a log of the last N send times makes sure no window of that length
 * ever holds more than N (this also counts sends made before a resume).
 */
export class RateLimiter {
  private interval = 0
  private nextAt = 0
  private logs: { windowMs: number; times: Float64Array; count: number; head: number }[] = []
  private chain: Promise<void> = Promise.resolve()

  constructor(
    limits: MergeLimits = {},
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
  ) {
    this.setLimits(limits)
  }

  /** Replaces the limits (a new run on the same account); sends already made still count. */
  setLimits(limits: MergeLimits, history: number[] = []): void {
    const entries = (Object.keys(windows) as (keyof typeof windows)[]).flatMap((key) =>
      limits[key] ? [{ windowMs: windows[key], n: limits[key]! }] : [],
    )
    this.interval = Math.max(0, ...entries.map((e) => e.windowMs / e.n))
    // Every log holds the same sends; the fullest one has the most of them.
    const fullest = this.logs.reduce<(typeof this.logs)[number] | undefined>(
      (best, log) => (!best || log.count > best.count ? log : best),
      undefined,
    )
    const previous = fullest ? this.times(fullest) : []
    this.logs = entries
      .filter((e) => Math.floor(e.n) >= 1 && e.n <= maxLogged)
      .map((e) => ({ windowMs: e.windowMs, times: new Float64Array(Math.floor(e.n)), count: 0, head: 0 }))
    for (const t of [...previous, ...history].sort((a, b) => a - b)) this.record(t)
  }

  get limited(): boolean {
    return this.interval > 0
  }

  /** Waits for the next free slot and takes it. Callers are served in the order they asked. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.chain.then(() => this.waitForSlot(signal))
    this.chain = turn.catch(() => {})
    return turn
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted()
      const wait = this.delay(this.now())
      if (wait <= 0) break
      await this.sleep(wait, signal)
    }
    const now = this.now()
    this.nextAt = Math.max(now, this.nextAt) + this.interval
    this.record(now)
  }

  /** Milliseconds until a message may go, 0 when it may go now. */
  delay(now: number): number {
    let wait = this.nextAt - now
    for (const log of this.logs) {
      if (log.count < log.times.length) continue
      // The oldest of the last N sends must have left the window.
      const oldest = log.times[log.head]
      wait = Math.max(wait, oldest + log.windowMs - now)
    }
    return wait
  }

  private record(t: number): void {
    for (const log of this.logs) {
      if (log.count < log.times.length) {
        log.times[(log.head + log.count) % log.times.length] = t
        log.count++
      } else {
        log.times[log.head] = t
        log.head = (log.head + 1) % log.times.length
      }
    }
  }

  private times(log: { times: Float64Array; count: number; head: number }): number[] {
    return Array.from({ length: log.count }, (_, i) => log.times[(log.head + i) % log.times.length])
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
