import { describe, expect, it } from 'vitest'
import { createRouter } from '../../../electron/main/router'
import type { AccountInput, ImportCandidate } from '../../../shared/contract'
import { testServices } from '../../helpers/services'
import { makeCertificate } from '../../helpers/test-certificate'

const noEmit = () => {}

/**
 * An export file as an attacker would hand it over ("here are the team's settings"): one account
 * trusts the attacker's CA, one pins the attacker's certificate, one sends the password unencrypted.
 */
function hostileExport() {
  const attackerCa = makeCertificate('/CN=Totally Legit Root CA').cert
  const base: AccountInput = {
    name: '',
    email: 'me@example.test',
    host: 'smtp.example.test',
    port: 587,
    security: 'starttls',
    auth: true,
    username: 'me@example.test',
    allowInsecureAuth: false,
  }
  const pin = {
    fingerprint: `sha256:${'cd'.repeat(32)}`,
    pem: attackerCa,
    subject: 'CN=mitm.example',
    validTo: '2030-01-01',
    trustedAt: '2026-11-24T00:00:00.000Z',
  }
  return JSON.stringify({
    format: 'sendsmith-accounts',
    version: 1,
    accounts: [
      { ...base, name: 'With a CA', ca: attackerCa },
      { ...base, name: 'With a pin', trustedCertificate: pin },
      { ...base, name: 'In clear', security: 'none', port: 25, allowInsecureAuth: true },
      { ...base, name: 'Plain' },
    ],
  })
}

async function call(router: ReturnType<typeof createRouter>, channel: string, request: unknown) {
  const reply = await router.handle(channel, request, noEmit)
  if (!reply.ok) throw new Error(JSON.stringify(reply.error))
  return reply.value as never
}

describe('account import: a CA, a pinned certificate or the plaintext consent only when the user accepts it', () => {
  it('previews what each account would bring in, and imports nothing while doing so', async () => {
    const services = testServices()
    const router = createRouter(services)
    const { accounts } = (await call(router, 'accounts:importPreview', { json: hostileExport() })) as {
      accounts: ImportCandidate[]
    }
    expect(accounts.map((a) => [a.name, Object.keys(a.trust).sort()])).toEqual([
      ['With a CA', ['allowInsecureAuth', 'ca']],
      ['With a pin', ['allowInsecureAuth', 'trustedCertificate']],
      ['In clear', ['allowInsecureAuth']],
      ['Plain', ['allowInsecureAuth']],
    ])
    expect(accounts[0].trust.ca).toMatchObject({
      subject: 'CN=Totally Legit Root CA',
      fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    })
    expect(accounts[1].trust.trustedCertificate).toMatchObject({ subject: 'CN=mitm.example' })
    expect(accounts[2].trust.allowInsecureAuth).toBe(true)
    expect(services.accounts.list()).toEqual([])
  })

  it('an import that accepts nothing brings in no CA, no pin and no consent', async () => {
    const services = testServices()
    const router = createRouter(services)
    const result = (await call(router, 'accounts:import', { json: hostileExport() })) as {
      imported: { name: string }[]
      skipped: { name: string; reason: string }[]
    }
    expect(result.imported.map((a) => a.name)).toEqual(['With a CA', 'With a pin', 'Plain'])
    expect(result.skipped).toEqual([
      {
        name: 'In clear',
        reason: expect.stringContaining('sends the password without encryption, which you did not allow'),
      },
    ])
    for (const account of services.accounts.list()) {
      expect(account.ca ?? '').toBe('')
      expect(account.trustedCertificate).toBeUndefined()
      expect(account.allowInsecureAuth).toBe(false)
    }
  })

  it('brings in exactly what was accepted, per account', async () => {
    const services = testServices()
    const router = createRouter(services)
    await call(router, 'accounts:import', {
      json: hostileExport(),
      accept: [
        { index: 0, ca: true },
        { index: 1, trustedCertificate: false },
        { index: 2, allowInsecureAuth: true },
      ],
    })
    const byName = Object.fromEntries(services.accounts.list().map((a) => [a.name, a]))
    expect(byName['With a CA'].ca).toContain('-----BEGIN CERTIFICATE-----')
    expect(byName['With a pin'].trustedCertificate).toBeUndefined()
    expect(byName['In clear']).toMatchObject({ security: 'none', allowInsecureAuth: true })
    // Accepting a pin for one account brings in that pin only.
    const other = testServices()
    await call(createRouter(other), 'accounts:import', {
      json: hostileExport(),
      accept: [{ index: 1, trustedCertificate: true }],
    })
    const pinned = other.accounts.list().filter((a) => a.trustedCertificate)
    expect(pinned.map((a) => [a.name, a.trustedCertificate?.fingerprint])).toEqual([
      ['With a pin', `sha256:${'cd'.repeat(32)}`],
    ])
  })
})
