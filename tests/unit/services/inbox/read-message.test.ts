import { describe, expect, it } from 'vitest'
import { internals as storeInternals } from '../../../../electron/services/inbox/inbox-store'
import { contentOf, internals, mimeTreeOf, overviewOf } from '../../../../electron/services/inbox/read-message'
import type { InboxSummary } from '../../../../shared/contract'

const multipart = [
  'From: "Ada Lovelace" <ada@example.test>',
  'To: Team: bob@example.test, carol@example.test;, dave@example.test',
  'Cc: erin@example.test',
  'Subject: =?UTF-8?Q?R=C3=A9sum=C3=A9?= attached',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/alternative; boundary="inner"',
  '',
  '--inner',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello   there,',
  '  see the file.',
  '--inner',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Hello there, see the file.</p>',
  '--inner--',
  '--outer',
  'Content-Type: application/pdf; name="cv.pdf"',
  'Content-Disposition: attachment; filename="cv.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('%PDF-1.4 pretend').toString('base64'),
  '--outer--',
  '',
].join('\r\n')

describe('reading a received message', () => {
  it('summarizes from, every To/Cc address (groups too), the decoded subject and a snippet', async () => {
    expect(await overviewOf(Buffer.from(multipart), { from: 'bounce@example.test', to: ['x@example.test'] })).toEqual({
      from: '"Ada Lovelace" <ada@example.test>',
      to: ['bob@example.test', 'carol@example.test', 'dave@example.test', 'erin@example.test'],
      subject: 'Résumé attached',
      hasAttachments: true,
      snippet: 'Hello there, see the file.',
    })
  })

  it('falls back to the envelope when the message has no headers', async () => {
    expect(
      await overviewOf(Buffer.from('just some words\r\n'), { from: 'a@example.test', to: ['b@example.test'] }),
    ).toMatchObject({ from: 'a@example.test', to: ['b@example.test'], subject: '' })
  })

  it('gives the MIME tree with part numbers, encodings and sizes', async () => {
    const tree = await mimeTreeOf(Buffer.from(multipart))
    expect(tree).toMatchObject({
      contentType: 'multipart/mixed',
      part: '',
      children: [
        {
          contentType: 'multipart/alternative',
          part: '1',
          children: [
            { contentType: 'text/plain', part: '1.1' },
            { contentType: 'text/html', part: '1.2' },
          ],
        },
        {
          contentType: 'application/pdf',
          part: '2',
          filename: 'cv.pdf',
          disposition: 'attachment',
          encoding: 'base64',
          children: [],
        },
      ],
    })
    expect(tree.children[1].size).toBeGreaterThan(0)
  })

  it('lists headers unfolded and attachments with their decoded sizes', async () => {
    const content = await contentOf(Buffer.from(multipart))
    expect(content.headers[0]).toEqual({ name: 'From', value: '"Ada Lovelace" <ada@example.test>' })
    expect(content.attachments).toEqual([
      { filename: 'cv.pdf', contentType: 'application/pdf', size: 16, inline: false },
    ])
    expect(content.html).toBe('<p>Hello there, see the file.</p>')
    expect(content.rawTruncated).toBe(false)
  })

  it('unfolds a folded header line and cuts a long snippet', () => {
    expect(internals.headerOf('Subject: a very\r\n long\r\n\tsubject')).toEqual({
      name: 'Subject',
      value: 'a very long subject',
    })
    expect(internals.snippetOf('word '.repeat(100))).toHaveLength(200)
  })
})

describe('rotation', () => {
  const summary = (n: number, size: number) => ({ id: String(n), size }) as InboxSummary
  it('removes the oldest first past the count, never the newest', () => {
    const messages = storeInternals.indexStateOf([1, 2, 3, 4].map((n) => summary(n, 10)))
    expect(storeInternals.rotationOf(messages, { maxMessages: 2, maxTotalBytes: 1000 })).toEqual(['1', '2'])
    expect([...messages.messages.keys()]).toEqual(['3', '4'])
    const huge = storeInternals.indexStateOf([summary(1, 10), summary(2, 5000)])
    expect(storeInternals.rotationOf(huge, { maxMessages: 10, maxTotalBytes: 100 })).toEqual(['1'])
    expect([...huge.messages.keys()]).toEqual(['2'])
  })

  it('counts the index entries too: a message with a huge header list costs what it takes on disk', () => {
    const wide = (n: number) =>
      ({ ...summary(n, 100), to: Array.from({ length: 1000 }, (_, i) => `r${i}@example.test`) }) as InboxSummary
    const state = storeInternals.indexStateOf([wide(1), wide(2), wide(3)])
    // 300 bytes of mail, but about 20 KB of index per message.
    expect(storeInternals.rotationOf(state, { maxMessages: 10, maxTotalBytes: 50_000 })).toEqual(['1'])
  })
})
