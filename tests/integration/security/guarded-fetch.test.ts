import { writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRouter } from '../../../electron/main/router'
import { allowedHostsSettingsKey } from '../../../electron/services/net/allowed-hosts'
import { guardedFetch, type GuardedFetchOptions } from '../../../electron/services/net/guarded-fetch'
import { openConfSettings } from '../../../electron/services/settings/open-conf-settings'
import { runCliInProcess } from '../../helpers/in-process-cli'
import { testServices } from '../../helpers/services'
import { tempHome } from '../../helpers/temp-home'

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)
const noEmit = () => {}

// What the test server saw: requests per path, and how many bytes the endless body wrote before the client hung up.
const hits = new Map<string, number>()
let endlessWritten = 0
let loopRequests = 0
let endlessClosed: Promise<void> = Promise.resolve()
let server: Server
let port: number
const silent = new Set<import('node:http').ServerResponse>()

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '/'
    hits.set(path, (hits.get(path) ?? 0) + 1)
    if (path === '/image.png') return void response.writeHead(200, { 'content-type': 'image/png' }).end(png)
    if (path === '/to-metadata')
      return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
    if (path === '/to-loopback-literal')
      return void response.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end()
    if (path.startsWith('/loop')) return void response.writeHead(302, { location: `/loop?n=${++loopRequests}` }).end()
    if (path === '/silent') return void silent.add(response)
    if (path === '/endless') {
      // A huge image without Content-Length: chunks for as long as the client keeps reading.
      response.writeHead(200, { 'content-type': 'image/png' })
      endlessWritten = 0
      endlessClosed = new Promise((resolve) => response.once('close', () => resolve()))
      const chunk = Buffer.alloc(64 * 1024, 1)
      const pump = () => {
        while (!response.destroyed && endlessWritten < 400 * 1024 * 1024) {
          endlessWritten += chunk.length
          if (!response.write(chunk)) return void response.once('drain', pump)
        }
        response.end()
      }
      return pump()
    }
    response.writeHead(path === '/secret' ? 200 : 404).end('secret')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  for (const response of silent) response.destroy()
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

/** Names resolve here: localhost and rebind.test are the test server; the others stand for a LAN and the internet. */
function lookups(): { lookup: GuardedFetchOptions['lookup']; calls: string[] } {
  const calls: string[] = []
  const table: Record<string, string[]> = {
    localhost: ['127.0.0.1'],
    'intranet.test': ['10.1.2.3'],
    'mixed.test': ['93.184.216.34', '127.0.0.1'],
  }
  return {
    calls,
    async lookup(host) {
      calls.push(host)
      // A rebinding name: checked as the test server, then (if asked again) an address in the LAN.
      if (host === 'rebind.test')
        return [{ address: calls.filter((c) => c === host).length === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }]
      const found = table[host]
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
      return found.map((address) => ({ address, family: 4 as const }))
    },
  }
}

describe('fetches from main go to public addresses only, unless the user allows the host', () => {
  it.each([
    ['loopback', () => `http://127.0.0.1:${port}/secret`, 'a loopback address'],
    ['loopback by name', () => `http://localhost:${port}/secret`, 'a loopback address'],
    ['IPv6 loopback', () => `http://[::1]:${port}/secret`, 'a loopback address'],
    ['decimal loopback', () => `http://2130706433:${port}/secret`, 'a loopback address'],
    ['IPv4-mapped IPv6', () => `http://[::ffff:127.0.0.1]:${port}/secret`, 'an IPv4-mapped IPv6 address'],
    ['unspecified', () => `http://0.0.0.0:${port}/secret`, 'an unspecified ("this network") address'],
    ['IPv6 unspecified', () => `http://[::]:${port}/secret`, 'the unspecified address'],
    ['private', () => 'http://192.168.1.1/', 'a private address'],
    ['private by name', () => 'http://intranet.test/', 'a private address'],
    ['a name with one private answer', () => 'http://mixed.test/', 'a loopback address'],
    ['CGNAT', () => 'http://100.64.0.1/', 'a carrier-grade NAT address'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', 'a link-local or cloud metadata address'],
    ['IPv6 cloud metadata', () => 'http://[fd00:ec2::254]/', 'a private (unique local) or cloud metadata address'],
    ['link-local IPv6', () => 'http://[fe80::1]/', 'a link-local address'],
    ['multicast', () => 'http://224.0.0.251/', 'a multicast address'],
  ])('refuses %s before connecting', async (_what, url, reason) => {
    const before = hits.get('/secret') ?? 0
    await expect(guardedFetch(url(), { lookup: lookups().lookup })).rejects.toMatchObject({
      kind: 'refused',
      code: 'VALIDATION',
      message: expect.stringContaining(`is ${reason}`),
    })
    expect(hits.get('/secret') ?? 0).toBe(before)
  })

  it.each(['file:///etc/passwd', 'ftp://example.com/x', 'data:image/png;base64,AAAA'])(
    'refuses %s: http(s) only',
    async (url) => {
      await expect(guardedFetch(url, { lookup: lookups().lookup })).rejects.toMatchObject({
        kind: 'refused',
        message: expect.stringContaining('only http and https'),
      })
    },
  )

  it('reaches the test server when the user allows 127.0.0.1', async () => {
    const response = await guardedFetch(`http://127.0.0.1:${port}/image.png`, {
      lookup: lookups().lookup,
      allowHosts: ['127.0.0.1'],
    })
    expect(response).toMatchObject({ status: 200, headers: { 'content-type': 'image/png' } })
    expect(response.body.equals(png)).toBe(true)
  })

  it('checks every redirect again: an allowed host cannot send the fetch to cloud metadata or another loopback name', async () => {
    await expect(
      guardedFetch(`http://127.0.0.1:${port}/to-metadata`, { lookup: lookups().lookup, allowHosts: ['127.0.0.1'] }),
    ).rejects.toMatchObject({ kind: 'refused', message: expect.stringContaining('169.254.169.254') })
    const before = hits.get('/secret') ?? 0
    await expect(
      guardedFetch(`http://localhost:${port}/to-loopback-literal`, {
        lookup: lookups().lookup,
        allowHosts: ['localhost'],
      }),
    ).rejects.toMatchObject({ kind: 'refused', message: expect.stringContaining('127.0.0.1 is a loopback address') })
    expect(hits.get('/secret') ?? 0).toBe(before)
    expect(hits.get('/to-loopback-literal')).toBeGreaterThan(0)
  })

  it('follows at most 5 redirects', async () => {
    const before = loopRequests
    await expect(
      guardedFetch(`http://127.0.0.1:${port}/loop`, { lookup: lookups().lookup, allowHosts: ['127.0.0.1'] }),
    ).rejects.toMatchObject({ kind: 'redirects', message: expect.stringContaining('redirects more than 5 times') })
    // The first request and 5 redirects: 6 requests, not one more.
    expect(loopRequests - before).toBe(6)
  })

  it('connects to the address it checked: a name is resolved once, so a second DNS answer cannot rebind it', async () => {
    const { lookup, calls } = lookups()
    const response = await guardedFetch(`http://rebind.test:${port}/image.png`, { lookup, allowHosts: ['rebind.test'] })
    expect(response.status).toBe(200)
    expect(calls).toEqual(['rebind.test'])
  })

  it('stops a body without Content-Length as soon as it passes the cap, not after reading it all', async () => {
    const started = performance.now()
    await expect(
      guardedFetch(`http://127.0.0.1:${port}/endless`, {
        lookup: lookups().lookup,
        allowHosts: ['127.0.0.1'],
        maxBytes: 1024 * 1024,
      }),
    ).rejects.toMatchObject({ kind: 'too-large', message: expect.stringContaining('is larger than 1 MB') })
    await endlessClosed
    console.log(`the server wrote ${Math.round(endlessWritten / 1024)} KB of a 400 MB body before the client hung up`)
    expect(endlessWritten).toBeLessThan(32 * 1024 * 1024)
    expect(performance.now() - started).toBeLessThan(10_000)
  })

  it('gives up on a server that never answers at the time limit', async () => {
    await expect(
      guardedFetch(`http://127.0.0.1:${port}/silent`, {
        lookup: lookups().lookup,
        allowHosts: ['127.0.0.1'],
        timeoutMs: 300,
      }),
    ).rejects.toMatchObject({
      kind: 'timeout',
      code: 'TIMEOUT',
      message: expect.stringContaining('did not answer within 300 ms'),
    })
  })
})

describe('the doors: workbench remote images over IPC and template check --live-links in the CLI', () => {
  it('templates:fetchImages refuses a loopback image until the host is allowed in settings', async () => {
    const home = tempHome()
    const router = createRouter(testServices(home))
    const url = `http://127.0.0.1:${port}/image.png`
    expect(await router.handle('templates:fetchImages', { urls: [url] }, noEmit)).toEqual({
      ok: true,
      value: [{ url, error: `${url} is refused: 127.0.0.1 is a loopback address` }],
    })
    openConfSettings(home).set(allowedHostsSettingsKey, ['127.0.0.1'])
    expect(await router.handle('templates:fetchImages', { urls: [url] }, noEmit)).toEqual({
      ok: true,
      value: [{ url, dataUrl: `data:image/png;base64,${png.toString('base64')}` }],
    })
  })

  it('template check --live-links does not ask a loopback link unless --allow-host names it', async () => {
    const home = tempHome()
    const services = testServices(home)
    const file = join(home, 'links.html')
    writeFileSync(file, `<html lang="en"><body><a href="http://127.0.0.1:${port}/missing">x</a></body></html>`)
    const before = hits.get('/missing') ?? 0
    const refused = await runCliInProcess(['template', 'check', file, '--live-links', '--json'], services)
    expect(refused.stdout).toContain('was not checked: 127.0.0.1 is a loopback address')
    expect(hits.get('/missing') ?? 0).toBe(before)
    const allowed = await runCliInProcess(
      ['template', 'check', file, '--live-links', '--allow-host', '127.0.0.1', '--json'],
      services,
    )
    expect(allowed.stdout).toContain(`The link http://127.0.0.1:${port}/missing answered 404.`)
  })
})
