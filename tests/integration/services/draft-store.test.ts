import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRouter } from '../../../electron/main/router'
import { testServices } from '../../helpers/services'

describe('drafts', () => {
  it('saves what was typed, even when it is not valid yet, and reopens it unchanged', async () => {
    const services = testServices()
    const typed = {
      to: 'bob@@example.test, Carol <carol@example.test>',
      subject: 'Half-written\nwith a line break',
      html: '<p>Dear Bob,</p>',
      attachments: [
        { filename: 'a.txt', contentType: 'text/plain', contentBase64: Buffer.from('hello').toString('base64') },
      ],
    }
    const { id } = await services.drafts.save(typed)
    const reopened = await services.drafts.get(id)
    expect(reopened).toMatchObject({ id, ...typed, cc: '', priority: 'normal' })
    expect(await services.drafts.list()).toEqual([
      { id, subject: typed.subject, to: typed.to, updatedAt: reopened.updatedAt, attachments: 1 },
    ])
  })

  it('overwrites a draft atomically: no temporary files left, the file always parses', async () => {
    const services = testServices()
    const { id } = await services.drafts.save({ subject: 'v1' })
    for (let i = 2; i <= 20; i++) await services.drafts.save({ id, subject: `v${i}` })
    const dir = join(services.dataDir, 'drafts')
    expect(readdirSync(dir)).toEqual([`${id}.json`])
    expect(JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')).subject).toBe('v20')
  })

  it('lists newest first, deletes, and leaves a damaged file alone', async () => {
    const services = testServices()
    const a = await services.drafts.save({ subject: 'older' })
    await new Promise((r) => setTimeout(r, 5))
    const b = await services.drafts.save({ subject: 'newer' })
    writeFileSync(join(services.dataDir, 'drafts', '00000000-0000-4000-8000-000000000000.json'), '{ broken')
    expect((await services.drafts.list()).map((d) => d.subject)).toEqual(['newer', 'older'])
    await services.drafts.delete(a.id)
    expect((await services.drafts.list()).map((d) => d.id)).toEqual([b.id])
    await expect(services.drafts.get(a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('goes through the router like every other channel', async () => {
    const router = createRouter(testServices())
    const saved = await router.handle('drafts:save', { subject: 'via IPC', to: 'x' }, () => {})
    expect(saved).toMatchObject({ ok: true })
    const id = (saved as { value: { id: string } }).value.id
    expect(await router.handle('drafts:get', { id }, () => {})).toMatchObject({
      ok: true,
      value: { subject: 'via IPC', to: 'x' },
    })
    expect(await router.handle('drafts:get', { id: '../../etc/passwd' }, () => {})).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'id' },
    })
  })
})
