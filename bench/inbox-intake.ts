import nodemailer from 'nodemailer'
import { LocalInbox } from '../electron/services/inbox/local-inbox'
import { createFileLogger } from '../electron/services/log/logger'
import { tempHome } from '../tests/helpers/temp-home'
import { judged } from './figures'

const messages = 2000
const connections = 5
/** What a later issue asks of `inbox serve`: a load test's intake, per second. */
const target = 1000

/**
 * Intake of the local test inbox: 2,000 messages over 5 pooled connections (nodemailer's pool,
 * as a load test sends), from the first MAIL FROM to the last 250, each stored (.eml fsynced and
 * its index line appended) before the server answers.
 */
export async function run(): Promise<void> {
  const home = tempHome('sendsmith-bench-')
  const inbox = new LocalInbox({
    dataDir: home,
    logger: createFileLogger(home),
    limits: { maxMessages: 5000, maxTotalBytes: 1024 ** 3 },
  })
  const { port } = await inbox.start({ port: 0 })
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
      text: `Message ${i} of a load test.\n${'Some text for the body. '.repeat(20)}`,
    })
  await Promise.all(Array.from({ length: 20 }, (_, i) => send(i))) // warm-up: connections, JIT
  await inbox.clear()
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  await Promise.all(Array.from({ length: messages }, (_, i) => send(i)))
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  // The machine may be shared: CPU time of this process (server and client) says what the code costs.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  const stored = (await inbox.list()).length
  transport.close()
  await inbox.stop()
  const rate = messages / seconds
  console.log(`\nLocal inbox intake: ${messages} messages over ${connections} pooled connections`)
  const verdict = judged({
    figure: `test inbox intake, ${messages.toLocaleString('en')} messages over ${connections} connections, all stored and listed`,
    measured: `${rate.toFixed(0)} msg/s`,
    target: `≥ ${target.toLocaleString('en')} msg/s`,
    met: rate >= target && stored === messages,
  })
  console.log(
    `  ${rate.toFixed(0)} messages/s (${seconds.toFixed(2)} s; ${stored} stored)   target >= ${target}/s: ${verdict}`,
  )
  console.log(
    `  CPU: ${cpuSeconds.toFixed(2)} s for server and client together, ${((cpuSeconds / messages) * 1000).toFixed(2)} ms per message (${(messages / cpuSeconds).toFixed(0)} messages per CPU second)`,
  )
}
