/**
 * Runs an async job for the latest input only: while one run is in flight, newer inputs replace
 * each other and the last one runs when it ends. Typing fast never queues stale renders, and the
 * newest text is never more than one run behind.
 *
 * With `supersedeAfterMs`, a run that has taken that long while a newer input waits is given up:
 * the newer input starts at once (main cancels the stale run when both name the same preview) and
 * the stale run's result is dropped.
 */
export function latestOnly<I, O>(
  job: (input: I) => Promise<O>,
  onResult: (output: O, input: I) => void,
  options: { supersedeAfterMs?: number } = {},
): { run(input: I): void; cancel(): void } {
  let current: { startedAt: number; timer?: ReturnType<typeof setTimeout> } | null = null
  let pending: { input: I } | null = null
  let generation = 0
  const startPending = () => {
    if (!pending) return
    const next = pending.input
    pending = null
    start(next)
  }
  const start = (input: I) => {
    if (current?.timer !== undefined) clearTimeout(current.timer)
    const run: { startedAt: number; timer?: ReturnType<typeof setTimeout> } = { startedAt: Date.now() }
    current = run
    const mine = generation
    void job(input).then((output) => {
      if (current !== run) return // superseded: a newer run took its place
      if (run.timer !== undefined) clearTimeout(run.timer)
      current = null
      // Shown even when a newer input waits: it is still newer than what is on screen.
      if (mine === generation) onResult(output, input)
      startPending()
    })
  }
  return {
    run(input) {
      if (!current) return start(input)
      pending = { input }
      const limit = options.supersedeAfterMs
      if (limit === undefined || current.timer !== undefined) return
      const run = current
      run.timer = setTimeout(
        () => {
          if (current === run) startPending()
        },
        Math.max(0, run.startedAt + limit - Date.now()),
      )
    },
    cancel() {
      generation++
      pending = null
    },
  }
}
