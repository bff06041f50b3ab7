import { randomUUID } from 'node:crypto'
import { closeSync, openSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRouter } from '../../../electron/main/router'
import { testServices } from '../../helpers/services'
import { tempHome } from '../../helpers/temp-home'

const noEmit = () => {}

function setUp() {
  const home = tempHome()
  const services = testServices(home)
  return { home, services, router: createRouter(services) }
}

/** Twenty-five MB files (as base64), each within the per-attachment limit; three of them pass the total. */
function bigAttachments(count: number) {
  const contentBase64 = 'A'.repeat(25 * 1024 * 1024)
  return Array.from({ length: count }, (_, i) => ({
    filename: `part-${i}.bin`,
    contentType: 'application/octet-stream',
    contentBase64,
  }))
}

const message = {
  accountId: randomUUID(),
  to: ['bob@example.test'],
  cc: [],
  bcc: [],
  subject: 'Big',
  html: '<p>Big</p>',
}
const sizeError = {
  ok: false,
  error: {
    code: 'VALIDATION',
    field: 'attachments',
    message: 'The message with its attachments is larger than 50 MB (attachments count a third more, as sent)',
  },
}

describe('payload size caps in the contract, naming the field', () => {
  it('mail:send, mail:queue and drafts:save refuse a message whose attachments pass 50 MB in all', async () => {
    const { router } = setUp()
    const attachments = bigAttachments(3)
    expect(await router.handle('mail:send', { ...message, attachments }, noEmit)).toEqual(sizeError)
    // The queue request holds the message: the field named is its first part, as for every queue error.
    expect(await router.handle('mail:queue', { message: { ...message, attachments } }, noEmit)).toEqual({
      ...sizeError,
      error: { ...sizeError.error, field: 'message' },
    })
    expect(await router.handle('drafts:save', { subject: 'Big', attachments }, noEmit)).toEqual(sizeError)
    // Nothing was stored on the way.
    expect(await router.handle('drafts:list', {}, noEmit)).toEqual({ ok: true, value: [] })
    expect(await router.handle('outbox:list', {}, noEmit)).toMatchObject({ ok: true, value: [] })
  })

  it('a draft with one large attachment within the limits is still saved', async () => {
    const { router } = setUp()
    expect(
      await router.handle('drafts:save', { subject: 'Big', attachments: bigAttachments(1) }, noEmit),
    ).toMatchObject({
      ok: true,
    })
  })
})

describe('data files: size checked before reading, errors without folders', () => {
  it('refuses a 1 GB data file by its size, without reading it', async () => {
    const { home, services, router } = setUp()
    const file = join(home, 'huge.csv')
    // Sparse: a gigabyte on paper, nothing on disk; reading it whole would take a gigabyte of memory.
    const fd = openSync(file, 'w')
    ftruncateSync(fd, 1024 * 1024 * 1024)
    closeSync(fd)
    services.templateFiles.useFileDialog({ openFile: async () => file })
    const started = performance.now()
    const reply = await router.handle('templates:openData', {}, noEmit)
    expect(reply).toEqual({
      ok: false,
      error: { code: 'VALIDATION', field: 'data', message: 'huge.csv is larger than 5 MB' },
    })
    expect(performance.now() - started).toBeLessThan(2000)
    rmSync(file)
  })

  it('a data file that vanished is named without its folder', async () => {
    const { home, services, router } = setUp()
    const file = join(home, 'private folder', 'people.csv')
    services.templateFiles.useFileDialog({ openFile: async () => file })
    const reply = await router.handle('templates:openData', {}, noEmit)
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'people.csv does not exist' } })
    expect(JSON.stringify(reply)).not.toContain(home)
  })

  it('a recent template reopened after it was deleted is named without its folder', async () => {
    const { home, services, router } = setUp()
    const file = join(home, 'letter.html')
    writeFileSync(file, '<p>Hi</p>')
    services.templateFiles.useFileDialog({ openFile: async () => file })
    expect(await router.handle('templates:open', {}, noEmit)).toMatchObject({ ok: true })
    services.templateFiles.closeAll()
    rmSync(file)
    const recent = (await router.handle('templates:recent', {}, noEmit)) as { value: { recentId: string }[] }
    const reply = await router.handle('templates:reopen', { recentId: recent.value[0].recentId }, noEmit)
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'letter.html does not exist' } })
    expect(JSON.stringify(reply)).not.toContain(home)
  })
})
