import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'

export type LogLevel = 'info' | 'warn' | 'error'

/** Structured log lines. Callers pass names, codes and timings, never payloads or secrets. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, string | number | boolean | undefined>): void
  readonly path?: string
}

/** How large the log grows: a file is rotated past `maxBytes`, and `keep` older files are kept. */
export interface LogRotation {
  maxBytes: number
  keep: number
}

/** 5 MB and 3 old files: 20 MB at most, however many clients hammer the inbox or the router. */
export const defaultLogRotation: LogRotation = { maxBytes: 5 * 1024 * 1024, keep: 3 }

/**
 * A JSON-lines log file in `<data folder>/logs/sendsmith.log`, rotated by size: past `maxBytes`
 * it becomes `sendsmith.log.1` (the older ones move up to `.keep`, the oldest is removed).
 */
export function createFileLogger(dataDir: string, rotation: LogRotation = defaultLogRotation): Logger {
  const path = join(dataDir, 'logs', 'sendsmith.log')
  mkdirSync(dirname(path), { recursive: true })
  let size = sizeOf(path)
  return {
    path,
    log(level, event, fields = {}) {
      const line = `${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`
      const bytes = Buffer.byteLength(line)
      if (size > 0 && size + bytes > rotation.maxBytes) {
        // The app and the CLI may share the file: rotate only if it is still full (not rotated by the other).
        size = sizeOf(path)
        if (size > 0 && size + bytes > rotation.maxBytes) {
          rotate(path, rotation.keep)
          size = 0
        }
      }
      appendFileSync(path, line, { mode: 0o600 })
      size += bytes
    },
  }
}

/** sendsmith.log.N-1 → .N, ..., sendsmith.log → .1; what would become .keep+1 is removed. */
function rotate(path: string, keep: number): void {
  try {
    rmSync(`${path}.${keep}`, { force: true })
    for (let n = keep - 1; n >= 1; n--) renameIfThere(`${path}.${n}`, `${path}.${n + 1}`)
    if (keep > 0) renameIfThere(path, `${path}.1`)
    else rmSync(path, { force: true })
  } catch {
    // A log that cannot rotate (a read-only folder) must not stop the app: it keeps appending.
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}
