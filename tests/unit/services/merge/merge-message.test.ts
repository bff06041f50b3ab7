import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { MergeMessageBuilder } from '../../../../electron/services/merge/merge-message'

describe('a merge message built from parts made once', () => {
  it('writes a multipart/alternative message that a mail parser reads back, names and non-ASCII text encoded', async () => {
    const builder = new MergeMessageBuilder({
      from: { name: 'Ünïcode News', address: 'news@example.test' },
      replyTo: 'help@example.test',
    })
    const messageId = builder.messageId()
    const raw = builder.build({
      to: { name: 'Zoë, "the" Reader', address: 'zoe@example.test' },
      subject: 'Grüße\r\nBcc: evil@example.test',
      html: `<p>Héllo ${'long line '.repeat(20)}</p>`,
      text: 'Héllo',
      messageId,
      unsubscribe: { url: 'https://example.test/u?id=1', oneClick: true },
    })
    const parsed = await simpleParser(raw)
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Ünïcode News', address: 'news@example.test' })
    expect(parsed.to).toMatchObject({ value: [{ name: 'Zoë, "the" Reader', address: 'zoe@example.test' }] })
    expect(parsed.subject).toBe('Grüße Bcc: evil@example.test')
    expect(parsed.headers.has('bcc')).toBe(false)
    expect(parsed.messageId).toBe(messageId)
    expect(parsed.html).toContain(`Héllo ${'long line '.repeat(20).trim()}`)
    expect(parsed.text?.trim()).toBe('Héllo')
    expect(raw.toString()).toMatch(/\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n/)
    expect(
      raw
        .toString()
        .split('\r\n')
        .every((line) => line.length <= 998),
    ).toBe(true)
  })

  it('gives every message its own Message-ID in the sender domain', () => {
    const builder = new MergeMessageBuilder({ from: { name: '', address: 'news@example.test' } })
    const ids = new Set(Array.from({ length: 1000 }, () => builder.messageId()))
    expect(ids.size).toBe(1000)
    expect([...ids][0]).toMatch(/^<[0-9a-f-]{36}@example\.test>$/)
  })
})
