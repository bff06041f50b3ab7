/**
 * Every figure a bench judges against a target goes through `judged`: it prints the figure's line
 * with its target and "met" or "NOT met", and records it for the summary table that
 * `npm run bench` prints at the end (README keeps one run of that table). Each bench is bundled on
 * its own, so the records live on globalThis, where bench/run-bench.mjs reads them.
 */
export interface JudgedFigure {
  figure: string
  measured: string
  target: string
  met: boolean
}

const records = ((globalThis as { __benchFigures?: JudgedFigure[] }).__benchFigures ??= [])

/** Records a figure and returns its verdict, `met` or `NOT met`, for the bench's own line. */
export function judged(figure: JudgedFigure): string {
  records.push(figure)
  return figure.met ? 'met' : 'NOT met'
}
