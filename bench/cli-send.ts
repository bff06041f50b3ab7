import { spawn } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startTestSmtpServer } from '../tests/helpers/smtp-test-server'
import { tempHome } from '../tests/helpers/temp-home'
import { judged } from './figures'

const runs = 5
const target = 1.5
const subject = 'Monthly report'
const text = 'Figures for the month, with a table and a few paragraphs of text.'

/** CPU seconds (user + system, from GNU time) of one process; async, so the SMTP server here can answer it. */
function cpuOf(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/time', ['-f', '%U %S', ...args], { env })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.resume()
    child.on('error', fail)
    child.on('close', (code) => {
      const [user, sys] = (stderr.trim().split('\n').pop() ?? '').split(' ').map(Number)
      if (code !== 0 || Number.isNaN(user)) fail(new Error(`${args.join(' ')} failed: ${stderr}`))
      else done(user + sys)
    })
  })
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
}

/**
 * `sendsmith send` to a local SMTP server against a bare nodemailer script sending the same
 * message to the same server, both as fresh processes: CPU seconds, medians (issue target: at most
 * 1.5x). Needs `npm run build` first.
 */
export async function run(): Promise<void> {
  const smtp = await startTestSmtpServer({ security: 'plain' })
  const home = tempHome('sendsmith-bench-send-')
  const env = { ...process.env, SENDSMITH_HOME: home }
  try {
    const cli = [process.execPath, resolve('out/main/cli.js')]
    await cpuOf(
      [
        ...cli,
        ...['accounts', 'add', '--name', 'Bench', '--email', 'bench@example.test'],
        ...['--host', '127.0.0.1', '--port', String(smtp.port), '--security', 'none'],
      ],
      env,
    )
    // The bare script lives in out/bench so `nodemailer` resolves from the repo's node_modules.
    const script = resolve('out/bench/bare-nodemailer-send.mjs')
    writeFileSync(
      script,
      `import nodemailer from 'nodemailer'
const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ${smtp.port}, secure: false, ignoreTLS: true })
await transport.sendMail({ from: 'bench@example.test', to: 'bob@example.test', subject: ${JSON.stringify(subject)}, text: ${JSON.stringify(text)} })
`,
    )
    const sendArgs = ['send', '--account', 'Bench', '--to', 'bob@example.test', '--subject', subject, '--text', text]
    const sendsmith: number[] = []
    const bare: number[] = []
    for (let i = 0; i < runs; i++) {
      bare.push(await cpuOf([process.execPath, script], env))
      sendsmith.push(await cpuOf([...cli, ...sendArgs], env))
    }
    const ratio = median(sendsmith) / Math.max(median(bare), 0.01)
    const verdict = judged({
      figure: '`sendsmith send` to a local server vs a bare nodemailer script, CPU',
      measured: `${ratio.toFixed(1)}x (${median(sendsmith).toFixed(2)} s vs ${median(bare).toFixed(2)} s)`,
      target: `≤ ${target}x`,
      met: ratio <= target,
    })
    console.log(
      `\nCLI send to a local server (CPU seconds, median of ${runs})\n` +
        `  bare nodemailer script     ${median(bare).toFixed(2)} s\n` +
        `  sendsmith send             ${median(sendsmith).toFixed(2)} s  ratio ${ratio.toFixed(1)}x  target <= ${target}x: ${verdict}`,
    )
    if (smtp.messages.length < runs * 2) throw new Error(`only ${smtp.messages.length} messages arrived`)
  } finally {
    await smtp.close()
    rmSync(home, { recursive: true, force: true })
    rmSync(join('out', 'bench', 'bare-nodemailer-send.mjs'), { force: true })
  }
}
