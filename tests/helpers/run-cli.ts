import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { afterAll } from 'vitest'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

const bin = resolve(import.meta.dirname, '../../bin/sendsmith.js')

/**
 * A test that times out leaves its CLI running (a merge waiting out a backoff lives for minutes, and the test
 * worker's exit does not end its children): whatever still runs when the test file ends is killed, and no child
 * outlives the longest test timeout by much.
 */
const running = new Set<ChildProcess>()
const longestLife = 120_000
afterAll(() => {
  for (const child of running) child.kill('SIGKILL')
})

/** Runs the built `sendsmith` command as a user would, with its own data folder. */
export function runCli(
  args: string[],
  options: { home: string; stdin?: string; env?: NodeJS.ProcessEnv },
): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...options.env, SENDSMITH_HOME: options.home },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    running.add(child)
    const killer = setTimeout(() => child.kill('SIGKILL'), longestLife)
    killer.unref()
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      running.delete(child)
      clearTimeout(killer)
      resolvePromise({ code: code ?? -1, stdout, stderr })
    })
    child.stdin.end(options.stdin ?? '')
  })
}
