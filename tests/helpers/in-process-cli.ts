import { PassThrough, Readable } from 'node:stream'
import type { AppServices } from '../../electron/services/app-services'
import { runCli } from '../../electron/cli/run-cli'
import type { CliRun } from './run-cli'

/**
 * Runs a `sendsmith` command in this process over the given services, for commands whose network
 * must be the test's (local DNS and HTTPS servers), which a child process could not be given.
 */
export async function runCliInProcess(args: string[], services: AppServices, stdin = ''): Promise<CliRun> {
  const collect = () => {
    const stream = new PassThrough()
    let text = ''
    stream.on('data', (d: Buffer) => (text += d.toString()))
    return { stream, text: () => text }
  }
  const out = collect()
  const err = collect()
  const code = await runCli(args, () => ({
    services,
    stdout: out.stream,
    stderr: err.stream,
    stdin: Readable.from([stdin]),
  }))
  return { code, stdout: out.text(), stderr: err.text() }
}
