import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { testCertificate } from '../../helpers/test-certificate'
import { testServices } from '../../helpers/services'

const png = readFileSync('tests/fixtures/pixel.png')
const pdf = readFileSync('tests/fixtures/report.pdf')
let smtp: TestSmtpServer
beforeAll(async () => {
  smtp = await startTestSmtpServer({ security: 'starttls', users: { ada: 'pw-compose' } })
})
afterAll(() => smtp.close())

/** The MIME tree of a raw message as content types, children indented: enough to see the structure. */
function mimeTree(raw: string): string[] {
  return [...raw.matchAll(/^Content-Type: ([\w/-]+)/gim)].map((m) => m[1].toLowerCase())
}

describe('composing a full message', () => {
  it('sends HTML with a generated text part, an inline image as a related part, an attachment, Cc, Bcc, Reply-To, priority and a custom header', async () => {
    const services = testServices()
    const account = await services.accounts.save({
      name: 'Ada',
      email: 'ada@example.test',
      host: 'localhost',
      port: smtp.port,
      security: 'starttls',
      auth: true,
      username: 'ada',
      password: 'pw-compose',
      allowInsecureAuth: false,
      ca: testCertificate().cert,
    })
    await services.mail.send({
      accountId: account.id,
      to: ['Bob <bob@example.test>'],
      cc: ['carol@example.test'],
      bcc: ['hidden@example.test'],
      replyTo: ['team@example.test'],
      subject: 'Figures',
      html: '<h1>Q3</h1><table><tr><td>Sales</td><td>42</td></tr></table><p>See <a href="https://example.test/report">the report</a>.</p><img src="cid:chart@sendsmith" alt="chart">',
      priority: 'high',
      headers: [{ name: 'X-Campaign', value: 'q3-figures' }],
      attachments: [
        { filename: 'report.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') },
        {
          filename: 'chart.png',
          contentType: 'image/png',
          contentBase64: png.toString('base64'),
          contentId: 'chart@sendsmith',
        },
      ],
    })
    const [received] = await smtp.waitForMessages(1)
    const mail = received.parsed

    expect(mimeTree(received.raw)).toEqual([
      'multipart/mixed',
      'multipart/alternative',
      'text/plain',
      'multipart/related',
      'text/html',
      'image/png',
      'application/pdf',
    ])
    expect(mail.text).toContain('Q3')
    expect(mail.text).toContain('the report [https://example.test/report]')
    // mailparser swaps a cid: reference for the related part's bytes: proof the reference resolves.
    expect(mail.html).toContain(`src="data:image/png;base64,${png.toString('base64')}"`)
    expect(received.raw).toMatch(/^Content-ID: <chart@sendsmith>/m)
    const inline = mail.attachments.find((a) => a.contentId === '<chart@sendsmith>')
    expect(inline?.content.equals(png)).toBe(true)
    const file = mail.attachments.find((a) => a.filename === 'report.pdf')
    expect(file?.content.equals(pdf)).toBe(true)
    expect(mail.replyTo?.value).toEqual([{ name: '', address: 'team@example.test' }])
    expect(received.raw).toMatch(/^X-Priority: 1 \(Highest\)/m)
    expect(received.raw).toMatch(/^Importance: High/m)
    expect(mail.headers.get('x-campaign')).toBe('q3-figures')
    expect(received.to.sort()).toEqual(['bob@example.test', 'carol@example.test', 'hidden@example.test'])
    expect(received.raw).not.toMatch(/^bcc:/im)
    expect(received.raw).not.toContain('hidden@example.test')
  })
})

describe('international addresses', () => {
  it('sends to an international domain in punycode, in the header and in the envelope', async () => {
    const services = testServices()
    const account = await services.accounts.save({
      name: 'Ada',
      email: 'ada@example.test',
      host: 'localhost',
      port: smtp.port,
      security: 'starttls',
      auth: true,
      username: 'ada',
      password: 'pw-compose',
      allowInsecureAuth: false,
      ca: testCertificate().cert,
    })
    const before = smtp.messages.length
    await services.mail.send({
      accountId: account.id,
      to: ['Jörg Müller <bob@bücher.example>'],
      cc: [],
      bcc: [],
      subject: 'Grüße',
      html: '<p>Hallo</p>',
    })
    const received = (await smtp.waitForMessages(before + 1))[before]
    // smtp-server hands the envelope back in Unicode, so the wire form is checked on the header and
    // on the envelope the outbox stored (which is what RCPT TO carried).
    expect(received.to).toEqual(['bob@bücher.example'])
    expect(received.raw).toMatch(/^To: .*<bob@xn--bcher-kva\.example>/m)
    const [sent] = await services.outbox.sent()
    expect(sent.envelope.to).toEqual(['bob@xn--bcher-kva.example'])
    expect(received.parsed.subject).toBe('Grüße')
  })
})

describe('the server size limit', () => {
  it('a message larger than the advertised SIZE is refused before any data is sent, with advice', async () => {
    const small = await startTestSmtpServer({ security: 'starttls', users: { ada: 'pw-compose' }, size: 2_000 })
    try {
      const services = testServices()
      const account = await services.accounts.save({
        name: 'Ada',
        email: 'ada@example.test',
        host: 'localhost',
        port: small.port,
        security: 'starttls',
        auth: true,
        username: 'ada',
        password: 'pw-compose',
        allowInsecureAuth: false,
        ca: testCertificate().cert,
      })
      const big = Buffer.alloc(5_000, 7).toString('base64')
      await expect(
        services.mail.send({
          accountId: account.id,
          to: ['bob@example.test'],
          cc: [],
          bcc: [],
          subject: 'Big',
          html: '<p>x</p>',
          attachments: [{ filename: 'big.bin', contentType: 'application/octet-stream', contentBase64: big }],
        }),
      ).rejects.toMatchObject({
        code: 'MESSAGE_REFUSED',
        field: 'attachments',
        message: expect.stringContaining('larger than this server accepts'),
      })
      expect(small.rcptCount).toBe(0)
      expect(small.messages).toHaveLength(0)
      expect(await services.outbox.list()).toMatchObject([{ state: 'failed' }])
    } finally {
      await small.close()
    }
  })
})
