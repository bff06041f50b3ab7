import { describe, expect, it } from 'vitest'
import {
  ensureLocalInboxAccount,
  localInboxAccountName,
  startAppInbox,
} from '../../../../electron/services/inbox/default-account'
import { openConfSettings } from '../../../../electron/services/settings/open-conf-settings'
import { testServices } from '../../../helpers/services'

function fresh() {
  const services = testServices()
  return { services, accounts: services.accounts, settings: openConfSettings(services.dataDir) }
}

describe('the "Local test inbox" account', () => {
  it('is created on first start as the default account, pointing at the inbox without TLS or AUTH', async () => {
    const { accounts, settings } = fresh()
    const account = await ensureLocalInboxAccount(accounts, settings, 2525)
    expect(accounts.list()).toEqual([account])
    expect(account).toMatchObject({
      name: localInboxAccountName,
      host: '127.0.0.1',
      port: 2525,
      security: 'none',
      auth: false,
      hasPassword: false,
      isDefault: true,
    })
    expect(accounts.defaultAccount().id).toBe(account!.id)
  })

  it('is created once: later starts keep it, and follow the port when the server had to move', async () => {
    const { accounts, settings } = fresh()
    const first = await ensureLocalInboxAccount(accounts, settings, 2525)
    const same = await ensureLocalInboxAccount(accounts, settings, 2525)
    expect(same).toEqual(first)
    await accounts.save({
      id: first!.id,
      name: localInboxAccountName,
      email: 'me@mine.test',
      host: '127.0.0.1',
      port: 2525,
      security: 'none',
      auth: false,
      username: '',
      allowInsecureAuth: false,
      signatureHtml: '<p>Me</p>',
    })
    const moved = await ensureLocalInboxAccount(accounts, settings, 40123)
    expect(moved).toMatchObject({ id: first!.id, port: 40123, email: 'me@mine.test', signatureHtml: '<p>Me</p>' })
    expect(accounts.list()).toHaveLength(1)
  })

  it('stays deleted once the user deletes it', async () => {
    const { accounts, settings } = fresh()
    const account = await ensureLocalInboxAccount(accounts, settings, 2525)
    await accounts.delete(account!.id)
    expect(await ensureLocalInboxAccount(accounts, settings, 2525)).toBeUndefined()
    expect(accounts.list()).toEqual([])
  })

  it('is not added beside an account of the user that already has the name, nor made default over an existing one', async () => {
    const { accounts, settings } = fresh()
    await accounts.save({
      name: 'Work',
      email: 'me@work.test',
      host: 'smtp.work.test',
      port: 587,
      security: 'starttls',
      auth: false,
      username: '',
      allowInsecureAuth: false,
    })
    const added = await ensureLocalInboxAccount(accounts, settings, 2525)
    expect(added).toMatchObject({ isDefault: false })
    expect(accounts.defaultAccount().name).toBe('Work')

    const other = fresh()
    const own = await other.accounts.save({
      name: 'local test inbox',
      email: 'me@own.test',
      host: 'mail.own.test',
      port: 25,
      security: 'none',
      auth: false,
      username: '',
      allowInsecureAuth: false,
    })
    expect(await ensureLocalInboxAccount(other.accounts, other.settings, 2525)).toBeUndefined()
    expect(other.accounts.list()).toEqual([own])
  })

  it('at app start, the inbox listens and the account points at the port it really got', async () => {
    const { services, accounts, settings } = fresh()
    try {
      const account = await startAppInbox({ inbox: services.inbox, accounts, settings, logger: services.logger })
      const status = services.inbox.status()
      expect(status.running).toBe(true)
      expect(account).toMatchObject({ host: '127.0.0.1', port: status.port })
    } finally {
      await services.inbox.stop()
    }
  })
})
