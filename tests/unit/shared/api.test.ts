import { describe, expect, it } from 'vitest'
import { buildSendsmithApi } from '../../../shared/api'
import { channels } from '../../../shared/contract'

describe('buildSendsmithApi', () => {
  it('exposes one method per contract channel, grouped by domain, and nothing else', () => {
    const api = buildSendsmithApi(
      async () => ({ ok: true, value: [] }),
      () => () => {},
    ) as unknown as Record<string, Record<string, unknown>>
    const methods = Object.entries(api)
      .filter(([key]) => key !== 'on')
      .flatMap(([domain, verbs]) => Object.keys(verbs).map((verb) => `${domain}:${verb}`))
    expect(methods.sort()).toEqual([...channels].sort())
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('passes the channel and payload to invoke and returns a reply that matches the contract', async () => {
    const calls: [string, unknown][] = []
    const api = buildSendsmithApi(
      async (channel, payload) => {
        calls.push([channel, payload])
        return { ok: true, value: { id: '3f1c2b9e-6a4d-4e8f-9b2a-1c3d5e7f9a0b' } }
      },
      () => () => {},
    )
    const reply = await api.accounts.delete({ id: '3f1c2b9e-6a4d-4e8f-9b2a-1c3d5e7f9a0b' })
    expect(calls).toEqual([['accounts:delete', { id: '3f1c2b9e-6a4d-4e8f-9b2a-1c3d5e7f9a0b' }]])
    expect(reply).toEqual({ ok: true, value: { id: '3f1c2b9e-6a4d-4e8f-9b2a-1c3d5e7f9a0b' } })
  })

  it('turns a reply that does not match the contract into an error instead of trusting it', async () => {
    const api = buildSendsmithApi(
      async () => ({ ok: true, value: [{ id: 'x', password: 'leak' }] }),
      () => () => {},
    )
    const reply = await api.accounts.list({})
    expect(reply).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'The reply to accounts:list did not match the contract' },
    })
  })

  it('subscribes to events and hands back the unsubscribe function', () => {
    const seen: unknown[] = []
    let unsubscribed = false
    const api = buildSendsmithApi(
      async () => null,
      (event, listener) => {
        listener({ event })
        return () => (unsubscribed = true)
      },
    )
    const off = api.on('send:progress', (p) => seen.push(p))
    off()
    expect(seen).toEqual([{ event: 'send:progress' }])
    expect(unsubscribed).toBe(true)
  })
})
