import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppServices } from '../../../../electron/services/app-services'
import { systemNetwork } from '../../../../electron/services/net/network'
import { checkWithSpamd } from '../../../../electron/services/spam/spamd-client'
import { testServices } from '../../../helpers/services'
import { liveProcessesInGroup, startSpamd, type SpamdTestServer } from '../../../helpers/spamd-test-server'

const fixtures = resolve(import.meta.dirname, '../../../fixtures/spam')
const gtube = readFileSync(resolve(fixtures, 'gtube.eml'))
const clean = readFileSync(resolve(fixtures, 'clean.eml'))
const network = systemNetwork()
let spamd: SpamdTestServer
let services: AppServices

beforeAll(async () => {
  spamd = await startSpamd()
  services = testServices()
}, 120_000)

afterAll(async () => {
  await services?.inbox.stop()
  await spamd?.stop()
})

describe("SpamAssassin's score from Debian's spamd", { timeout: 90_000 }, () => {
  it('scores the GTUBE message as spam, with the rule that fired', async () => {
    const report = await checkWithSpamd(gtube, { spamd: spamd.address, network })
    expect(report.spamd).toBe(spamd.address)
    expect(report.isSpam).toBe(true)
    expect(report.score).toBeGreaterThanOrEqual(1000)
    expect(report.threshold).toBe(5)
    expect(report.rules).toContainEqual(expect.objectContaining({ name: 'GTUBE', score: 1000 }))
    expect(report.rules.find((r) => r.name === 'GTUBE')?.description).toMatch(/Unsolicited Bulk Email/)
  })

  it('scores a plain personal message as clean, without GTUBE', async () => {
    const report = await checkWithSpamd(clean, { spamd: spamd.address, network })
    expect(report.isSpam).toBe(false)
    expect(report.score).toBeLessThan(report.threshold)
    expect(report.rules.map((r) => r.name)).not.toContain('GTUBE')
  })

  it('scores a message in the test inbox, and keeps the spamd that answered as the setting', async () => {
    const { summary } = await services.inbox.store.add(gtube, { from: 'ada@example.com', to: ['bob@example.org'] })
    const id = summary.id
    const report = await services.spam.checkInboxMessage(id, spamd.address)
    expect(report.isSpam).toBe(true)
    expect(services.spam.spamd()).toBe(spamd.address)
    // Later checks use the setting.
    expect((await services.spam.checkInboxMessage(id)).rules.map((r) => r.name)).toContain('GTUBE')
  })

  it('says how to get a spamd when none is set or none answers', async () => {
    const fresh = testServices()
    await expect(fresh.spam.check(clean)).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'spamd',
      hint: expect.stringMatching(/apt install spamd/),
    })
    const closed = await unusedPort()
    await expect(checkWithSpamd(clean, { spamd: `127.0.0.1:${closed}`, network })).rejects.toMatchObject({
      code: 'CONNECTION_REFUSED',
      message: expect.stringContaining(`No spamd answers at 127.0.0.1:${closed}`),
      hint: expect.stringMatching(/spamd --listen/),
    })
  })

  it('names a server that is not spamd', async () => {
    // An SMTP-like greeting and close: what a user gets who types the wrong port.
    const impostor: Server = createServer((socket) => socket.resume().end('220 smtp.example.com ESMTP\r\n'))
    await new Promise<void>((r) => impostor.listen(0, '127.0.0.1', r))
    try {
      const { port } = impostor.address() as { port: number }
      await expect(checkWithSpamd(clean, { spamd: `127.0.0.1:${port}`, network })).rejects.toMatchObject({
        message: expect.stringMatching(/not SPAMD/),
        hint: expect.stringMatching(/is SpamAssassin's spamd/),
      })
    } finally {
      await new Promise((r) => impostor.close(r))
    }
  })

  // Last: the stop that afterAll would do, checked (stop() is safe to call twice).
  it('leaves no spamd process behind when stopped', async () => {
    await spamd.stop()
    expect(liveProcessesInGroup(spamd.pid)).toEqual([])
  })
})

function unusedPort(): Promise<number> {
  return new Promise((r) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => r(port))
    })
  })
}
