import { randomBytes } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createServer, type Server } from 'node:net'
import nodemailer from 'nodemailer'
import { afterEach, describe, expect, it } from 'vitest'
import { createRouter } from '../../../../electron/main/router'
import type { AppServices } from '../../../../electron/services/app-services'
import { ensureLocalInboxAccount } from '../../../../electron/services/inbox/default-account'
import { LocalInbox, type InboxServeOptions } from '../../../../electron/services/inbox/local-inbox'
import { InboxStore, type InboxLimits } from '../../../../electron/services/inbox/inbox-store'
import type { DnsResolver } from '../../../../electron/services/domain-check/dns-resolver'
import { createFileLogger } from '../../../../electron/services/log/logger'
import { openConfSettings } from '../../../../electron/services/settings/open-conf-settings'
import { contract, resultSchema, type InboxSummary } from '../../../../shared/contract'
import { testServices } from '../../../helpers/services'
import { tempHome } from '../../../helpers/temp-home'
import { expectCode, RawSmtpClient } from './raw-smtp-client'

const running: { stop(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()))
})

async function startInbox(options: Partial<InboxServeOptions> = {}, limits?: InboxLimits, home = tempHome()) {
  const received: InboxSummary[] = []
  const inbox = new LocalInbox({
    dataDir: home,
    logger: createFileLogger(home),
    onReceived: (s) => received.push(s),
    ...(limits && { limits }),
  })
  running.push(inbox)
  const status = await inbox.start({ port: 0, ...options })
  return { inbox, status, port: status.port!, received, home }
}

function mail(subject: string, extra: Record<string, unknown> = {}) {
  return {
    from: 'Ada Lovelace <ada@example.test>',
    to: 'bob@example.test',
    subject,
    text: `Body of ${subject}`,
    html: `<p>Body of <b>${subject}</b></p>`,
    ...extra,
  }
}

const plainMessage = (subject: string) =>
  `From: carol@example.test\r\nTo: dave@example.test\r\nSubject: ${subject}\r\n\r\nHello from a raw socket.\r\n.leading dot line\r\n`

describe('the local test inbox', () => {
  it('receives from nodemailer and from a hand-written socket client, newest first', async () => {
    const { inbox, port, received } = await startInbox()
    await nodemailer.createTransport({ host: '127.0.0.1', port, secure: false }).sendMail(mail('From nodemailer'))
    await RawSmtpClient.deliver(port, {
      from: 'carol@example.test',
      to: ['dave@example.test'],
      data: plainMessage('From a raw socket'),
    })

    const list = await inbox.list()
    expect(list.map((m) => m.subject)).toEqual(['From a raw socket', 'From nodemailer'])
    expect(list[1]).toMatchObject({
      from: '"Ada Lovelace" <ada@example.test>',
      to: ['bob@example.test'],
      envelope: { from: 'ada@example.test', to: ['bob@example.test'] },
      hasAttachments: false,
      snippet: 'Body of From nodemailer',
    })
    expect(received.map((m) => m.id)).toEqual(list.map((m) => m.id).reverse())
    const raw = await inbox.get(list[0].id)
    expect(raw.text).toContain('.leading dot line') // the dot-stuffing was undone
  })

  it('answers 250 only once the index lists the message, so another process sees it with its envelope at once', async () => {
    // DNS for the authentication results hangs until released: the .eml is on disk, its index line cannot be yet.
    let release = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const resolver: DnsResolver = (name) =>
      gate.then(() => {
        throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' })
      })
    try {
      const { port, home } = await startInbox({ dnsResolver: resolver })
      const messages = join(home, 'inbox', 'messages')
      // What another process (`inbox list` in a second terminal) reads the moment the client has its 250.
      const sent = nodemailer
        .createTransport({ host: '127.0.0.1', port, secure: false })
        .sendMail({ ...mail('Acknowledged'), envelope: { from: 'ada@example.test', to: ['erin@example.test'] } })
        .then(async (info) => ({ info, seen: await new InboxStore(home).list('erin@') }))
      await expect.poll(() => readdirSync(messages).filter((name) => name.endsWith('.eml')).length).toBe(1)
      release()
      const { info, seen } = await sent
      const id = /Stored as (\S+)/.exec(info.response)![1]
      expect(seen.map((m) => [m.id, m.subject, m.envelope.to])).toEqual([[id, 'Acknowledged', ['erin@example.test']]])
    } finally {
      release()
    }
  })

  it('offers STARTTLS with its generated certificate and checks fixed credentials', async () => {
    const { inbox, port, status } = await startInbox({
      tls: true,
      auth: { mode: 'fixed', username: 'tester', password: 'pa:ss' },
    })
    expect(status).toMatchObject({
      tls: { enabled: true, fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      auth: { mode: 'fixed', username: 'tester' },
    })
    expect(JSON.stringify(status)).not.toContain('pa:ss')
    const ca = status.tls.pem!
    const transport = (pass: string) =>
      nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        requireTLS: true,
        tls: { ca },
        auth: { user: 'tester', pass },
      })
    await expect(transport('wrong').sendMail(mail('Wrong password'))).rejects.toMatchObject({
      code: 'EAUTH',
      responseCode: 535,
    })
    await transport('pa:ss').sendMail(mail('Signed in over TLS'))
    expect((await inbox.list()).map((m) => m.subject)).toEqual(['Signed in over TLS'])
  })

  it('with STARTTLS on offer, advertises AUTH only after it and refuses a client that tries AUTH in clear', async () => {
    const { inbox, port, status } = await startInbox({
      tls: true,
      auth: { mode: 'fixed', username: 'tester', password: 'pa:ss' },
    })
    const raw = await RawSmtpClient.connect(port)
    try {
      expectCode(await raw.read(), 220)
      const plainEhlo = await raw.command('EHLO plain.example')
      expect(plainEhlo).toContain('STARTTLS')
      expect(plainEhlo).not.toMatch(/AUTH/) // so swaks and friends never send the password in clear
      // A client that sends AUTH anyway is refused, and so is mail without a login.
      expect(await raw.command(`AUTH PLAIN ${Buffer.from('\0tester\0pa:ss').toString('base64')}`)).toMatch(/^5\d\d /)
      const mailFrom = await raw.command('MAIL FROM:<x@example.test>')
      expectCode(mailFrom, 530)
      expect(mailFrom).toContain('STARTTLS')
      // After STARTTLS: AUTH is offered and works.
      await raw.startTls(status.tls.pem!)
      expect(await raw.command('EHLO secure.example')).toMatch(/AUTH PLAIN LOGIN CRAM-MD5/)
      expectCode(await raw.command(`AUTH PLAIN ${Buffer.from('\0tester\0pa:ss').toString('base64')}`), 235)
      expectCode(await raw.command('MAIL FROM:<x@example.test>'), 250)
    } finally {
      raw.destroy()
    }
    expect(await inbox.list()).toEqual([])
  })

  it('lists a message it accepted but cannot parse, and shows its headers and source with the reason', async () => {
    const { inbox, port } = await startInbox()
    // 10,050 MIME parts: more than the parsers take, so the message view cannot be built.
    const parts = Array.from({ length: 10_050 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}`)
    const data = [
      'From: mallory@example.test',
      'To: bob@example.test',
      'Subject: Too many parts',
      'Content-Type: multipart/mixed; boundary=b',
      '',
      ...parts,
      '--b--',
    ].join('\r\n')
    await RawSmtpClient.deliver(port, { from: 'mallory@example.test', to: ['bob@example.test'], data })
    const [listed] = await inbox.list()
    expect(listed).toMatchObject({ subject: 'Too many parts', from: 'mallory@example.test' })
    const message = await inbox.get(listed.id)
    expect(message.parseError).toMatch(/^The message could not be parsed: /)
    expect(message.headers).toEqual(
      expect.arrayContaining([
        { name: 'Subject', value: 'Too many parts' },
        { name: 'To', value: 'bob@example.test' },
      ]),
    )
    expect(message.raw).toContain('part 10049')
    expect(message).toMatchObject({ html: null, text: null, attachments: [], rawTruncated: false })
  })

  it('takes at most 1,000 recipients per message: the 1,001st gets a 452 that says why', async () => {
    const { inbox, port } = await startInbox()
    const raw = await RawSmtpClient.connect(port)
    try {
      expectCode(await raw.read(), 220)
      expectCode(await raw.command('EHLO many.example'), 250)
      expectCode(await raw.command('MAIL FROM:<list@example.test>'), 250)
      // Pipelined, as a bulk sender does: 1,000 accepted, the rest refused.
      raw.write(Array.from({ length: 1005 }, (_, i) => `RCPT TO:<r${i}@example.test>\r\n`).join(''))
      const replies = []
      for (let i = 0; i < 1005; i++) replies.push(await raw.read())
      expect(replies.slice(0, 1000).every((r) => r.startsWith('250'))).toBe(true)
      expect(replies[1000]).toMatch(/^452 4\.5\.3 Too many recipients: this inbox takes at most 1000 per message/)
      expect(replies.slice(1000).every((r) => r.startsWith('452'))).toBe(true)
      // A repeated address is not a new recipient.
      expectCode(await raw.command('RCPT TO:<r5@example.test>'), 250)
      expectCode(await raw.command('DATA'), 354)
      expectCode(await raw.command(`${plainMessage('Many recipients')}.`), 250)
    } finally {
      raw.destroy()
    }
    const [stored] = await inbox.list()
    expect(stored.envelope.to).toHaveLength(1000)
  })

  it('keeps the certificate across restarts, so a client trusts it once', async () => {
    const first = await startInbox({ tls: true })
    await first.inbox.stop()
    const second = await startInbox({ tls: true }, undefined, first.home)
    expect(second.status.tls.fingerprint).toBe(first.status.tls.fingerprint)
  })

  it('accepts any credentials in "any" mode but still requires a login', async () => {
    const { inbox, port } = await startInbox({ auth: { mode: 'any' } })
    await expect(
      nodemailer
        .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
        .sendMail(mail('No login')),
    ).rejects.toMatchObject({ responseCode: 530 })
    await nodemailer
      .createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: true,
        auth: { user: 'whoever', pass: 'whatever' },
      })
      .sendMail(mail('Any login'))
    expect((await inbox.list()).map((m) => m.subject)).toEqual(['Any login'])
  })

  it('refuses a message over the size limit with 552 and keeps nothing of it', async () => {
    const { inbox, port } = await startInbox({ sizeLimit: 50_000 })
    expect(
      await (async () => {
        const raw = await RawSmtpClient.connect(port)
        await raw.read()
        const ehlo = await raw.command('EHLO big.example')
        raw.destroy()
        return ehlo
      })(),
    ).toContain('SIZE 50000')
    const big = mail('Too big', { text: 'x'.repeat(80_000), html: undefined })
    await expect(
      nodemailer.createTransport({ host: '127.0.0.1', port, secure: false }).sendMail(big),
    ).rejects.toMatchObject({ responseCode: 552 })
    // Even a client that ignores SIZE and sends anyway is refused after the data.
    const raw = await RawSmtpClient.connect(port)
    await raw.read()
    await raw.command('HELO big.example')
    await raw.command('MAIL FROM:<a@example.test>')
    await raw.command('RCPT TO:<b@example.test>')
    expectCode(await raw.command('DATA'), 354)
    for (let i = 0; i < 100; i++) raw.write(`${'y'.repeat(998)}\r\n`)
    expectCode(await raw.command('.'), 552)
    // The session goes on: the next message in the same connection is taken.
    await raw.command('MAIL FROM:<a@example.test>')
    await raw.command('RCPT TO:<b@example.test>')
    await raw.command('DATA')
    expectCode(await raw.command('Subject: small\r\n\r\nfits\r\n.'), 250)
    raw.destroy()
    expect((await inbox.list()).map((m) => m.subject)).toEqual(['small'])
  })

  it('uses a free port when the preferred one is taken, and says which it wanted', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const taken = (blocker.address() as { port: number }).port
    try {
      const { status, port } = await startInbox({ port: taken })
      expect(status.requestedPort).toBe(taken)
      expect(port).not.toBe(taken)
      await RawSmtpClient.deliver(port, {
        from: 'a@example.test',
        to: ['b@example.test'],
        data: 'Subject: fallback\r\n\r\nok',
      })
    } finally {
      blocker.close()
    }
  })

  it('rotates out the oldest messages past the count limit', async () => {
    const { inbox, port } = await startInbox({}, { maxMessages: 3, maxTotalBytes: 10 * 1024 * 1024 })
    for (let i = 1; i <= 5; i++)
      await RawSmtpClient.deliver(port, {
        from: 'a@example.test',
        to: ['b@example.test'],
        data: `Subject: number ${i}\r\n\r\nbody ${i}`,
      })
    expect((await inbox.list()).map((m) => m.subject)).toEqual(['number 5', 'number 4', 'number 3'])
  })

  it('keeps serving a good client while another sends junk, a 1 MB line, commands out of order and hangs up', async () => {
    const { inbox, port } = await startInbox()
    const junk = async () => {
      const bad = await RawSmtpClient.connect(port)
      await bad.read()
      // Out of order: data and recipients before any sender or greeting.
      expect(await bad.command('DATA')).toMatch(/^503/)
      expect(await bad.command('RCPT TO:<x@example.test>')).toMatch(/^503/)
      await bad.command('EHLO junk.example')
      expect(await bad.command('RCPT TO:<x@example.test>')).toMatch(/^503/)
      expect(await bad.command('BOGUS command')).toMatch(/^500/)
      bad.write(randomBytes(64 * 1024))
      bad.write('\r\n')
      // One line of a megabyte: the server answers 421 and hangs up rather than buffering it.
      bad.write(Buffer.alloc(1024 * 1024, 'A'))
      await bad.closed()
      // A second junk client gets into DATA and vanishes halfway through.
      const dropper = await RawSmtpClient.connect(port)
      await dropper.read()
      await dropper.command('EHLO dropper.example')
      await dropper.command('MAIL FROM:<drop@example.test>')
      await dropper.command('RCPT TO:<b@example.test>')
      await dropper.command('DATA')
      dropper.write(`Subject: never finished\r\n\r\n${'z'.repeat(200_000)}`)
      await new Promise((r) => setTimeout(r, 20))
      dropper.reset()
    }
    const good = async () => {
      const client = await RawSmtpClient.connect(port)
      expectCode(await client.read(), 220)
      expectCode(await client.command('EHLO good.example'), 250)
      expectCode(await client.command('MAIL FROM:<good@example.test>'), 250)
      expectCode(await client.command('RCPT TO:<b@example.test>'), 250)
      expectCode(await client.command('DATA'), 354)
      // The good client takes its time, so the junk arrives in the middle of its session.
      for (let i = 0; i < 20; i++) {
        client.write(`${i === 0 ? 'Subject: good one\r\n\r\n' : ''}line ${i}\r\n`)
        await new Promise((r) => setTimeout(r, 10))
      }
      expectCode(await client.command('.'), 250)
      await client.command('QUIT')
      client.destroy()
    }
    await Promise.all([junk(), good()])
    // Still up and whole: a new client delivers, and only the two finished messages are stored.
    await nodemailer.createTransport({ host: '127.0.0.1', port, secure: false }).sendMail(mail('after the junk'))
    expect((await inbox.list()).map((m) => m.subject)).toEqual(['after the junk', 'good one'])
    expect(inbox.status().running).toBe(true)
  })

  it('hangs up on a client that sends only unknown commands', async () => {
    const { port } = await startInbox()
    const noisy = await RawSmtpClient.connect(port)
    await noisy.read()
    for (let i = 0; i < 9; i++) expect(await noisy.command(`NOPE${i}`)).toMatch(/^500/)
    expect(await noisy.command('NOPE10')).toMatch(/^421/)
    await noisy.closed()
  })
})

describe('the inbox through the IPC router', () => {
  let services: AppServices
  afterEach(() => services?.inbox.stop())

  it('lists, gets, deletes and clears over the contract, and announces new mail', async () => {
    services = testServices()
    const router = createRouter(services)
    const emitted: string[] = []
    services.events.on((event, payload) => {
      if (event === 'inbox:received') emitted.push((payload as InboxSummary).subject)
    })
    const status = await services.inbox.start({ port: 0 })
    const noEmit = () => {}
    expect(await router.handle('inbox:status', {}, noEmit)).toMatchObject({
      ok: true,
      value: { running: true, host: '127.0.0.1', port: status.port, tls: { enabled: false }, auth: { mode: 'none' } },
    })

    // The app's own send path, through the account made on first start.
    const account = await ensureLocalInboxAccount(services.accounts, openConfSettings(services.dataDir), status.port!)
    expect(account).toBeDefined()
    const pixel = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    )
    await services.mail.send({
      accountId: account!.id,
      to: ['Bob <bob@example.test>'],
      cc: [],
      bcc: ['hidden@example.test'],
      subject: 'Template test',
      html: '<h1>Hello</h1><img src="cid:pixel@sendsmith">',
      attachments: [
        {
          filename: 'notes.txt',
          contentType: 'text/plain',
          contentBase64: Buffer.from('some notes').toString('base64'),
        },
        {
          filename: 'pixel.png',
          contentType: 'image/png',
          contentBase64: pixel.toString('base64'),
          contentId: 'pixel@sendsmith',
        },
      ],
    })
    await RawSmtpClient.deliver(status.port!, {
      from: 'carol@example.test',
      to: ['dave@example.test'],
      data: 'Subject: Invoice 42\r\n\r\nPlease pay.',
    })
    const listed = await router.handle('inbox:list', {}, noEmit)
    // Announced once indexed, which follows the 250 (listing waits for it).
    expect([...emitted].sort()).toEqual(['Invoice 42', 'Template test'])
    const list = resultSchema(contract['inbox:list'].response).parse(listed)
    if (!list.ok) throw new Error(list.error.message)
    expect(list.value.map((m) => m.subject)).toEqual(['Invoice 42', 'Template test'])
    const sent = list.value[1]
    expect(sent).toMatchObject({
      hasAttachments: true,
      envelope: { from: 'you@sendsmith.test', to: ['bob@example.test', 'hidden@example.test'] },
    })

    const reply = resultSchema(contract['inbox:get'].response).parse(
      await router.handle('inbox:get', { id: sent.id }, noEmit),
    )
    if (!reply.ok) throw new Error(reply.error.message)
    const message = reply.value
    expect(message.html).toContain('<h1>Hello</h1>')
    expect(message.html).toContain('data:image/png;base64,') // the cid image, ready for a sandboxed preview
    expect(message.text).toMatch(/hello/i)
    expect(message.headers).toContainEqual({ name: 'Subject', value: 'Template test' })
    expect(message.headers.find((h) => h.name === 'Bcc')).toBeUndefined()
    expect(message.attachments).toEqual(
      expect.arrayContaining([
        { filename: 'notes.txt', contentType: 'text/plain', size: 10, inline: false },
        {
          filename: 'pixel.png',
          contentType: 'image/png',
          size: pixel.length,
          contentId: 'pixel@sendsmith',
          inline: true,
        },
      ]),
    )
    expect(message.mimeTree.contentType).toBe('multipart/mixed')
    const flat = (n: typeof message.mimeTree): string[] => [n.contentType, ...n.children.flatMap(flat)]
    expect(flat(message.mimeTree)).toEqual(
      expect.arrayContaining(['multipart/alternative', 'text/plain', 'text/html', 'image/png']),
    )
    expect(message.raw).toContain('Subject: Template test')
    expect(message.rawTruncated).toBe(false)

    expect(await router.handle('inbox:list', { query: 'INVOICE' }, noEmit)).toMatchObject({
      ok: true,
      value: [{ subject: 'Invoice 42' }],
    })
    expect(await router.handle('inbox:list', { query: 'hidden@example' }, noEmit)).toMatchObject({
      ok: true,
      value: [{ subject: 'Template test' }],
    })
    expect(await router.handle('inbox:get', { id: 'not-an-id' }, noEmit)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'id' },
    })
    expect(await router.handle('inbox:get', { id: '3f1c2b9e-6a4d-4e8f-9b2a-1c3d5e7f9a0b' }, noEmit)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(await router.handle('inbox:delete', { id: sent.id }, noEmit)).toEqual({ ok: true, value: { deleted: true } })
    expect(await router.handle('inbox:delete', { id: sent.id }, noEmit)).toEqual({
      ok: true,
      value: { deleted: false },
    })
    expect(await router.handle('inbox:clear', {}, noEmit)).toEqual({ ok: true, value: { deleted: 1 } })
    expect(await router.handle('inbox:list', {}, noEmit)).toEqual({ ok: true, value: [] })
  })
})
