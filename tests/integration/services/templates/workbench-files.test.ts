import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { EventName } from '../../../../shared/contract'
import { createRouter } from '../../../../electron/main/router'
import type { AppServices } from '../../../../electron/services/app-services'
import { systemNetwork } from '../../../../electron/services/net/network'
import { fetchRemoteImages } from '../../../../electron/services/templates/workbench/remote-images'
import { recentSettingsKey } from '../../../../electron/services/templates/workbench/workbench-files'
import { testServices } from '../../../helpers/services'
import { tempHome } from '../../../helpers/temp-home'

const png = readFileSync('tests/fixtures/pixel.png')
let services: AppServices
let dir: string
/** What the stand-in dialog returns next (null: the user cancelled). */
let nextPick: string | null
const noEmit = () => {}

function setup() {
  const home = tempHome()
  services = testServices(home)
  services.templateFiles.useFileDialog({ openFile: async () => nextPick })
  dir = mkdtempSync(join(tmpdir(), 'sendsmith-workbench-'))
  return { home, router: createRouter(services) }
}
afterEach(() => services?.templateFiles.closeAll())

/** Resolves with the next event of that name the services push to windows. */
function nextEvent(name: EventName, timeoutMs = 3000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no ${name} within ${timeoutMs} ms`))), timeoutMs)
    const off = services.events.on((event, payload) => {
      if (event !== name) return
      clearTimeout(timer)
      off()
      resolve(payload)
    })
  })
}

describe('opening templates through main’s file dialog', () => {
  it('hands the renderer a handle, the name and the source, never the path; the recent list keeps names', async () => {
    const { home, router } = setup()
    nextPick = join(dir, 'welcome.mjml')
    writeFileSync(nextPick, '<mjml><mj-body><mj-text>Hi</mj-text></mj-body></mjml>')
    const opened = await router.handle('templates:open', {}, noEmit)
    expect(opened).toEqual({
      ok: true,
      value: {
        handle: expect.any(String),
        name: 'welcome.mjml',
        kind: 'mjml',
        source: '<mjml><mj-body><mj-text>Hi</mj-text></mj-body></mjml>',
      },
    })
    expect(JSON.stringify(opened)).not.toContain(dir)

    const recent = await router.handle('templates:recent', {}, noEmit)
    expect(recent).toEqual({
      ok: true,
      value: [{ recentId: expect.any(String), name: 'welcome.mjml', kind: 'mjml', openedAt: expect.any(String) }],
    })
    expect(JSON.stringify(recent)).not.toContain(dir)
    // The path stays in the settings file, which only main reads.
    const settings = JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as {
      templates: { recent: { path: string }[] }
    }
    expect(recentSettingsKey).toBe('templates.recent') // conf and electron-store read dots as nesting
    expect(settings.templates.recent.map((r) => r.path)).toEqual([join(dir, 'welcome.mjml')])
    const recentId = (recent as { value: { recentId: string }[] }).value[0].recentId
    const reopened = await router.handle('templates:reopen', { recentId }, noEmit)
    expect(reopened).toMatchObject({ ok: true, value: { name: 'welcome.mjml', kind: 'mjml' } })
    expect((reopened as { value: { handle: string } }).value.handle).not.toBe(
      (opened as { value: { handle: string } }).value.handle,
    )

    nextPick = null
    expect(await router.handle('templates:open', {}, noEmit)).toEqual({ ok: true, value: null })
    nextPick = join(dir, 'notes.txt')
    writeFileSync(nextPick, 'plain')
    expect(await router.handle('templates:open', {}, noEmit)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'file' },
    })
    expect(
      await router.handle('templates:reopen', { recentId: '00000000-0000-4000-8000-000000000000' }, noEmit),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('keeps at most ten recent files, newest first, one entry per path', async () => {
    const { router } = setup()
    for (let i = 0; i < 12; i++) {
      nextPick = join(dir, `t${i}.html`)
      writeFileSync(nextPick, `<p>${i}</p>`)
      await router.handle('templates:open', {}, noEmit)
    }
    nextPick = join(dir, 't5.html')
    await router.handle('templates:open', {}, noEmit)
    const names = services.templateFiles.recent().map((r) => r.name)
    expect(names).toEqual([
      't5.html',
      't11.html',
      't10.html',
      't9.html',
      't8.html',
      't7.html',
      't6.html',
      't4.html',
      't3.html',
      't2.html',
    ])
  })

  it('refuses to open files in a door without a file dialog (the CLI)', async () => {
    const bare = testServices(tempHome())
    expect(await createRouter(bare).handle('templates:open', {}, noEmit)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: 'Files can only be opened from the app window' },
    })
  })
})

describe('watching an open template', () => {
  it('pushes templates:changed with the new source when the file is saved, also when an editor renames a new file over it', async () => {
    setup()
    const path = (nextPick = join(dir, 'news.html'))
    writeFileSync(path, '<p>one</p>')
    const { handle } = (await services.templateFiles.openTemplate())!

    const first = nextEvent('templates:changed')
    writeFileSync(path, '<p>two</p>')
    expect(await first).toEqual({ handle, source: '<p>two</p>' })

    const second = nextEvent('templates:changed')
    writeFileSync(join(dir, 'news.html.tmp'), '<p>three</p>')
    renameSync(join(dir, 'news.html.tmp'), path)
    expect(await second).toEqual({ handle, source: '<p>three</p>' })

    // Closed: no more events, even when the file changes again.
    services.templateFiles.close(handle)
    const none = nextEvent('templates:changed', 400)
    writeFileSync(path, '<p>four</p>')
    await expect(none).rejects.toThrow('no templates:changed')
  })
})

describe('merge data files', () => {
  it('opens a CSV file, summarises it, and renders a chosen row by handle', async () => {
    const { router } = setup()
    nextPick = join(dir, 'people.csv')
    writeFileSync(nextPick, 'name,plan\nAda,Pro\n"Babbage, Charles",Free\n')
    const data = await router.handle('templates:openData', {}, noEmit)
    expect(data).toEqual({
      ok: true,
      value: { handle: expect.any(String), name: 'people.csv', kind: 'csv', rows: 2, fields: ['name', 'plan'] },
    })
    const dataHandle = (data as { value: { handle: string } }).value.handle
    const rendered = await router.handle(
      'templates:render',
      { source: '<p>{{name}}: {{plan}} {{team}}</p>', kind: 'hbs', dataHandle, row: 2 },
      noEmit,
    )
    expect(rendered).toMatchObject({
      ok: true,
      value: { html: '<p>Babbage, Charles: Free </p>', missingVariables: [{ name: 'team', lines: [1] }] },
    })

    const changed = nextEvent('templates:dataChanged')
    writeFileSync(nextPick, 'name,plan\nAda,Pro\nBabbage,Free\nLovelace,Team\n')
    expect(await changed).toMatchObject({ handle: dataHandle, rows: 3 })

    expect(
      await router.handle('templates:render', { source: '<p/>', kind: 'hbs', dataHandle, data: {} }, noEmit),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'dataHandle' } })
    services.templateFiles.close(dataHandle)
    expect(await router.handle('templates:check', { source: '<p/>', kind: 'hbs', dataHandle }, noEmit)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'dataHandle' },
    })
  })

  it('opens a JSON array as rows, with the first row’s keys as fields', async () => {
    setup()
    nextPick = join(dir, 'people.json')
    writeFileSync(nextPick, JSON.stringify([{ name: 'Ada', plan: 'Pro' }, { name: 'Charles' }]))
    const data = (await services.templateFiles.openData())!
    expect(data).toMatchObject({ kind: 'json', rows: 2, fields: ['name', 'plan'] })
    const input = services.templateFiles.resolveRequest({
      source: '{{name}}',
      kind: 'hbs',
      dataHandle: data.handle,
      row: 2,
    })
    expect((await services.templates.render(input)).html).toBe('Charles')
    nextPick = join(dir, 'broken.json')
    writeFileSync(nextPick, '{ "name": ')
    await expect(services.templateFiles.openData()).rejects.toMatchObject({ code: 'VALIDATION', field: 'data' })
  })
})

describe('remote images for a preview', () => {
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/pixel.png') return void response.writeHead(200, { 'content-type': 'image/png' }).end(png)
      if (request.url === '/page')
        return void response.writeHead(200, { 'content-type': 'text/html' }).end('<p>not an image</p>')
      if (request.url === '/slow.png')
        return void setTimeout(() => response.writeHead(200, { 'content-type': 'image/png' }).end(png), 1500)
      response.writeHead(404).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('fetches images as data: URLs in main, and says why the others failed', async () => {
    const images = await fetchRemoteImages(
      [`${base}/pixel.png`, `${base}/pixel.png`, `${base}/missing.png`, `${base}/page`, `${base}/slow.png`],
      // The test's own server is on loopback, which only an allowed host may reach.
      { lookup: systemNetwork().lookup, allowHosts: ['127.0.0.1'], timeoutMs: 500 },
    )
    expect(images).toEqual([
      { url: `${base}/pixel.png`, dataUrl: `data:image/png;base64,${png.toString('base64')}` },
      { url: `${base}/missing.png`, error: 'answered 404' },
      { url: `${base}/page`, error: 'not an image (text/html)' },
      { url: `${base}/slow.png`, error: 'no answer within 500 ms' },
    ])
  })

  it('refuses anything but http(s) URLs over IPC', async () => {
    const { router } = setup()
    expect(await router.handle('templates:fetchImages', { urls: ['file:///etc/passwd'] }, noEmit)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    })
  })
})
