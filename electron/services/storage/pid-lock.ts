import { createHash, randomBytes } from 'node:crypto'
import { link, readFile, rm, writeFile } from 'node:fs/promises'

/**
 * Claims something across processes (the app and the CLI share the data folder): a lock file
 * created exclusively, naming our pid and a nonce. A lock whose process is gone is taken over, and
 * only by one process: see takeOver. Returns the release function, or undefined when another
 * process holds the lock (or is taking it over right now).
 */
export async function acquirePidLock(path: string): Promise<(() => Promise<void>) | undefined> {
  const mine = `${process.pid} ${randomBytes(8).toString('hex')}`
  for (let tries = 0; tries < 5; tries++) {
    if (await createExclusive(path, mine)) return () => releaseIfOurs(path, mine)
    const seen = await readLock(path)
    if (seen === undefined) continue // released in between: try again
    if (isAlive(pidOf(seen))) return undefined
    if (!(await takeOver(path, seen, mine))) return undefined
  }
  return undefined
}

/**
 * Removes a stale lock so that it can be claimed again, safely against another process doing the
 * same. Removing is the dangerous step (a process that read the stale content a moment ago could
 * remove a fresh lock instead), so it happens only under a marker file named after the stale
 * content, created exclusively: one process per stale lock gets it, re-checks the lock still holds
 * that content, and removes it. The claim itself is the exclusive create in acquirePidLock, so at
 * most one process wins it. Returns false when another process is taking the lock over.
 */
async function takeOver(path: string, stale: string, mine: string): Promise<boolean> {
  const marker = `${path}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`
  if (!(await createExclusive(marker, mine))) {
    const holder = await readLock(marker)
    // A marker whose process died mid-takeover (a crash in a window of microseconds) would block the lock for good.
    if (holder !== undefined && !isAlive(pidOf(holder))) await rm(marker, { force: true })
    return false
  }
  try {
    if ((await readLock(path)) === stale) await rm(path, { force: true })
    return true
  } finally {
    await rm(marker, { force: true })
  }
}

/** True when a live process (this one or another) holds the lock at `path`. */
export async function isPidLockHeld(path: string): Promise<boolean> {
  const content = await readLock(path)
  return content !== undefined && isAlive(pidOf(content))
}

/**
 * Creates `path` with `content` only if it does not exist, content and all at once: written to a
 * temporary file, then hard-linked into place (link fails when the name exists), so no process
 * ever reads a half-written lock.
 */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(temp, content, { mode: 0o600 })
  try {
    await link(temp, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    await rm(temp, { force: true })
  }
}

/** Our own lock only: a lock taken over from us (we were thought dead) is not ours to remove. */
async function releaseIfOurs(path: string, mine: string): Promise<void> {
  if ((await readLock(path)) === mine) await rm(path, { force: true })
}

/** The lock's content, or undefined when there is none. */
async function readLock(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function pidOf(content: string): number {
  return Number(content.split(' ')[0])
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export const internals = { takeOver, pidOf }
