import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { SendsmithError } from '../errors/app-error'

/** How long a writer waits for another process (the app or a CLI) to finish with settings.json. */
const waitLimitMs = 10_000
/** A lock older than this whose owner cannot be checked is taken over (a crashed writer on another host). */
const staleAfterMs = 30_000

const held = new Map<string, number>()
const pause = new Int32Array(new SharedArrayBuffer(4))

/**
 * Runs `work` while holding `<settings file>.lock`, so the app and CLI processes never interleave a
 * read-modify-write of the settings file (two concurrent `accounts add` used to lose one). The lock
 * is a file created exclusively with our pid; a lock whose process is gone is taken over. Synchronous
 * on purpose: the work is a read and a write of one small file, and callers stay synchronous.
 * Re-entrant within one process.
 */
export function withSettingsLock<T>(settingsPath: string, work: () => T): T {
  const lockPath = `${settingsPath}.lock`
  const depth = held.get(lockPath) ?? 0
  if (depth === 0) acquire(lockPath)
  held.set(lockPath, depth + 1)
  try {
    return work()
  } finally {
    if (depth === 0) {
      held.delete(lockPath)
      rmSync(lockPath, { force: true })
    } else held.set(lockPath, depth)
  }
}

function acquire(lockPath: string): void {
  const started = Date.now()
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') throw error
      if (code !== 'EEXIST') throw error
    }
    if (isAbandoned(lockPath)) {
      rmSync(lockPath, { force: true })
      continue
    }
    if (Date.now() - started > waitLimitMs)
      throw new SendsmithError({
        code: 'TIMEOUT',
        message: `Another Sendsmith process has held the settings file for over ${waitLimitMs / 1000} s`,
        hint: `If no Sendsmith app or command is running, delete ${lockPath} and try again.`,
      })
    // Another writer holds it for a few milliseconds: wait a little, longer each time.
    Atomics.wait(pause, 0, 0, Math.min(2 ** attempt, 50))
  }
}

function isAbandoned(lockPath: string): boolean {
  let pid: number
  try {
    pid = Number(readFileSync(lockPath, 'utf8'))
  } catch {
    return false // just released, or being written: try again
  }
  if (!Number.isInteger(pid) || pid <= 0) return ageMs(lockPath) > staleAfterMs
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs
  } catch {
    return 0
  }
}
