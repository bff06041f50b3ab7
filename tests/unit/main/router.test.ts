import { describe, expect, it } from 'vitest'
import { createRouter } from '../../../electron/main/router'
import { channels } from '../../../shared/contract'
import { testServices } from '../../helpers/services'

// The router runs over the real services (settings in a temp folder, the test Secret Service).
function router() {
  const services = testServices()
  return { services, router: createRouter(services) }
}
const noEmit = () => {}

describe('the IPC router', () => {
  it('has a handler for every contract channel', () => {
    expect(router().router.channels.sort()).toEqual([...channels].sort())
  })

  it('refuses unknown keys, naming the problem', async () => {
    const reply = await router().router.handle('accounts:list', { evil: true }, noEmit)
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('refuses an unknown channel without throwing', async () => {
    expect(await router().router.handle('shell:exec', {}, noEmit)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Unknown channel shell:exec' },
    })
  })

  it('names the bad field and its fix', async () => {
    const reply = await router().router.handle(
      'accounts:save',
      {
        name: 'A',
        email: 'a@example.com',
        host: 'smtp.example.com',
        port: 0,
        security: 'tls',
        auth: false,
        username: '',
        allowInsecureAuth: false,
      },
      noEmit,
    )
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'port',
        message: 'Port must be from 1 to 65535 (587 for STARTTLS, 465 for SSL/TLS)',
      },
    })
  })

  it('names the bad recipient of a message', async () => {
    const reply = await router().router.handle(
      'mail:send',
      {
        accountId: '3f1c2b9e-6a4d-4e8f-9b2a-1c3d5e7f9a0b',
        to: ['ok@example.com', 'bad@@example.com'],
        cc: [],
        bcc: [],
        subject: 'Hi',
        html: '',
      },
      noEmit,
    )
    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'to',
        message: 'To: "bad@@example.com" is not a valid address: it has more than one @ sign',
      },
    })
  })

  it('refuses a subject with a line break (header injection)', async () => {
    const reply = await router().router.handle(
      'mail:send',
      {
        accountId: '3f1c2b9e-6a4d-4e8f-9b2a-1c3d5e7f9a0b',
        to: ['ok@example.com'],
        cc: [],
        bcc: [],
        subject: 'Hi\r\nBcc: victim@example.com',
        html: '',
      },
      noEmit,
    )
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'subject', message: 'Subject must be one line: remove the line break' },
    })
  })

  it('refuses oversize values', async () => {
    const reply = await router().router.handle(
      'accounts:save',
      {
        name: 'x'.repeat(5000),
        email: 'a@example.com',
        host: 'h.example.com',
        port: 25,
        security: 'none',
        auth: false,
        username: '',
        allowInsecureAuth: false,
      },
      noEmit,
    )
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'name' } })
  })

  it('turns a service error into a typed error', async () => {
    const reply = await router().router.handle(
      'accounts:delete',
      { id: '3f1c2b9e-6a4d-4e8f-9b2a-1c3d5e7f9a0b' },
      noEmit,
    )
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'That account no longer exists' } })
  })

  it('returns saved accounts without any secret', async () => {
    const { router: r } = router()
    const saved = await r.handle(
      'accounts:save',
      {
        name: 'Work',
        email: 'a@example.com',
        host: 'smtp.example.com',
        port: 587,
        security: 'starttls',
        auth: true,
        username: 'a',
        password: 'hunter2-secret',
        allowInsecureAuth: false,
      },
      noEmit,
    )
    expect(saved).toMatchObject({ ok: true, value: { hasPassword: true } })
    const list = await r.handle('accounts:list', {}, noEmit)
    expect(JSON.stringify(list)).not.toContain('hunter2-secret')
  })
})
