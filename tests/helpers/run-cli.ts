import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

const bin = resolve(import.meta.dirname, '../../bin/sendsmith.js')

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
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }))
    child.stdin.end(options.stdin ?? '')
  })
}
