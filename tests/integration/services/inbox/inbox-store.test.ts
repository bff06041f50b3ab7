import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InboxStore } from '../../../../electron/services/inbox/inbox-store'
import { tempHome } from '../../../helpers/temp-home'

const message = (subject: string, from = 'ada@example.test', to = 'bob@example.test', body = 'Hello') =>
  Buffer.from(`From: Ada <${from}>\r\nTo: ${to}\r\nSubject: ${subject}\r\nContent-Type: text/plain\r\n\r\n${body}\r\n`)
const envelope = { from: 'ada@example.test', to: ['bob@example.test'] }

/** A clock that moves one second per call, so receipt order is unambiguous. */
function steppingClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let t = start
  return () => new Date((t += 1000))
}

describe('the inbox store on disk', () => {
  it('keeps the raw message byte for byte and finds it again from a new store (a restart)', async () => {
    const home = tempHome()
    const raw = Buffer.concat([message('Bytes'), Buffer.from([0xff, 0xfe, 0x00, 0x80])])
    const { summary } = await new InboxStore(home).add(raw, envelope)
    const reopened = new InboxStore(home)
    expect(await reopened.list()).toEqual([summary])
    expect((await reopened.raw(summary.id)).equals(raw)).toBe(true)
    expect(readdirSync(join(home, 'inbox'))).toEqual(expect.arrayContaining(['index.jsonl', 'messages']))
  })

  it('lists newest first and searches from, to, envelope and subject, ignoring case', async () => {
    const store = new InboxStore(tempHome(), undefined, steppingClock())
    await store.add(message('Welcome aboard', 'hello@shop.example'), {
      from: 'bounce@shop.example',
      to: ['carol@example.test'],
    })
    await store.add(message('Your invoice', 'billing@shop.example', 'dave@example.test'), {
      from: 'billing@shop.example',
      to: ['dave@example.test', 'audit@example.test'],
    })
    await store.add(message('Password reset'), envelope)
    expect((await store.list()).map((m) => m.subject)).toEqual(['Password reset', 'Your invoice', 'Welcome aboard'])
    expect((await store.list('INVOICE')).map((m) => m.subject)).toEqual(['Your invoice'])
    expect((await store.list('shop.example')).map((m) => m.subject)).toEqual(['Your invoice', 'Welcome aboard'])
    expect((await store.list('audit@')).map((m) => m.subject)).toEqual(['Your invoice']) // a Bcc, only in the envelope
    expect((await store.list('bounce@shop')).map((m) => m.subject)).toEqual(['Welcome aboard'])
    expect(await store.list('nothing like this')).toEqual([])
  })

  it('rotates out the oldest past the total size', async () => {
    const store = new InboxStore(tempHome(), { maxMessages: 100, maxTotalBytes: 3500 }, steppingClock())
    const big = (subject: string) => message(subject, undefined, undefined, 'x'.repeat(1000))
    for (const subject of ['one', 'two', 'three']) await store.add(big(subject), envelope)
    const { removed } = await store.add(big('four'), envelope)
    expect(removed).toHaveLength(1) // "one" went when "three" came
    expect((await store.list()).map((m) => m.subject)).toEqual(['four', 'three'])
    expect(readdirSync(store.messagesDir).filter((n) => n.endsWith('.eml'))).toHaveLength(2)
  })

  it('stores every message of many arriving at once', async () => {
    const store = new InboxStore(tempHome())
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.add(message(`parallel ${i}`), envelope)))
    expect(await store.list()).toHaveLength(30)
  })

  it('loses no mail when the index is damaged or lacks a message: it is rebuilt from the .eml files', async () => {
    const home = tempHome()
    const store = new InboxStore(home, undefined, steppingClock())
    await store.add(message('first'), envelope)
    const { summary: second } = await store.add(message('second'), envelope)
    // A crash between writing a message and its index line: the line is missing.
    const lines = readFileSync(store.indexPath, 'utf8').split('\n')
    writeFileSync(store.indexPath, lines.filter((line) => !line.includes(second.id)).join('\n'))
    expect((await new InboxStore(home).list()).map((m) => m.subject).sort()).toEqual(['first', 'second'])
    // A crash in the middle of appending a line, then a message after it.
    appendFileSync(store.indexPath, '{"add":{"id":"0a')
    const later = new InboxStore(home, undefined, steppingClock(Date.parse('2026-02-01T00:00:00Z')))
    await later.add(message('third'), envelope)
    expect((await new InboxStore(home).list()).map((m) => m.subject).sort()).toEqual(['first', 'second', 'third'])
    // An index that is not JSON at all.
    writeFileSync(store.indexPath, '{"format": "sendsmith-inb')
    expect((await new InboxStore(home).list()).map((m) => m.subject).sort()).toEqual(['first', 'second', 'third'])
  })

  it('drops index entries whose message file is gone, deletes one, and clears all', async () => {
    const store = new InboxStore(tempHome(), undefined, steppingClock())
    const { summary: a } = await store.add(message('a'), envelope)
    const { summary: b } = await store.add(message('b'), envelope)
    await store.add(message('c'), envelope)
    expect(await store.delete(a.id)).toBe(true)
    expect(await store.delete(a.id)).toBe(false)
    await expect(store.raw(a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(store.summary(a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await store.list()).map((m) => m.id)).not.toContain(a.id)
    expect((await store.list()).map((m) => m.subject)).toEqual(['c', 'b'])
    expect(b.subject).toBe('b')
    expect(await store.clear()).toBe(2)
    expect(await store.list()).toEqual([])
    expect(readdirSync(store.messagesDir).filter((n) => n.endsWith('.eml'))).toEqual([])
  })

  it('appends one line per message instead of rewriting the index, however full the inbox is', async () => {
    const store = new InboxStore(tempHome(), undefined, steppingClock())
    const wide = { from: 'ada@example.test', to: Array.from({ length: 1000 }, (_, i) => `r${i}@example.test`) }
    for (let i = 0; i < 20; i++) await store.add(message(`wide ${i}`), wide)
    const before = readFileSync(store.indexPath)
    const inode = statSync(store.indexPath).ino
    await store.add(message('one more'), envelope)
    const after = readFileSync(store.indexPath)
    // The same file, the old bytes untouched, one short line added.
    expect(statSync(store.indexPath).ino).toBe(inode)
    expect(after.subarray(0, before.length).equals(before)).toBe(true)
    const added = after.subarray(before.length).toString('utf8')
    expect(added.split('\n').filter(Boolean)).toHaveLength(1)
    expect(added.length).toBeLessThan(1000)
  })

  it('compacts the log once it is mostly removals, keeping every live message', async () => {
    const store = new InboxStore(tempHome(), { maxMessages: 3, maxTotalBytes: 10_000_000 }, steppingClock())
    for (let i = 0; i < 700; i++) await store.add(message(`m${i}`), envelope)
    const lines = readFileSync(store.indexPath, 'utf8').split('\n').filter(Boolean)
    expect(lines.length).toBeLessThan(1010)
    expect((await new InboxStore(store.dir.replace(/\/inbox$/, '')).list()).map((m) => m.subject)).toEqual([
      'm699',
      'm698',
      'm697',
    ])
  })

  it('sees what another process added to and removed from the same inbox', async () => {
    const home = tempHome()
    const app = new InboxStore(home, undefined, steppingClock())
    const cli = new InboxStore(home, undefined, steppingClock(Date.parse('2026-03-01T00:00:00Z')))
    const { summary: a } = await app.add(message('from the app'), envelope)
    expect((await cli.list()).map((m) => m.subject)).toEqual(['from the app'])
    await cli.add(message('from the cli'), envelope)
    expect((await app.list()).map((m) => m.subject)).toEqual(['from the cli', 'from the app'])
    await cli.delete(a.id)
    expect((await app.list()).map((m) => m.subject)).toEqual(['from the cli'])
    await cli.clear()
    expect(await app.list()).toEqual([])
  })

  it('reads the whole-file index.json of earlier versions once and replaces it with the log', async () => {
    const home = tempHome()
    const store = new InboxStore(home, undefined, steppingClock())
    const { summary } = await store.add(message('kept from before'), envelope)
    const legacy = join(store.dir, 'index.json')
    writeFileSync(legacy, JSON.stringify({ format: 'sendsmith-inbox', version: 1, messages: [summary] }))
    rmSync(store.indexPath)
    expect(await new InboxStore(home).list()).toEqual([summary])
    expect(readdirSync(store.dir)).not.toContain('index.json')
  })

  it('summarizes binary junk that is not mail at all without failing', async () => {
    const store = new InboxStore(tempHome())
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))
    const { summary } = await store.add(junk, { from: '', to: ['x@example.test'] })
    expect(summary).toMatchObject({ size: 4096, to: ['x@example.test'] })
    expect((await store.raw(summary.id)).equals(junk)).toBe(true)
  })
})
