import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import { AccountStore } from '../electron/services/accounts/account-store'
import { createKeychain } from '../electron/services/keychain/keychain'
import { createFileLogger } from '../electron/services/log/logger'
import { MergeService } from '../electron/services/merge/merge-service'
import { systemNetwork } from '../electron/services/net/network'
import { openConfSettings } from '../electron/services/settings/open-conf-settings'
import { tempHome } from '../tests/helpers/temp-home'
import { judged } from './figures'
import { postfixTools } from './postfix-tools'

const sessions = 5
const perConnection = 100
const messages = 20_000
const rssRows = 100_000

// About 2.4 KB once built as MIME (text and HTML alternatives), like the issue's measurement.
const template = `<html><head><title>Your March statement, {{name}}</title></head><body>
<h1>Hello {{name}}</h1>
<p>Your statement for March is ready. Account <strong>{{code}}</strong>.</p>
<table><tr><td>Opening balance</td><td>1,204.50</td></tr><tr><td>Payments</td><td>-300.00</td></tr><tr><td>Closing balance</td><td>904.50</td></tr></table>
<p>${'Thank you for staying with us; this paragraph stands for the usual newsletter text. '.repeat(5)}</p>
<p><a href="https://example.test/statements/{{code}}">See the statement online</a></p>
</body></html>`

/**
 * Mail merge throughput on loopback: (a) Sendsmith's merge path (journal on disk, per-recipient
 * MIME from parts built once), (b) a bare nodemailer pool sending the same message with the same
 * sessions and messages per connection, (c) Postfix's smtp-source into smtp-sink as the ceiling.
 * All three send to the same sink. Then the journal's cost, peak RSS for a 100,000-row merge, and
 * how well a 50/s rate limit holds over 10 seconds.
 */
export async function run(): Promise<void> {
  const postfix = postfixTools()
  const sink = await startSink(postfix)
  try {
    console.log(
      `\nMail merge throughput on loopback: ${messages} messages, ${sessions} sessions, ${perConnection} messages per connection, sink: ${sink.name}`,
    )
    const home = tempHome('sendsmith-merge-bench-')
    const list = join(home, 'list.csv')
    writeFileSync(list, csvOf(messages))
    const merge = await mergeSetup(home, sink.port, 'file')

    const a = await mergeRate(merge, list)
    const b = await barePoolRate(sink.port)
    const memory = await mergeRate(await mergeSetup(tempHome('sendsmith-merge-bench-mem-'), sink.port, 'memory'), list)
    const c = postfix ? smtpSourceRate(postfix, sink.port, a.messageBytes, true) : undefined
    const cFresh = postfix ? smtpSourceRate(postfix, sink.port, a.messageBytes, false) : undefined
    console.log(`  message size: ${a.messageBytes} bytes; template merged ${a.mode}`)
    console.log(
      `  (a) Sendsmith merge, journal on disk        ${a.rate.toFixed(0).padStart(6)} msg/s   (+ ${a.validateMs} ms to copy and check the list first)`,
    )
    console.log(`  (b) bare nodemailer pool                     ${b.toFixed(0).padStart(6)} msg/s`)
    console.log(
      `  (c) Postfix smtp-source -d -> smtp-sink      ${c === undefined ? '  unavailable (postfix could not be fetched)' : `${c.toFixed(0).padStart(6)} msg/s`}`,
    )
    if (cFresh !== undefined)
      console.log(`      smtp-source without -d (a new session per message)   ${cFresh.toFixed(0).padStart(6)} msg/s`)
    const pool = judged({
      figure: 'merge throughput vs a bare nodemailer pool (same sessions, same message)',
      measured: `${(a.rate / b).toFixed(2)}x (${a.rate.toFixed(0)} vs ${b.toFixed(0)} msg/s)`,
      target: '≥ 1.0x',
      met: a.rate / b >= 1,
    })
    console.log(
      `  a/b ${(a.rate / b).toFixed(2)} (target >= 1.0: ${pool})${c === undefined ? '' : `   a/c ${(a.rate / c).toFixed(2)} (sessions kept open, as (a) and (b) do)`}${cFresh === undefined ? '' : `   a/c' ${(a.rate / cFresh).toFixed(2)} (a session per message)`}`,
    )
    const journal = a.rate / memory.rate
    const verdict = judged({
      figure: 'merge journal on disk, throughput vs an in-memory journal',
      measured: `${journal.toFixed(2)}x (${a.rate.toFixed(0)} vs ${memory.rate.toFixed(0)} msg/s)`,
      target: '≥ 0.9x (costs at most 10%)',
      met: journal >= 0.9,
    })
    console.log(
      `  journal cost: merge with the journal on disk / in memory: ${journal.toFixed(2)}x the throughput (${memory.rate.toFixed(0)} msg/s in memory)   target >= 0.9x: ${verdict}`,
    )

    const rss = await peakRssOfMerge(sink.port)
    const memoryVerdict = judged({
      figure: `peak RSS of a ${rssRows.toLocaleString('en')}-row merge`,
      measured: `${rss.peakMb.toFixed(0)} MB`,
      target: '< 300 MB',
      met: rss.peakMb < 300,
    })
    console.log(
      `  peak RSS of a ${rssRows.toLocaleString('en')}-row merge (own process): ${rss.peakMb.toFixed(0)} MB (target < 300 MB: ${memoryVerdict}; ${rss.rate.toFixed(0)} msg/s, ${rss.sent} sent)`,
    )

    const limited = await rateLimitHold(merge, home, 50, 500)
    const held = judged({
      figure: 'a merge rate limit of 50/s, measured over 10 s',
      measured: `${limited.rate.toFixed(2)} msg/s (${(((limited.rate - 50) / 50) * 100).toFixed(1)}%)`,
      target: 'within 10%',
      met: Math.abs(limited.rate - 50) <= 5,
    })
    console.log(
      `  rate limit 50/s over ${limited.seconds.toFixed(1)} s: ${limited.rate.toFixed(2)} msg/s (${(((limited.rate - 50) / 50) * 100).toFixed(1)}% off; within 10%: ${held})`,
    )
  } finally {
    sink.stop()
  }
}

interface Sink {
  name: string
  port: number
  stop(): void
}

async function startSink(postfix: ReturnType<typeof postfixTools>): Promise<Sink> {
  const port = await freePort()
  if (postfix) {
    const args = [...(process.getuid?.() === 0 ? ['-u', 'nobody'] : []), `127.0.0.1:${port}`, '1000']
    const child = spawn(postfix.sink, args, { env: postfix.env, stdio: 'ignore' })
    await waitForPort(port)
    return { name: 'Postfix smtp-sink', port, stop: () => child.kill() }
  }
  // Without Postfix: a discarding smtp-server in its own process, so it does not share the client's core.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(import.meta.url)}); m.discardingSink(${port})`,
    ],
    { stdio: 'ignore' },
  )
  await waitForPort(port)
  return { name: 'smtp-server (discarding, own process)', port, stop: () => child.kill() }
}

/** A child process's sink when Postfix is not there. */
export async function discardingSink(port: number): Promise<void> {
  const { SMTPServer } = await import('smtp-server')
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    disableReverseLookup: true,
    onData: (stream, _s, cb) => stream.on('end', () => cb()).resume(),
  })
  server.listen(port, '127.0.0.1')
}

function csvOf(rows: number): string {
  const lines = ['email,name,code']
  for (let i = 1; i <= rows; i++) lines.push(`reader${i}@example.test,Reader ${i},AC-${100000 + i}`)
  return `${lines.join('\n')}\n`
}

async function mergeSetup(home: string, port: number, journal: 'file' | 'memory') {
  const noKeychain = createKeychain({
    getPassword: async () => null,
    setPassword: async () => {},
    deletePassword: async () => false,
  })
  const accounts = new AccountStore(openConfSettings(home), noKeychain)
  const account = await accounts.save({
    name: 'Bench',
    email: 'bench@example.test',
    host: '127.0.0.1',
    port,
    security: 'none',
    auth: false,
    username: '',
    allowInsecureAuth: false,
  })
  const service = new MergeService({
    dataDir: home,
    accounts,
    network: systemNetwork(),
    logger: createFileLogger(home),
    journal,
  })
  return { service, account }
}

async function mergeRate(setup: Awaited<ReturnType<typeof mergeSetup>>, list: string) {
  const { service, account } = setup
  const job = {
    accountId: account.id,
    template: { source: template, kind: 'html' as const },
    subject: 'Your March statement, {{name}}',
    data: { format: 'csv' as const, path: list },
  }
  const preview = await service.preview(job, 1)
  const dry = await service.dryRun({ ...job, data: { format: 'csv', text: csvOf(10) } })
  const started = performance.now()
  let launchedAt = 0
  const { run } = await service.create({ ...job, connections: sessions, messagesPerConnection: perConnection })
  launchedAt = performance.now()
  const final = await service.wait(run!.runId)
  const done = performance.now()
  if (final.sent !== messages) throw new Error(`the merge sent ${final.sent} of ${messages}: ${JSON.stringify(final)}`)
  return {
    rate: (messages * 1000) / (done - launchedAt),
    validateMs: Math.round(launchedAt - started),
    messageBytes: preview.size,
    mode: dry.mode,
  }
}

/** The same message (merged text and HTML, one recipient each) through nodemailer's own pool. */
async function barePoolRate(port: number): Promise<number> {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: sessions,
    maxMessages: perConnection,
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
  })
  const html = template.replace(/\{\{name\}\}/g, 'Reader 1').replace(/\{\{code\}\}/g, 'AC-100001')
  const text = html.replace(/<[^>]+>/g, '')
  const started = performance.now()
  let next = 0
  const worker = async () => {
    while (next < messages) {
      const i = ++next
      await transport.sendMail({
        from: '"Bench" <bench@example.test>',
        to: `reader${i}@example.test`,
        subject: `Your March statement, Reader ${i}`,
        html,
        text,
      })
    }
  }
  await Promise.all(Array.from({ length: sessions * 4 }, worker))
  const rate = (messages * 1000) / (performance.now() - started)
  transport.close()
  return rate
}

function smtpSourceRate(
  postfix: NonNullable<ReturnType<typeof postfixTools>>,
  port: number,
  size: number,
  keepSessions: boolean,
): number {
  const started = performance.now()
  execFileSync(
    postfix.source,
    [
      ...(keepSessions ? ['-d'] : []),
      '-s',
      String(sessions),
      '-m',
      String(messages),
      '-l',
      String(size),
      '-f',
      'bench@example.test',
      '-t',
      'reader@example.test',
      `127.0.0.1:${port}`,
    ],
    { env: postfix.env, stdio: 'ignore' },
  )
  return (messages * 1000) / (performance.now() - started)
}

/** Runs a 100,000-row merge in a child process and reads its peak resident set size. */
async function peakRssOfMerge(port: number): Promise<{ peakMb: number; rate: number; sent: number }> {
  const home = tempHome('sendsmith-merge-rss-')
  const list = join(home, 'list.csv')
  writeFileSync(list, csvOf(rssRows))
  const code = `const m = await import(${JSON.stringify(import.meta.url)}); await m.rssChild(${JSON.stringify(home)}, ${JSON.stringify(list)}, ${port})`
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  })
  return JSON.parse(out.trim().split('\n').at(-1)!) as { peakMb: number; rate: number; sent: number }
}

/** The child's side of peakRssOfMerge: one merge, then its maxRSS as JSON. */
export async function rssChild(home: string, list: string, port: number): Promise<void> {
  const { service, account } = await mergeSetup(home, port, 'file')
  const { run } = await service.create({
    accountId: account.id,
    template: { source: template, kind: 'html' },
    subject: 'Your March statement, {{name}}',
    data: { format: 'csv', path: list },
    connections: sessions,
    messagesPerConnection: perConnection,
  })
  const started = performance.now()
  const final = await service.wait(run!.runId)
  const rate = (final.sent * 1000) / (performance.now() - started)
  process.stdout.write(`${JSON.stringify({ peakMb: process.resourceUsage().maxRSS / 1024, rate, sent: final.sent })}\n`)
}

async function rateLimitHold(
  setup: Awaited<ReturnType<typeof mergeSetup>>,
  home: string,
  perSecond: number,
  count: number,
) {
  const list = join(home, 'limited.csv')
  writeFileSync(list, csvOf(count))
  const { service, account } = setup
  const { run } = await service.create({
    accountId: account.id,
    template: { source: template, kind: 'html' },
    subject: 'Limited, {{name}}',
    data: { format: 'csv', path: list },
    connections: sessions,
    limits: { perSecond },
  })
  const started = performance.now()
  await service.wait(run!.runId)
  const seconds = (performance.now() - started) / 1000
  // count messages in `seconds`: the first goes at once, so count - 1 gaps.
  return { seconds, rate: (count - 1) / seconds }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolvePort(port))
    })
  })
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((r) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        r(true)
      })
      socket.once('error', () => r(false))
    })
    if (open) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`)
}
