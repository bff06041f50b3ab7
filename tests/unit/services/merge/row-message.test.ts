import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { compileTemplate } from '../../../../electron/services/merge/compiled-template'
import { MergeMessageBuilder } from '../../../../electron/services/merge/merge-message'
import { buildRowMessage, rowMessageParts } from '../../../../electron/services/merge/row-message'

describe("one row's merge message (the one builder behind preview, dry run and sending)", () => {
  it('merges the row into the body, the subject and a URL-encoded List-Unsubscribe link', async () => {
    const template = await compileTemplate('<h1>Hello {{name}}</h1>', 'html')
    const parts = rowMessageParts(template, 'News for {{name}}', {
      url: 'https://example.test/u?who={{name}}',
      mailto: 'unsubscribe@example.test',
      oneClick: true,
    })
    const builder = new MergeMessageBuilder({ from: { name: 'News', address: 'news@example.test' } })
    const message = await buildRowMessage(parts, builder, {
      row: 3,
      mailbox: { name: 'Doe, John', address: 'john@example.test' },
      context: { name: 'John & Co' },
    })
    const parsed = await simpleParser(message.raw)
    expect(parsed.to).toMatchObject({ value: [{ name: 'Doe, John', address: 'john@example.test' }] })
    expect(parsed.subject).toBe('News for John & Co')
    expect(message.subject).toBe('News for John & Co')
    expect(parsed.html).toContain('Hello John &amp; Co')
    expect(message.html).toBe(parsed.html)
    expect(parsed.messageId).toBe(message.messageId)
    const head = message.raw.toString().split('\r\n\r\n')[0]
    expect(head).toContain(
      'List-Unsubscribe: <mailto:unsubscribe@example.test>,\r\n <https://example.test/u?who=John%20%26%20Co>',
    )
    expect(head).toContain('\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click')
  })

  it('adds no List-Unsubscribe header when the merge does not ask for one', async () => {
    const parts = rowMessageParts(await compileTemplate('<p>Hi</p>', 'html'), 'Hi', undefined)
    const builder = new MergeMessageBuilder({ from: { name: '', address: 'news@example.test' } })
    const message = await buildRowMessage(parts, builder, {
      row: 1,
      mailbox: { name: '', address: 'ada@example.test' },
      context: {},
    })
    expect(message.raw.toString()).not.toMatch(/List-Unsubscribe/i)
  })
})
