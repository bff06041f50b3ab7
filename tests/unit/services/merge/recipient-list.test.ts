import { describe, expect, it } from 'vitest'
import { jsonArrayItems, readRecipients } from '../../../../electron/services/merge/recipient-list'

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size)
}

describe('reading a recipient list as a stream', () => {
  it('numbers CSV rows from 1 without the header and blank lines, and drops a byte-order mark', async () => {
    const rows = await collect(
      readRecipients({
        format: 'csv',
        text: '\uFEFFemail, name\r\nada@example.test,"Ada, Countess"\r\n\r\nbob@example.test,Bob\r\n',
      }),
    )
    expect(rows).toEqual([
      { row: 1, record: { email: 'ada@example.test', name: 'Ada, Countess' } },
      { row: 2, record: { email: 'bob@example.test', name: 'Bob' } },
    ])
  })

  it('splits a JSON array into its items whatever the chunk boundaries, strings with brackets and escaped quotes included', async () => {
    const items = [
      { email: 'a@example.test', note: 'has ] and } and , and "quotes\\"' },
      { email: 'b@example.test', tags: [1, [2, 3]], nested: { x: '{' } },
      { email: 'c@example.test' },
    ]
    const text = ` \n${JSON.stringify(items, null, 2)}\n`
    for (const size of [1, 3, 7, 64, 10_000]) {
      const parsed = (await collect(jsonArrayItems(chunks(text, size)))).map((item) => JSON.parse(item))
      expect(parsed, `chunks of ${size}`).toEqual(items)
    }
  })

  it('refuses JSON that is not an array of objects, naming the item', async () => {
    await expect(
      collect(readRecipients({ format: 'json', text: '{"email": "a@example.test"}' })),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/array of objects/) })
    await expect(
      collect(readRecipients({ format: 'json', text: '[{"email": "a@example.test"}, 42]' })),
    ).rejects.toMatchObject({ message: 'Item 2 of the JSON list is not an object' })
    await expect(
      collect(readRecipients({ format: 'json', text: '[{"email": "a@example.test"}' })),
    ).rejects.toMatchObject({ message: expect.stringMatching(/ends before its closing/) })
  })

  it('reads many CSV rows chunk by chunk in order', async () => {
    const lines = ['email,n']
    for (let i = 1; i <= 20_000; i++) lines.push(`p${i}@example.test,${i}`)
    let expected = 1
    for await (const { row, record } of readRecipients({ format: 'csv', text: lines.join('\n') })) {
      expect(row).toBe(expected)
      expect(record.n).toBe(String(expected))
      expected++
    }
    expect(expected).toBe(20_001)
  })
})
