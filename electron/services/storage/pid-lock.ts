import { open, readFile, rm } from 'node:fs/promises'

/**
 * Claims something across processes (the app and the CLI share the data folder): a lock file
 * created exclusively, naming our pid. A lock whose process is gone is taken over. Returns the
 * release function, or undefined when a live process holds the lock.
 */
export async function acquirePidLock(path: string): Promise<(() => Promise<void>) | undefined> {
  for (let tries = 0; tries < 2; tries++) {
    try {
      const file = await open(path, 'wx')
      await file.writeFile(String(process.pid))
      await file.close()
      return () => rm(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (await isPidLockHeld(path)) return undefined
      await rm(path, { force: true })
    }
  }
  return undefined
}

/** True when a live process (this one or another) holds the lock at `path`. */
export async function isPidLockHeld(path: string): Promise<boolean> {
  return isAlive(Number(await readFile(path, 'utf8').catch(() => '0')))
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
