import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'

export type LogLevel = 'info' | 'warn' | 'error'

/** Structured log lines. Callers pass names, codes and timings, never payloads or secrets. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, string | number | boolean | undefined>): void
  readonly path?: string
}

/** A JSON-lines log file in `<data folder>/logs/sendsmith.log`. */
export function createFileLogger(dataDir: string): Logger {
  const path = join(dataDir, 'logs', 'sendsmith.log')
  mkdirSync(dirname(path), { recursive: true })
  return {
    path,
    log(level, event, fields = {}) {
      appendFileSync(path, `${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`)
    },
  }
}
