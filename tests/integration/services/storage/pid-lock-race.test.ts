import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { transformSync } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
import { tempHome } from '../../../helpers/temp-home'

// pid_max on Linux is at most 2^22: no process has this pid, so a lock naming it is stale.
const deadPid = 99_999_999

/**
 * A racer: a separate process (pids are what the lock is about) that, on each "go" line, tries
 * the real acquirePidLock and says whether it won; on "release" it lets go.
 */
const racerSource = `
import { createInterface } from 'node:readline'
import { acquirePidLock } from './pid-lock.mjs'
const [path] = process.argv.slice(2)
let release
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'go') {
    release = await acquirePidLock(path)
    process.stdout.write(release ? 'won\\n' : 'lost\\n')
  } else if (line === 'release') {
    await release?.()
    release = undefined
    process.stdout.write('released\\n')
  }
}
`

function startRacer(dir: string, lockPath: string) {
  const child = spawn(process.execPath, [join(dir, 'racer.mjs'), lockPath], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  return {
    child,
    async say(line: string): Promise<string> {
      child.stdin!.write(`${line}\n`)
      const next = await lines.next()
      if (next.done) throw new Error('the racer exited')
      return next.value as string
    },
  }
}

const children: ChildProcess[] = []
afterAll(async () => {
  for (const child of children) {
    child.stdin?.end()
    if (child.exitCode === null) await once(child, 'exit')
  }
})

describe('the pid lock', () => {
  it('two processes racing for one stale lock, 500 rounds: never two owners', async () => {
    const dir = tempHome()
    const source = readFileSync(resolve('electron/services/storage/pid-lock.ts'), 'utf8')
    writeFileSync(join(dir, 'pid-lock.mjs'), transformSync(source, { loader: 'ts', format: 'esm' }).code)
    writeFileSync(join(dir, 'racer.mjs'), racerSource)
    const lockPath = join(dir, 'entry.lock')
    const racers = [startRacer(dir, lockPath), startRacer(dir, lockPath)]
    children.push(...racers.map((r) => r.child))

    const winners: number[] = []
    for (let round = 0; round < 500; round++) {
      writeFileSync(lockPath, `${deadPid} stale-${round}`)
      const answers = await Promise.all(racers.map((r) => r.say('go')))
      const won = answers.filter((a) => a === 'won').length
      winners.push(won)
      expect(won, `round ${round}: ${answers.join(', ')}`).toBeLessThanOrEqual(1)
      for (const [i, answer] of answers.entries()) if (answer === 'won') await racers[i].say('release')
      expect(existsSync(lockPath)).toBe(false)
    }
    expect(winners.filter((w) => w === 1).length).toBeGreaterThan(450)
  }, 120_000)
})
