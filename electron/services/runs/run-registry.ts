import { SendsmithError } from '../errors/app-error'

/** Long runs (detect, test) under the ids the caller chose, so `accounts:cancel` can stop them. */
export class RunRegistry {
  private readonly runs = new Map<string, AbortController>()

  /** Runs `work` with a signal that `cancel(runId)` aborts. */
  async run<T>(runId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.runs.has(runId))
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'runId',
        message: 'A run with this id is already under way',
      })
    const controller = new AbortController()
    this.runs.set(runId, controller)
    try {
      return await work(controller.signal)
    } finally {
      this.runs.delete(runId)
    }
  }

  /** True when a run was under way and is now told to stop. */
  cancel(runId: string): boolean {
    const controller = this.runs.get(runId)
    controller?.abort()
    return controller !== undefined
  }
}
