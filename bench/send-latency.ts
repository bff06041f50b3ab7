import nodemailer from 'nodemailer'
import { createAppServices } from '../electron/services/app-services'
import { createKeychain } from '../electron/services/keychain/keychain'
import { createFileLogger } from '../electron/services/log/logger'
import { openConfSettings } from '../electron/services/settings/open-conf-settings'
import { startTestSmtpServer } from '../tests/helpers/smtp-test-server'
import { tempHome } from '../tests/helpers/temp-home'

const messages = 200
const html = `<h1>Monthly report</h1>${'<p>Figures for the month, with a table and a few paragraphs of text.</p>'.repeat(30)}`

/** Median and 95th percentile of a list of milliseconds. */
function summary(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  return { median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.floor(sorted.length * 0.95)] }
}

async function time(count: number, send: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < 10; i++) await send() // warm-up: JIT, TLS session caches, file system
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    await send()
    samples.push(performance.now() - started)
  }
  return samples
}

/**
 * Single-message latency on loopback, from the call to the server's 250 reply: Sendsmith's send
 * (compose, outbox entry fsynced to disk, fresh connection) against a bare nodemailer send of the
 * same message, with a fresh connection and pooled. The ratio is the outbox's cost.
 */
export async function run(): Promise<void> {
  const smtp = await startTestSmtpServer({ security: 'plain' })
  const home = tempHome('sendsmith-bench-')
  // No authentication: the keychain is never asked, so the benchmark needs no Secret Service.
  const noKeychain = createKeychain({
    getPassword: async () => null,
    setPassword: async () => {},
    deletePassword: async () => false,
  })
  const services = createAppServices({
    dataDir: home,
    settings: openConfSettings(home),
    keychain: noKeychain,
    logger: createFileLogger(home),
  })
  const account = await services.accounts.save({
    name: 'Bench',
    email: 'bench@example.test',
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    auth: false,
    username: '',
    allowInsecureAuth: false,
  })
  const message = { from: 'bench@example.test', to: 'bob@example.test', subject: 'Monthly report', html }

  const sendsmith = await time(messages, () =>
    services.mail.send({
      accountId: account.id,
      to: ['bob@example.test'],
      cc: [],
      bcc: [],
      subject: 'Monthly report',
      html,
    }),
  )
  const fresh = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true })
  const bare = await time(messages, () => fresh.sendMail(message))
  const pool = nodemailer.createTransport({
    pool: true,
    maxConnections: 1,
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
  })
  const pooled = await time(messages, () => pool.sendMail(message))
  pool.close()
  await smtp.close()

  const rows = [
    ['Sendsmith send (outbox on disk, fresh connection)', summary(sendsmith)],
    ['bare nodemailer, fresh connection', summary(bare)],
    ['bare nodemailer, pooled connection', summary(pooled)],
  ] as const
  console.log(
    `\nSingle-message latency on loopback, ${messages} messages of ${Buffer.byteLength(html)} bytes of HTML each (ms)`,
  )
  for (const [name, s] of rows)
    console.log(`  ${name.padEnd(52)} median ${s.median.toFixed(2).padStart(7)}   p95 ${s.p95.toFixed(2).padStart(7)}`)
  console.log(
    `  outbox cost: Sendsmith / bare nodemailer (fresh), median: ${(summary(sendsmith).median / summary(bare).median).toFixed(2)}x`,
  )
}
