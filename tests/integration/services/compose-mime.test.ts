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
    const account = await services.accounts.save({ name: 'Ada', email: 'ada@example.test', host: 'localhost', port: smtp.port, security: 'starttls', auth: true, username: 'ada', password: 'pw-compose', allowInsecureAuth: false, ca: testCertificate().cert })
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
        { filename: 'chart.png', contentType: 'image/png', contentBase64: png.toString('base64'), contentId: 'chart@sendsmith' },
      ],
    })
    const [received] = await smtp.waitForMessages(1)
    const mail = received.parsed

    expect(mimeTree(received.raw)).toEqual(['multipart/mixed', 'multipart/alternative', 'text/plain', 'multipart/related', 'text/html', 'image/png', 'application/pdf'])
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
