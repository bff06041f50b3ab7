import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { SendsmithError } from '../errors/app-error'
import { acquirePidLock } from '../storage/pid-lock'

/** How long a refresh waits for another process's refresh of the same account before giving up. */
export const refreshLockWaitMs = 30_000

/**
 * Runs `work` holding the account's refresh lock, shared by every Sendsmith process on this data
 * folder (the app and any CLI). A provider that rotates refresh tokens takes each one once: two
 * processes refreshing with the same one would make the second lose the sign-in (and the provider
 * may revoke the whole grant on the replay). `onWait` is told once when another process holds it.
 */
export async function withRefreshLock<T>(
  dataDir: string,
  accountId: string,
  work: () => Promise<T>,
  onWait?: () => void,
): Promise<T> {
  const dir = join(dataDir, 'oauth')
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, `refresh-${accountId.replace(/[^\w-]/g, '_')}.lock`)
  const deadline = Date.now() + refreshLockWaitMs
  let pause = 20
  let release = await acquirePidLock(path)
  if (!release) onWait?.()
  while (!release) {
    if (Date.now() > deadline)
      throw new SendsmithError({
        code: 'TIMEOUT',
        field: 'oauth',
        message: `Another Sendsmith process has been renewing this account's sign-in for ${refreshLockWaitMs / 1000} s`,
        hint: 'Try again in a moment; if it stays stuck, quit the other Sendsmith (app or command) and try again.',
      })
    // The holder is another process (a lock file, no event to wait on): look again soon, then less often.
    await delay(pause)
    pause = Math.min(pause * 2, 250)
    release = await acquirePidLock(path)
  }
  try {
    return await work()
  } finally {
    await release()
  }
}
