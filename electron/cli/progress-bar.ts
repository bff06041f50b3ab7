/**
 * A one-line progress bar for long work (a merge): redrawn in place on stderr, only when stderr is a
 * terminal. Piped or redirected output gets no bar (no carriage returns in log files), and --json
 * callers never create one: their progress is the JSON lines on stdout.
 */
export interface ProgressFigures {
  /** Work done so far and the whole of it. */
  done: number
  total: number
  /** Items per second; undefined while unknown. */
  ratePerSecond?: number
  /** Seconds left at that rate; undefined while unknown. */
  etaSeconds?: number
  /** A few words after the figures (e.g. "2 failed"). */
  note?: string
}

const barWidth = 24

/** `[##########--------------]  42%  840/2000  120 msg/s  about 10 s left  2 failed` */
export function progressLine(p: ProgressFigures, unit = 'msg/s'): string {
  const share = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0
  const filled = Math.round(share * barWidth)
  const parts = [
    `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`,
    `${String(Math.floor(share * 100)).padStart(3)}%`,
    `${p.done}/${p.total}`,
    p.ratePerSecond === undefined ? '' : `${formatRate(p.ratePerSecond)} ${unit}`,
    p.etaSeconds === undefined ? '' : `about ${formatSeconds(p.etaSeconds)} left`,
    p.note ?? '',
  ]
  return parts.filter((part) => part !== '').join('  ')
}

/** Seconds as a person reads them: `40 s`, `12 min`, `1.5 h`. */
export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`
  if (s < 5400) return `${Math.round(s / 60)} min`
  return `${(s / 3600).toFixed(1)} h`
}

function formatRate(rate: number): string {
  return rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)
}

/** Draws the bar in place on a terminal; on anything else it draws nothing. */
export class ProgressBar {
  private drawn = false

  constructor(private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }) {}

  get enabled(): boolean {
    return this.stream.isTTY === true
  }

  update(p: ProgressFigures): void {
    if (!this.enabled) return
    // Cut to the terminal's width, so a narrow window does not wrap the line and break the redraw.
    const line = progressLine(p).slice(0, Math.max(20, (this.stream.columns || 80) - 1))
    this.stream.write(`\r${line}\x1b[K`)
    this.drawn = true
  }

  /** Removes the bar, so what is printed next starts on a clean line. */
  clear(): void {
    if (!this.drawn) return
    this.stream.write('\r\x1b[K')
    this.drawn = false
  }
}
