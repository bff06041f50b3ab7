import type { AppError, TestStep, TestStepId } from '../../../../shared/contract'
import { toAppError, type ErrorContext } from '../../errors/to-app-error'
import { isAbortError } from './smtp-client/smtp-errors'

type Detail = TestStep['details'][number]

/** What a step reports when it ends without failing. */
export interface StepOutcome {
  status?: 'ok' | 'warning'
  summary: string
  details?: Detail[]
}

/** A failure that carries details for its step (the certificate that was refused, ...). */
export class StepFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly details: Detail[],
  ) {
    super(error instanceof Error ? error.message : String(error))
  }
}

export const stepLabels: Record<TestStepId, string> = {
  resolve: 'Resolve the server name',
  connect: 'Connect',
  tls: 'TLS handshake',
  ehlo: 'EHLO (capabilities)',
  auth: 'Authentication',
  envelope: 'Sender and recipients',
  message: 'Test message',
  imap: 'IMAP (connect, TLS, login, Sent folder)',
}

export interface StepRunnerOptions {
  onStep?: (step: TestStep) => void
  signal?: AbortSignal
  errorContext: ErrorContext
  /** Applied to every summary and detail value (secrets out). */
  redact: (text: string) => string
}

/**
 * Runs the test's steps in order: each emits `running`, then its final status with the time it
 * took. After the first failure (or a cancel) every later step is recorded as skipped.
 */
export class StepRunner {
  readonly steps: TestStep[] = []
  /** Why the run stopped, as a typed error with advice; undefined when it did not fail. */
  error?: AppError
  cancelled = false

  constructor(private readonly options: StepRunnerOptions) {}

  get stopped(): boolean {
    return this.error !== undefined || this.cancelled
  }

  /** Runs one step; resolves false when the run has stopped (this step or an earlier one). */
  async run(id: TestStepId, body: () => Promise<StepOutcome>): Promise<boolean> {
    if (this.stopped) {
      this.skip(id)
      return false
    }
    const started = performance.now()
    const elapsed = () => Math.round(performance.now() - started)
    this.emit({ id, label: stepLabels[id], status: 'running', elapsedMs: 0, summary: '', details: [] }, false)
    try {
      if (this.options.signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
      const outcome = await body()
      this.emit({
        id,
        label: stepLabels[id],
        status: outcome.status ?? 'ok',
        elapsedMs: elapsed(),
        summary: outcome.summary,
        details: outcome.details ?? [],
      })
      return true
    } catch (thrown) {
      const cause = thrown instanceof StepFailure ? thrown.error : thrown
      const details = thrown instanceof StepFailure ? thrown.details : []
      if (isAbortError(cause) || this.options.signal?.aborted) {
        this.cancelled = true
        this.emit({
          id,
          label: stepLabels[id],
          status: 'cancelled',
          elapsedMs: elapsed(),
          summary: 'Cancelled',
          details,
        })
        return false
      }
      this.error = toAppError(cause, this.options.errorContext)
      const advice = [
        ...(this.error.response ? [{ label: 'Server reply', value: this.error.response }] : []),
        ...(this.error.hint ? [{ label: 'What to do', value: this.error.hint }] : []),
      ]
      this.emit({
        id,
        label: stepLabels[id],
        status: 'failed',
        elapsedMs: elapsed(),
        summary: this.error.message,
        details: [...details, ...advice],
      })
      return false
    }
  }

  /** Records a step that does not apply (no AUTH, no envelope asked for) or cannot run any more. */
  skip(id: TestStepId, reason = 'Not needed'): void {
    const summary = this.cancelled
      ? 'Not run: the test was cancelled'
      : this.error
        ? 'Not run: an earlier step failed'
        : reason
    this.emit({ id, label: stepLabels[id], status: 'skipped', elapsedMs: 0, summary, details: [] })
  }

  private emit(step: TestStep, final = true): void {
    const { redact } = this.options
    const clean: TestStep = {
      ...step,
      summary: redact(step.summary),
      details: step.details.map((d) => ({ label: d.label, value: redact(d.value) })),
    }
    if (final) this.steps.push(clean)
    this.options.onStep?.(clean)
  }
}
