import type { TranscriptLine } from '../../../../shared/contract'
import { redactText } from '../../errors/redact-secrets'
import { redactClientLine, trackServerLine, type AuthRedactionState } from './redact-command'

export interface TranscriptRecorderOptions {
  /** Every form of the secret (see secretForms): replaced wherever it appears, in any direction. */
  secrets: string[]
  /** performance.now() at the start of the run; lines carry milliseconds since then. */
  startedAt?: number
  /** Called with each line as it is recorded (already redacted). */
  onLine?: (line: TranscriptLine) => void
}

/**
 * Keeps the SMTP conversation line by line with credentials already redacted, so nothing that
 * leaves the recorder (report, event, log, clipboard) can carry them.
 */
export class TranscriptRecorder {
  private readonly recorded: TranscriptLine[] = []
  private readonly auth: AuthRedactionState = { inAuth: false }
  private readonly startedAt: number

  constructor(private readonly options: TranscriptRecorderOptions) {
    this.startedAt = options.startedAt ?? performance.now()
  }

  /** A line the client sent (without CRLF). */
  client(line: string): void {
    this.add('client', redactClientLine(line, this.auth))
  }

  /** A line the server sent (without CRLF); multi-line replies are recorded one line each. */
  server(line: string): void {
    trackServerLine(line, this.auth)
    this.add('server', line)
  }

  /** A note about the connection: "TLS started", "connected to 127.0.0.1:587". */
  info(text: string): void {
    this.add('info', text)
  }

  lines(): TranscriptLine[] {
    return this.recorded.map((line) => ({ ...line }))
  }

  private add(direction: TranscriptLine['direction'], text: string): void {
    const line = {
      direction,
      text: redactText(text, this.options.secrets),
      atMs: Math.round(performance.now() - this.startedAt),
    }
    this.recorded.push(line)
    this.options.onLine?.(line)
  }
}
