import { spawn } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AccountInput, SendRequest } from '../../../shared/contract'
import { runCli } from '../../helpers/run-cli'
import { testServices } from '../../helpers/services'
import { startTestSmtpServer, type TestServerOptions, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { testCertificate } from '../../helpers/test-certificate'
import { tempHome } from '../../helpers/temp-home'

const password = 'outbox-Secret-1'
let servers: TestSmtpServer[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

async function server(options: Partial<TestServerOptions> = {}) {
  const s = await startTestSmtpServer({ security: 'starttls', users: { ada: password }, ...options })
  servers.push(s)
  return s
}

function account(port: number): AccountInput {
  return {
    name: 'Ada',
    email: 'ada@example.test',
    host: 'localhost',
    port,
    security: 'starttls',
    auth: true,
    username: 'ada',
    password,
    allowInsecureAuth: false,
    ca: testCertificate().cert,
  }
}

const message = (accountId: string, subject: string): SendRequest => ({
  accountId,
  to: ['bob@example.test'],
  cc: [],
  bcc: [],
  subject,
  html: `<p>${subject}</p>`,
})
const subjects = (s: TestSmtpServer) => s.messages.map((m) => m.parsed.subject).sort()

/** Runs `sendsmith outbox flush` and kills it (SIGKILL, no clean-up) once `until` holds. */
async function flushAndKill(home: string, until: () => boolean | Promise<boolean>): Promise<void> {
  const child = spawn(process.execPath, [resolve('bin/sendsmith.js'), 'outbox', 'flush'], {
    env: { ...process.env, SENDSMITH_HOME: home },
    stdio: 'ignore',
  })
  const exited = new Promise((r) => child.on('exit', r))
  const deadline = Date.now() + 10_000
  while (!(await until()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
  child.kill('SIGKILL')
  await exited
}

describe('the durable outbox', () => {
  it('writes the message to disk before the first SMTP byte', async () => {
    const smtp = await server()
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port))
    const entry = await services.mail.queue(message(saved.id, 'On disk first'))
    expect(await services.outbox.list()).toMatchObject([
      { id: entry.id, state: 'queued', subject: 'On disk first', attempts: 0 },
    ])
    expect(smtp.rcptCount).toBe(0)
  })

  it('undo send: a message queued with a delay can be taken back before it goes out', async () => {
    const smtp = await server()
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port))
    services.outbox.start()
    try {
      const entry = await services.mail.queueLater({ message: message(saved.id, 'Oops'), delaySeconds: 2 })
      expect(Date.parse(entry.sendAt) - Date.now()).toBeGreaterThan(1_000)
      expect(await services.outbox.cancel(entry.id)).toBe(true)
      await new Promise((r) => setTimeout(r, 2_500))
      expect(smtp.rcptCount).toBe(0)
      expect(await services.outbox.list()).toEqual([])
    } finally {
      services.outbox.stop()
    }
  })

  it('the background worker sends a delayed message when it is due and reports each state', async () => {
    const smtp = await server()
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port))
    const states: string[] = []
    const progress: string[] = []
    services.events.on((event, payload) => {
      if (event === 'outbox:changed') states.push((payload as { state: string }).state)
      if (event === 'send:progress') {
        const { stage, percent } = payload as { stage: string; percent?: number }
        progress.push(percent === undefined ? stage : `${stage} ${percent}%`)
      }
    })
    services.outbox.start()
    try {
      await services.mail.queueLater({ message: message(saved.id, 'Later'), delaySeconds: 1 })
      await smtp.waitForMessages(1, 5_000)
      await expect.poll(() => states.at(-1)).toBe('sent')
      expect(states).toEqual(['queued', 'sending', 'sent'])
      // The worker's delivery is followed too, not only sends started from a window.
      expect(progress[0]).toBe('connecting')
      expect(progress).toContain('authenticating')
      expect(progress.at(-1)).toBe('sending 100%')
    } finally {
      services.outbox.stop()
    }
  })

  it('a server that answers 451 then 250 gets the message once, after a retry', async () => {
    const smtp = await server({ dataReplies: ['tempfail'] })
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port))

    await expect(services.mail.send(message(saved.id, 'Try again'))).rejects.toMatchObject({
      response: expect.stringMatching(/^451 /),
      message: expect.stringMatching(/retrying in [0-9]+ s/),
    })
    const [waiting] = await services.outbox.list()
    expect(waiting).toMatchObject({ state: 'retrying', attempts: 1 })
    expect(Date.parse(waiting.nextAttemptAt!) - Date.now()).toBeGreaterThan(3_000)

    await services.outbox.attempt(waiting.id)
    expect(smtp.dataOutcomes).toEqual(['tempfail', 'accept'])
    expect(subjects(smtp)).toEqual(['Try again'])
    expect(await services.outbox.list()).toEqual([])
    expect(await services.outbox.sent()).toMatchObject([
      { subject: 'Try again', state: 'sent', attempts: 2, result: { accepted: ['bob@example.test'] } },
    ])
  })

  it('the CLI keeps retrying within --wait and exits 0 once the server takes it', async () => {
    const smtp = await server({ dataReplies: ['tempfail'] })
    const home = tempHome()
    await testServices(home).accounts.save(account(smtp.port))
    const run = await runCli(
      ['send', '--to', 'bob@example.test', '--subject', 'Patience', '--text', 'hi', '--wait', '20'],
      { home },
    )
    expect(run.stderr).toMatch(/451 .*retrying in [0-9]+ s/)
    expect(run.code).toBe(0)
    expect(subjects(smtp)).toEqual(['Patience'])
  }, 20_000)

  it('a connection lost after the final "." is "may have been delivered" and is not resent', async () => {
    const smtp = await server({ dataReplies: ['drop'] })
    const services = testServices()
    const saved = await services.accounts.save(account(smtp.port))
    await expect(services.mail.send(message(saved.id, 'Lost reply'))).rejects.toMatchObject({ code: 'MAYBE_DELIVERED' })
    expect(await services.outbox.flush()).toEqual([])
    expect(await services.outbox.list()).toMatchObject([{ state: 'uncertain', dataComplete: true }])
    expect(smtp.dataOutcomes).toEqual(['drop'])

    // Only the user's word sends it again.
    const [entry] = await services.outbox.list()
    await services.outbox.resend(entry.id)
    await services.outbox.flush()
    expect(smtp.dataOutcomes).toEqual(['drop', 'accept'])
  })

  it('after the sending process is killed, queued messages are sent exactly once on restart', async () => {
    const down = await server()
    const port = down.port
    await down.close()
    servers = []
    const home = tempHome()
    const services = testServices(home)
    const saved = await services.accounts.save(account(port))
    for (const subject of ['One', 'Two', 'Three']) await services.mail.queue(message(saved.id, subject))

    // The server is down: the process tries, fails, and is killed while the messages wait.
    await flushAndKill(home, async () => (await services.outbox.list()).every((e) => e.state === 'retrying'))
    expect(await services.outbox.list()).toMatchObject([
      { state: 'retrying' },
      { state: 'retrying' },
      { state: 'retrying' },
    ])
    const smtp = await server()
    // A new server: the password is given again (a moved account drops its secret).
    await services.accounts.save({ ...account(smtp.port), id: saved.id })

    const restart = await runCli(['outbox', 'flush'], { home })
    expect(restart.code).toBe(0)
    expect(subjects(smtp)).toEqual(['One', 'Three', 'Two'])
    expect(await runCli(['outbox', 'flush'], { home })).toMatchObject({ code: 0 })
    expect(subjects(smtp)).toEqual(['One', 'Three', 'Two'])
    expect(await services.outbox.list()).toEqual([])
  })

  it('killed before the data, a message is resent; killed after the final ".", it is kept as uncertain', async () => {
    const beforeData = await server({ stallFirstRcpt: 1 })
    const home = tempHome()
    const services = testServices(home)
    const saved = await services.accounts.save(account(beforeData.port))
    await services.mail.queue(message(saved.id, 'Stalled at RCPT'))
    await flushAndKill(home, () => beforeData.rcptCount === 1)
    expect(await services.outbox.list()).toMatchObject([{ state: 'sending', dataComplete: false }])
    expect((await runCli(['outbox', 'flush'], { home })).code).toBe(0)
    expect(subjects(beforeData)).toEqual(['Stalled at RCPT'])

    const afterData = await server({ dataReplies: ['stall'] })
    // A new server: the password is given again (a moved account drops its secret).
    await services.accounts.save({ ...account(afterData.port), id: saved.id })
    await services.mail.queue(message(saved.id, 'Stalled after data'))
    await flushAndKill(home, () => afterData.messages.length === 1)
    await runCli(['outbox', 'flush'], { home })
    expect(await services.outbox.list()).toMatchObject([
      { subject: 'Stalled after data', state: 'uncertain', lastError: { code: 'MAYBE_DELIVERED' } },
    ])
    expect(subjects(afterData)).toEqual(['Stalled after data'])
  })
})

describe('per-recipient state in the outbox', () => {
  const greylist = (address: string, { seen }: { seen: number }) =>
    address === 'grey@example.test' && seen === 0
      ? { code: 450, message: '4.2.0 Greylisted, try again later' }
      : undefined

  it('450 for one of two recipients: the CLI exits 75 with each recipient in --json, and `outbox flush` sends to the waiting one only', async () => {
    const smtp = await server({ rcptReply: greylist })
    const home = tempHome()
    await testServices(home).accounts.save(account(smtp.port))
    const send = await runCli(
      [
        'send',
        '--to',
        'bob@example.test, grey@example.test',
        '--subject',
        'Grey',
        '--text',
        'hi',
        '--wait',
        '0',
        '--json',
      ],
      { home },
    )
    expect(send.code).toBe(75)
    const json = JSON.parse(send.stdout) as Record<string, unknown>
    expect(json).toMatchObject({
      ok: false,
      outboxId: expect.any(String),
      state: 'retrying',
      recipients: [
        { address: 'bob@example.test', state: 'accepted', response: expect.stringMatching(/^250 /) },
        { address: 'grey@example.test', state: 'waiting', response: '450 4.2.0 Greylisted, try again later' },
      ],
      error: { code: 'RECIPIENT_REFUSED' },
    })
    expect(send.stderr).toMatch(/outbox flush/)
    expect(smtp.deliveries()).toEqual(['bob@example.test'])

    const flush = await runCli(['outbox', 'flush'], { home })
    expect(flush.code).toBe(0)
    expect(smtp.messages.map((m) => m.to)).toEqual([['bob@example.test'], ['grey@example.test']])
    const sent = await testServices(home).outbox.sent()
    expect(sent).toMatchObject([
      {
        id: json.outboxId,
        state: 'sent',
        attempts: 2,
        result: { accepted: ['bob@example.test', 'grey@example.test'] },
      },
    ])
    expect(await testServices(home).outbox.list()).toEqual([])
  }, 30_000)

  it('send --bcc to 200 where the server takes 100 per transaction (452): all 200 served, each once, exit 0', async () => {
    const smtp = await server({
      rcptReply: (_address, { accepted }) =>
        accepted >= 100 ? { code: 452, message: '4.5.3 Error: too many recipients' } : undefined,
    })
    const home = tempHome()
    await testServices(home).accounts.save(account(smtp.port))
    const bcc = Array.from({ length: 200 }, (_, i) => `r${i}@example.test`)
    const run = await runCli(
      ['send', '--to', 'ada@example.test', '--bcc', bcc.join(','), '--subject', 'Many', '--text', 'hi', '--json'],
      { home },
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, rejected: [] })
    // 201 recipients (ada and the 200 Bcc): 100, 100 and 1, in three transactions.
    expect(smtp.messages.map((m) => m.to.length)).toEqual([100, 100, 1])
    expect(smtp.deliveries().sort()).toEqual(['ada@example.test', ...bcc].sort())
  }, 30_000)

  /** Four recipients, two per transaction (452 after two): a process killed in the second transaction. */
  async function killedInSecondTransaction(options: Partial<TestServerOptions>, until: (s: TestSmtpServer) => boolean) {
    const smtp = await server({
      ...options,
      rcptReply: (address, info) =>
        info.accepted >= 2
          ? { code: 452, message: '4.5.3 Too many recipients' }
          : (options.rcptReply?.(address, info) ?? undefined),
    })
    const home = tempHome()
    const services = testServices(home)
    const saved = await services.accounts.save(account(smtp.port))
    const to = ['r0@example.test', 'r1@example.test', 'r2@example.test', 'r3@example.test']
    await services.mail.queue({ ...message(saved.id, 'Killed'), to })
    await flushAndKill(home, () => until(smtp))
    return { smtp, home, services }
  }

  it('SIGKILL at the RCPT TO of a second transaction: the first two keep theirs, the other two get it on restart, each once', async () => {
    const { smtp, home, services } = await killedInSecondTransaction(
      { rcptReply: (address, { seen }) => (address === 'r2@example.test' && seen === 1 ? 'stall' : undefined) },
      (s) => s.messages.length === 1 && s.rcptCount >= 5,
    )
    const [left] = await services.outbox.list()
    expect(left).toMatchObject({ state: 'sending' })
    // The two told "452 too many" wait; the kill came before their own transaction had an answer.
    expect(left.recipients!.map((r) => r.state)).toEqual(['accepted', 'accepted', 'waiting', 'waiting'])
    expect((await runCli(['outbox', 'flush'], { home })).code).toBe(0)
    expect(smtp.deliveries().sort()).toEqual([
      'r0@example.test',
      'r1@example.test',
      'r2@example.test',
      'r3@example.test',
    ])
    expect(await services.outbox.sent()).toMatchObject([
      { result: { accepted: expect.arrayContaining(['r0@example.test', 'r3@example.test']) } },
    ])
  }, 40_000)

  it('SIGKILL after the final "." of a second transaction: those two are uncertain and only the user\'s word resends to them', async () => {
    const { smtp, home, services } = await killedInSecondTransaction(
      { dataReplies: ['accept', 'stall'] },
      (s) => s.messages.length === 2,
    )
    await runCli(['outbox', 'flush'], { home })
    const [entry] = await services.outbox.list()
    expect(entry).toMatchObject({ state: 'uncertain', lastError: { code: 'MAYBE_DELIVERED' } })
    expect(entry.recipients!.map((r) => r.state)).toEqual(['accepted', 'accepted', 'uncertain', 'uncertain'])
    expect(smtp.deliveries()).toEqual(['r0@example.test', 'r1@example.test', 'r2@example.test', 'r3@example.test'])

    await services.outbox.resend(entry.id)
    await services.outbox.flush()
    // Resent to the two that may not have it, never to the two the server took.
    expect(smtp.messages.at(-1)!.to).toEqual(['r2@example.test', 'r3@example.test'])
    expect(smtp.deliveries().filter((a) => a === 'r0@example.test' || a === 'r1@example.test')).toHaveLength(2)
  }, 40_000)
})

describe('an unreadable outbox file', () => {
  it('is moved aside and reported; the other messages are listed and sent, and `outbox list` still works', async () => {
    const smtp = await server()
    const home = tempHome()
    const services = testServices(home)
    const saved = await services.accounts.save(account(smtp.port))
    await services.mail.queue(message(saved.id, 'Good one'))
    const bad = '0b0e5a1e-0000-4000-8000-000000000000'
    writeFileSync(join(home, 'outbox', `${bad}.json`), '{"id": "torn')
    writeFileSync(join(home, 'outbox', `${bad}.eml`), 'Subject: torn\r\n\r\n')
    const hand = '0b0e5a1e-0000-4000-8000-000000000001'
    writeFileSync(join(home, 'outbox', `${hand}.json`), JSON.stringify({ id: hand, state: 'who knows' }))

    const list = await runCli(['outbox', 'list'], { home })
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/queued .*Good one/)
    expect(list.stderr).toContain('2 unreadable outbox file(s) were moved aside')
    expect(readdirSync(join(home, 'outbox', 'quarantine')).sort()).toEqual([
      `${bad}.eml`,
      `${bad}.json`,
      `${hand}.json`,
    ])

    // The background sender is not stopped by them either.
    writeFileSync(join(home, 'outbox', `${bad}.json`), 'not json at all')
    services.outbox.start()
    try {
      await smtp.waitForMessages(1)
      await expect.poll(async () => (await services.outbox.sent()).map((e) => e.subject)).toEqual(['Good one'])
    } finally {
      services.outbox.stop()
    }
    expect(existsSync(join(home, 'outbox', `${bad}.json`))).toBe(false)
  }, 30_000)
})

describe('the outcome rule', () => {
  it('a locked or missing keyring keeps the message: exit 75, "unlock your keyring, then `sendsmith outbox flush`"', async () => {
    const smtp = await server()
    const home = tempHome()
    await testServices(home).accounts.save(account(smtp.port))
    const noKeyring = { DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '' }
    const send = await runCli(
      ['send', '--to', 'bob@example.test', '--subject', 'Kept', '--text', 'hi', '--wait', '0'],
      {
        home,
        env: noKeyring,
      },
    )
    expect(send.code).toBe(75)
    expect(send.stderr).toContain('unlock your keyring, then `sendsmith outbox flush`')
    expect(await testServices(home).outbox.list()).toMatchObject([
      { subject: 'Kept', state: 'retrying', lastError: { code: 'KEYCHAIN_UNAVAILABLE' } },
    ])
    expect(smtp.rcptCount).toBe(0)

    const flush = await runCli(['outbox', 'flush'], { home })
    expect(flush.code).toBe(0)
    expect(subjects(smtp)).toEqual(['Kept'])
  }, 30_000)
})
