import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountInput, OutboxEntry } from '../../../../shared/contract'
import type { AppServices } from '../../../../electron/services/app-services'
import { openImap } from '../../../../electron/services/imap/imap-connection'
import { SentCopier } from '../../../../electron/services/imap/sent-copier'
import { OutboxStore } from '../../../../electron/services/outbox/outbox-store'
import type { Network } from '../../../../electron/services/net/network'
import { startDovecot, type DovecotServer } from '../../../helpers/dovecot-test-server'
import { testServices } from '../../../helpers/services'

const user = 'ada@example.test'
const password = 'imap-Secret-7'
/** Names resolve to the loopback address, where dovecot listens. */
const loopback: Network = {
  lookup: async () => [{ address: '127.0.0.1', family: 4 }],
  resolveSrv: async () => [],
  resolveMx: async () => [],
  fetch: () => Promise.reject(new Error('offline')),
}

let dovecot: DovecotServer
let services: AppServices
beforeAll(async () => {
  dovecot = await startDovecot({ users: { [user]: password } })
})
afterAll(async () => {
  services?.imap.copier.stop()
  await dovecot?.close()
})

function account(overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    name: `Ada ${randomUUID().slice(0, 6)}`,
    email: user,
    host: 'smtp.example.test',
    port: 587,
    security: 'starttls',
    auth: true,
    username: user,
    password,
    allowInsecureAuth: false,
    ca: dovecot.ca,
    imap: { host: 'localhost', port: dovecot.imapPort, security: 'starttls' },
    ...overrides,
  }
}

/** A message the SMTP server took: in sent history with its copy state, as the outbox leaves it. */
async function sentMessage(accountId: string): Promise<OutboxEntry> {
  const messageId = `<${randomUUID()}@example.test>`
  const raw = Buffer.from(
    `From: Ada <${user}>\r\nTo: bob@example.test\r\nSubject: Sent copy test\r\nMessage-ID: ${messageId}\r\nDate: ${new Date().toUTCString()}\r\n\r\nHello Bob\r\n`,
  )
  const store = new OutboxStore(services.dataDir)
  const entry: OutboxEntry = {
    id: randomUUID(),
    accountId,
    messageId,
    subject: 'Sent copy test',
    envelope: { from: user, to: ['bob@example.test'] },
    size: raw.length,
    createdAt: new Date().toISOString(),
    sendAt: new Date().toISOString(),
    state: 'sent',
    attempts: 1,
    dataComplete: true,
    sentCopy: services.imap.copier.initialState(services.accounts.get(accountId)),
  }
  await store.add(entry, raw)
  await store.moveToSent(entry)
  return entry
}

const countIn = async (folder: string, messageId: string) =>
  (await dovecot.messageIds(user, folder)).filter((id) => id === messageId).length

describe('the copy in Sent over IMAP (against dovecot)', () => {
  beforeAll(() => {
    services = testServices(undefined, loopback)
  })

  it('finds the \\Sent folder and appends the copy once, marked read, over STARTTLS', async () => {
    const saved = await services.accounts.save(account({ sentCopy: 'always' }))
    const entry = await sentMessage(saved.id)
    expect(entry.sentCopy?.state).toBe('waiting')

    const after = await services.imap.copier.attempt(entry.id)
    expect(after?.sentCopy).toMatchObject({ state: 'saved', folder: 'Sent', detail: 'Copy saved to Sent', attempts: 1 })
    // A second run of the worker finds nothing to do.
    await services.imap.copier.flush({ force: true })
    expect(await countIn('Sent', entry.messageId)).toBe(1)
    const sentList = await services.outbox.sent()
    expect(sentList.find((e) => e.id === entry.id)?.sentCopy?.state).toBe('saved')
  })

  it('over implicit TLS too, with the account CA as the only trust', async () => {
    const saved = await services.accounts.save(
      account({ sentCopy: 'always', imap: { host: 'localhost', port: dovecot.imapsPort, security: 'tls' } }),
    )
    const entry = await sentMessage(saved.id)
    expect((await services.imap.copier.attempt(entry.id))?.sentCopy?.state).toBe('saved')
    expect(await countIn('Sent', entry.messageId)).toBe(1)

    // Without the CA the self-signed certificate is refused: the copy fails for good, nothing appended.
    const untrusted = await services.accounts.save(
      account({ ca: '', sentCopy: 'always', imap: { host: 'localhost', port: dovecot.imapsPort, security: 'tls' } }),
    )
    const refused = await sentMessage(untrusted.id)
    const failed = await services.imap.copier.attempt(refused.id)
    expect(failed?.sentCopy?.state).toBe('failed')
    expect(failed?.sentCopy?.lastError?.code).toBe('CERTIFICATE_INVALID')
    expect(await countIn('Sent', refused.messageId)).toBe(0)
  })

  it('auto mode looks for the Message-ID first and does not append a copy the server already has', async () => {
    const saved = await services.accounts.save(account({ sentCopy: 'auto' }))
    const entry = await sentMessage(saved.id)
    expect(entry.sentCopy?.state).toBe('waiting')
    // The provider filed the submitted message itself, as some servers do.
    await dovecot.deliver(
      user,
      'Sent',
      await readFile(join(new OutboxStore(services.dataDir).sentDir, `${entry.id}.eml`)),
    )
    const after = await services.imap.copier.attempt(entry.id)
    expect(after?.sentCopy).toMatchObject({ state: 'saved', detail: 'Already in Sent' })
    expect(await countIn('Sent', entry.messageId)).toBe(1)

    // And a message the server does not have is appended.
    const other = await sentMessage(saved.id)
    expect((await services.imap.copier.attempt(other.id))?.sentCopy?.detail).toBe('Copy saved to Sent')
    expect(await countIn('Sent', other.messageId)).toBe(1)
  })

  it('auto mode skips Gmail and Microsoft 365, which save sent mail themselves; never means never', async () => {
    const gmail = await services.accounts.save(account({ host: 'smtp.gmail.com', sentCopy: 'auto' }))
    expect((await sentMessage(gmail.id)).sentCopy).toMatchObject({
      state: 'skipped',
      detail: 'Gmail saves sent mail in Sent itself',
    })
    const m365 = await services.accounts.save(account({ host: 'smtp.office365.com', sentCopy: 'auto' }))
    expect((await sentMessage(m365.id)).sentCopy?.detail).toBe('Microsoft 365 saves sent mail in Sent itself')
    const never = await services.accounts.save(account({ sentCopy: 'never' }))
    expect((await sentMessage(never.id)).sentCopy?.state).toBe('skipped')
  })

  it('IMAP down, then up: the copy waits with a retry time, then is appended exactly once', async () => {
    const saved = await services.accounts.save(account({ sentCopy: 'always' }))
    const entry = await sentMessage(saved.id)
    await dovecot.stop()
    let down: OutboxEntry | undefined
    try {
      down = await services.imap.copier.attempt(entry.id)
    } finally {
      await dovecot.start()
    }
    expect(down?.sentCopy).toMatchObject({ state: 'waiting', attempts: 1 })
    expect(down?.sentCopy?.lastError?.code).toBe('CONNECTION_REFUSED')
    expect(Date.parse(down!.sentCopy!.nextAttemptAt!)).toBeGreaterThan(Date.now())
    // Not due yet: an ordinary flush leaves it alone.
    await services.imap.copier.flush()
    expect(await countIn('Sent', entry.messageId)).toBe(0)

    const after = await services.imap.copier.flush({ force: true })
    expect(after.find((e) => e.id === entry.id)?.sentCopy).toMatchObject({ state: 'saved', attempts: 2 })
    expect(await countIn('Sent', entry.messageId)).toBe(1)
  })

  it('an APPEND whose answer was lost is not repeated: the retry finds the copy by its Message-ID', async () => {
    const saved = await services.accounts.save(account({ sentCopy: 'always' }))
    const entry = await sentMessage(saved.id)
    const copier = new SentCopier({
      sentDir: new OutboxStore(services.dataDir).sentDir,
      accounts: services.accounts,
      network: loopback,
      logger: services.logger,
      // The server stores the message, then the connection drops before its OK reaches us.
      open: async (...args) => {
        const client = await openImap(...args)
        const append = client.append.bind(client)
        client.append = async (...appendArgs) => {
          await append(...appendArgs)
          client.close()
          throw Object.assign(new Error('Connection not available'), { code: 'NoConnection' })
        }
        return client
      },
    })
    const lost = await copier.attempt(entry.id)
    expect(lost?.sentCopy).toMatchObject({ state: 'waiting', attempts: 1 })
    expect(await countIn('Sent', entry.messageId)).toBe(1)

    const after = await services.imap.copier.attempt(entry.id, { force: true })
    expect(after?.sentCopy).toMatchObject({ state: 'saved', detail: 'Already in Sent', attempts: 2 })
    expect(await countIn('Sent', entry.messageId)).toBe(1)
  })

  it('pointing the IMAP server elsewhere drops the saved password, which would go there (the form asks again)', async () => {
    const saved = await services.accounts.save(account({ sentCopy: 'always' }))
    const { id, hasPassword: _h, isDefault: _d, createdAt: _c, updatedAt: _u, ...fields } = saved
    const moved = await services.accounts.save({
      ...fields,
      id,
      imap: { host: 'imap.attacker.test', port: 993, security: 'tls', username: '', sentFolder: '' },
    })
    expect(moved.hasPassword).toBe(false)
    // Changing only the copy mode keeps it.
    const again = await services.accounts.save({ ...fields, id, password })
    const { id: _i, hasPassword: _h2, isDefault: _d2, createdAt: _c2, updatedAt: _u2, ...same } = again
    expect((await services.accounts.save({ ...same, id, sentCopy: 'never' })).hasPassword).toBe(true)
  })

  it('a wrong password fails the copy with the server reply and no secret in it', async () => {
    const saved = await services.accounts.save(account({ sentCopy: 'always', password: 'wrong-Password-9' }))
    const entry = await sentMessage(saved.id)
    const after = await services.imap.copier.attempt(entry.id)
    expect(after?.sentCopy?.state).toBe('failed')
    expect(after?.sentCopy?.lastError?.code).toBe('AUTH_FAILED')
    expect(JSON.stringify(after)).not.toContain('wrong-Password-9')
  })

  it('Retry now after fixing the cause: a failed copy is tried at once and appended once', async () => {
    const saved = await services.accounts.save(account({ sentCopy: 'always', password: 'wrong-Password-8' }))
    const entry = await sentMessage(saved.id)
    expect((await services.imap.copier.attempt(entry.id))?.sentCopy?.state).toBe('failed')
    const { id, hasPassword: _h, isDefault: _d, createdAt: _c, updatedAt: _u, ...fields } = saved
    await services.accounts.save({ ...fields, id, password })
    const after = await services.imap.copier.retryNow(entry.id)
    expect(after?.sentCopy).toMatchObject({ state: 'saved', attempts: 2 })
    // A second Retry now does nothing: the copy is saved.
    expect((await services.imap.copier.retryNow(entry.id))?.sentCopy?.attempts).toBe(2)
    expect(await countIn('Sent', entry.messageId)).toBe(1)
  })
})
