/**
 * Runs an async job for the latest input only: while one run is in flight, newer inputs replace
 * each other and the last one runs when it ends. Typing fast never queues stale renders, and the
 * newest text is never more than one run behind.
 */
export function latestOnly<I, O>(
  job: (input: I) => Promise<O>,
  onResult: (output: O, input: I) => void,
): { run(input: I): void; cancel(): void } {
  let running = false
  let pending: { input: I } | null = null
  let generation = 0
  const start = (input: I) => {
    running = true
    const mine = generation
    void job(input).then((output) => {
      running = false
      // Shown even when a newer input waits: it is still newer than what is on screen.
      if (mine === generation) onResult(output, input)
      if (pending) {
        const next = pending.input
        pending = null
        start(next)
      }
    })
  }
  return {
    run(input) {
      if (running) pending = { input }
      else start(input)
    },
    cancel() {
      generation++
      pending = null
    },
  }
}
