import { randomUUID } from 'node:crypto'
import keytar from '@github/keytar'
import { afterAll, describe, expect, it } from 'vitest'
import { createRouter } from '../../../electron/main/router'
import { keychainService } from '../../../electron/services/keychain/keychain'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { testServices } from '../../helpers/services'

const noEmit = () => {}
const servers: TestSmtpServer[] = []
const savedIds: string[] = []

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
  for (const id of savedIds) await keytar.deletePassword(keychainService, id)
})

async function server(): Promise<TestSmtpServer> {
  const s = await startTestSmtpServer({ security: 'plain', users: { ada: 'correct horse' } })
  servers.push(s)
  return s
}

const base = {
  name: 'Work',
  email: 'ada@example.test',
  host: '127.0.0.1',
  security: 'none',
  auth: true,
  username: 'ada',
  allowInsecureAuth: true,
} as const

type Reply = { ok: boolean; value?: Record<string, unknown>; error?: { code: string } }

async function setUp() {
  const legit = await server()
  const router = createRouter(testServices())
  const saved = (await router.handle(
    'accounts:save',
    { ...base, port: legit.port, password: 'correct horse' },
    noEmit,
  )) as Reply
  expect(saved).toMatchObject({ ok: true, value: { hasPassword: true } })
  const id = saved.value!.id as string
  savedIds.push(id)
  return { router, legit, id }
}

async function testAccount(router: ReturnType<typeof createRouter>, accountId: string): Promise<unknown> {
  return router.handle('accounts:test', { accountId, runId: randomUUID() }, noEmit)
}

describe('a saved password does not follow the account to another server', () => {
  it.each([
    ['port', (attacker: TestSmtpServer) => ({ port: attacker.port })],
    ['host', (attacker: TestSmtpServer) => ({ host: 'localhost', port: attacker.port })],
    ['security', () => ({ security: 'starttls' as const })],
    ['user name', () => ({ username: 'mallory' })],
  ])(
    'after an edit of the %s without a new password, the server the attacker named receives no credentials',
    async (_what, change) => {
      const { router, legit, id } = await setUp()
      const attacker = await server()
      const edited = (await router.handle(
        'accounts:save',
        { ...base, port: legit.port, ...change(attacker), id },
        noEmit,
      )) as Reply
      // The secret is gone: the form asks for it again.
      expect(edited).toMatchObject({ ok: true, value: { hasPassword: false } })
      expect(await keytar.getPassword(keychainService, id)).toBeNull()

      await testAccount(router, id)
      const sent = await router.handle(
        'mail:send',
        { accountId: id, to: ['bob@example.test'], cc: [], bcc: [], subject: 'Hi', html: '<p>Hello</p>' },
        noEmit,
      )
      expect(sent).toMatchObject({ ok: false, error: { code: 'PASSWORD_MISSING' } })
      expect(attacker.authAttempts).toEqual([])
      expect(legit.authAttempts).toEqual([])
    },
  )

  it('an edit that keeps the server and login (a new display name) keeps the password', async () => {
    const { router, legit, id } = await setUp()
    const edited = await router.handle('accounts:save', { ...base, port: legit.port, name: 'Office', id }, noEmit)
    expect(edited).toMatchObject({ ok: true, value: { hasPassword: true } })
    await testAccount(router, id)
    expect(legit.authAttempts).toEqual([{ method: 'PLAIN', username: 'ada', ok: true }])
  })

  it('an edit to another server with the password typed again uses the new password there', async () => {
    const { router, id } = await setUp()
    const other = await server()
    const edited = await router.handle(
      'accounts:save',
      { ...base, port: other.port, id, password: 'correct horse' },
      noEmit,
    )
    expect(edited).toMatchObject({ ok: true, value: { hasPassword: true } })
    await testAccount(router, id)
    expect(other.authAttempts).toEqual([{ method: 'PLAIN', username: 'ada', ok: true }])
  })
})
