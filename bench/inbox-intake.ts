import { spawn } from 'node:child_process'
import nodemailer from 'nodemailer'
import { LocalInbox } from '../electron/services/inbox/local-inbox'
import { createFileLogger } from '../electron/services/log/logger'
import { tempHome } from '../tests/helpers/temp-home'
import { judged } from './figures'
import { postfixTools } from './postfix-tools'

const messages = 2000
const connections = 5
/** What issue 19 asks of `inbox serve`: a load test's intake, per second. */
const target = 1000 // issue 19

/**
 * Intake of the local test inbox, as the issue measured it: Postfix's `smtp-source -s 5 -m 2000
 * -l 2048` into the inbox (nodemailer's pool with 5 connections where smtp-source cannot be had),
 * from the first connection until every message is listed. The server answers 250 once the .eml
 * is fsynced; parsing, authentication results and the (batched) index lines follow.
 */
export async function run(): Promise<void> {
  const home = tempHome('sendsmith-bench-')
  const inbox = new LocalInbox({
    dataDir: home,
    logger: createFileLogger(home),
    limits: { maxMessages: 5000, maxTotalBytes: 1024 ** 3 },
  })
  const { port } = await inbox.start({ port: 0 })
  const postfix = postfixTools()
  const client = postfix ? 'smtp-source -s 5 -m 2000 -l 2048' : `nodemailer pool, ${connections} connections`
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: port!,
    secure: false,
    pool: true,
    maxConnections: connections,
    maxMessages: Infinity,
  })
  const send = (i: number) =>
    transport.sendMail({
      from: 'load@example.test',
      to: `user${i}@example.test`,
      subject: `Load message ${i}`,
      text: `Message ${i} of a load test.\n${'Some text for the body. '.repeat(80)}`,
    })
  await Promise.all(Array.from({ length: 20 }, (_, i) => send(i))) // warm-up: connections, JIT
  await inbox.clear()
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  if (postfix) await smtpSource(postfix, port!)
  else await Promise.all(Array.from({ length: messages }, (_, i) => send(i)))
  const acknowledgedSeconds = (performance.now() - started) / 1000
  // The index lines follow the 250s: the clock stops once every message is listed.
  const stored = (await inbox.list()).length
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  // The machine may be shared: CPU time of this process (the inbox) says what the code costs.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  transport.close()
  await inbox.stop()
  const rate = messages / seconds
  const verdict = judged({
    figure: `test inbox intake: ${client}, all stored and listed`,
    measured: `${rate.toFixed(0)} msg/s`,
    target: `≥ ${target.toLocaleString('en')} msg/s`,
    met: rate >= target && stored === messages,
  })
  console.log(`\nLocal inbox intake: ${messages} messages from ${client}`)
  console.log(
    `  ${rate.toFixed(0)} messages/s (${seconds.toFixed(2)} s until all ${stored} listed)   target >= ${target}/s: ${verdict}`,
  )
  console.log(
    `  acknowledged (the last 250, each .eml fsynced): ${(messages / acknowledgedSeconds).toFixed(0)} messages/s (${acknowledgedSeconds.toFixed(2)} s)`,
  )
  console.log(
    `  CPU of the inbox${postfix ? '' : ' and the client'}: ${cpuSeconds.toFixed(2)} s, ${((cpuSeconds / messages) * 1000).toFixed(2)} ms per message (${(messages / cpuSeconds).toFixed(0)} messages per CPU second)`,
  )
}

/** smtp-source in its own process (the inbox runs in this one, so never a synchronous spawn). */
function smtpSource(postfix: NonNullable<ReturnType<typeof postfixTools>>, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      postfix.source,
      ['-s', String(connections), '-m', String(messages), '-l', '2048'].concat([
        '-f',
        'load@example.test',
        '-t',
        'user@example.test',
        `127.0.0.1:${port}`,
      ]),
      { env: postfix.env, stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let errors = ''
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`smtp-source exited ${code}: ${errors}`))))
  })
}
