import { randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import keytar from '@github/keytar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Account, AccountInput, OutboxEntry } from '../../../../shared/contract'
import { createRouter } from '../../../../electron/main/router'
import type { AppServices } from '../../../../electron/services/app-services'
import { imapKeychainId } from '../../../../electron/services/accounts/account-store'
import { keychainService } from '../../../../electron/services/keychain/keychain'
import { OutboxStore } from '../../../../electron/services/outbox/outbox-store'
import { startDovecot, type DovecotServer } from '../../../helpers/dovecot-test-server'
import { testServices } from '../../../helpers/services'
import { startTestSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-test-server'

const user = 'ada@example.test'
const smtpPassword = 'smtp-Only-Secret-1'
/** The mailbox's IMAP password differs from the one for sending, as on some hosts. */
const imapPassword = 'imap-Own-Secret-2'
const noEmit = () => {}

let dovecot: DovecotServer
let smtp: TestSmtpServer
let services: AppServices
let router: ReturnType<typeof createRouter>
/** A stand-in IMAP server that only records what a client sends it: where a stolen password would go. */
let attacker: Server
const attackerLines: string[] = []
const savedIds: string[] = []

beforeAll(async () => {
  dovecot = await startDovecot({ users: { [user]: imapPassword } })
  smtp = await startTestSmtpServer({ security: 'starttls', users: { [user]: smtpPassword } })
  services = testServices()
  router = createRouter(services)
  attacker = createServer((socket: Socket) => {
    socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n')
    socket.on('data', (chunk) => {
      for (const line of String(chunk).split('\r\n').filter(Boolean)) {
        attackerLines.push(line)
        const tag = line.split(' ')[0]
        socket.write(`${tag} NO [AUTHENTICATIONFAILED] no\r\n`)
      }
    })
  })
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve))
  await smtp?.close()
  await dovecot?.close()
  for (const id of savedIds) {
    await keytar.deletePassword(keychainService, id)
    await keytar.deletePassword(keychainService, imapKeychainId(id))
  }
})

type Reply = { ok: boolean; value?: Account; error?: { code: string; field?: string } }

function input(overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    name: `Ada ${randomUUID().slice(0, 6)}`,
    email: user,
    host: '127.0.0.1',
    port: smtp.port,
    security: 'starttls',
    auth: true,
    username: user,
    password: smtpPassword,
    allowInsecureAuth: false,
    ca: dovecot.ca,
    imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'starttls' },
    sentCopy: 'always',
    ...overrides,
  }
}

/** Saves through the renderer's door, as the account form does. */
async function save(request: AccountInput): Promise<Account> {
  const reply = (await router.handle('accounts:save', request, noEmit)) as Reply
  expect(reply.error).toBeUndefined()
  savedIds.push(reply.value!.id)
  return reply.value!
}

/** A message the SMTP server took, in sent history with its copy waiting. */
async function sentMessage(account: Account): Promise<OutboxEntry> {
  const messageId = `<${randomUUID()}@example.test>`
  const raw = Buffer.from(
    `From: ${user}\r\nTo: bob@example.test\r\nSubject: Own IMAP password\r\nMessage-ID: ${messageId}\r\n\r\nHi\r\n`,
  )
  const entry: OutboxEntry = {
    id: randomUUID(),
    accountId: account.id,
    messageId,
    subject: 'Own IMAP password',
    envelope: { from: user, to: ['bob@example.test'] },
    size: raw.length,
    createdAt: new Date().toISOString(),
    sendAt: new Date().toISOString(),
    state: 'sent',
    attempts: 1,
    dataComplete: true,
    sentCopy: { state: 'waiting', detail: 'Copy waiting', attempts: 0 },
  }
  const store = new OutboxStore(services.dataDir)
  await store.add(entry, raw)
  await store.moveToSent(entry)
  return entry
}

/** Every file under the data folder (settings, logs, outbox, transcripts), as text. */
async function everyFileText(dir = services.dataDir): Promise<string> {
  let text = ''
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    text += entry.isDirectory() ? await everyFileText(path) : await readFile(path, 'utf8').catch(() => '')
  }
  return text
}

describe('a separate IMAP password (against dovecot)', () => {
  it('signs IMAP in with its own password while SMTP keeps its own; the renderer sees only hasImapPassword', async () => {
    const withSmtpPasswordOnly = await save(input())
    expect(withSmtpPasswordOnly.hasImapPassword).toBeUndefined()
    const refused = await services.imap.copier.attempt((await sentMessage(withSmtpPasswordOnly)).id)
    expect(refused?.sentCopy).toMatchObject({ state: 'failed', lastError: { code: 'AUTH_FAILED' } })

    const account = await save(input({ imapPassword }))
    expect(account).toMatchObject({ hasPassword: true, hasImapPassword: true })
    expect(await keytar.getPassword(keychainService, imapKeychainId(account.id))).toBe(imapPassword)
    expect(await keytar.getPassword(keychainService, account.id)).toBe(smtpPassword)

    const entry = await sentMessage(account)
    const copied = await services.imap.copier.attempt(entry.id)
    expect(copied?.sentCopy).toMatchObject({ state: 'saved', folder: 'Sent' })
    expect((await dovecot.messageIds(user, 'Sent')).filter((id) => id === entry.messageId)).toHaveLength(1)

    // The account test: SMTP signs in with its password, IMAP with its own, and neither is in the report.
    const report = (await router.handle('accounts:test', { accountId: account.id, runId: randomUUID() }, noEmit)) as {
      ok: boolean
      value: { ok: boolean; steps: { id: string; status: string }[] }
    }
    expect(report.value.steps.find((s) => s.id === 'auth')?.status).toBe('ok')
    expect(report.value.steps.find((s) => s.id === 'imap')?.status).toBe('ok')
    expect(JSON.stringify(report)).not.toContain(imapPassword)

    const listed = JSON.stringify(await router.handle('accounts:list', {}, noEmit))
    expect(listed).toContain('"hasImapPassword":true')
    expect(listed).not.toContain(imapPassword)
    // Settings, logs, the outbox and sent history never hold it.
    expect(await everyFileText()).not.toContain(imapPassword)
  })

  it('an edit that points IMAP elsewhere drops the IMAP password (and the SMTP one, which IMAP would use instead): nothing reaches the new server', async () => {
    const account = await save(input({ imapPassword }))
    const {
      id,
      hasPassword: _h,
      hasImapPassword: _hi,
      isDefault: _d,
      createdAt: _c,
      updatedAt: _u,
      ...fields
    } = account
    const moved = await save({
      ...fields,
      id,
      imap: { host: '127.0.0.1', port: (attacker.address() as { port: number }).port, security: 'none' },
      allowInsecureAuth: true,
    })
    expect(moved.hasImapPassword).toBeUndefined()
    expect(moved.hasPassword).toBe(false)
    expect(await keytar.getPassword(keychainService, imapKeychainId(id))).toBeNull()

    const entry = await sentMessage(moved)
    const after = await services.imap.copier.attempt(entry.id)
    expect(after?.sentCopy?.state).toBe('failed')
    expect(after?.sentCopy?.lastError?.code).toBe('PASSWORD_MISSING')
    // Not a byte went there: no login, not even a connection.
    expect(attackerLines).toEqual([])
  })

  it('null goes back to the SMTP password and removes the IMAP one from the keychain; an IMAP password needs an IMAP server', async () => {
    const account = await save(input({ imapPassword }))
    const {
      id,
      hasPassword: _h,
      hasImapPassword: _hi,
      isDefault: _d,
      createdAt: _c,
      updatedAt: _u,
      ...fields
    } = account
    const same = await save({ ...fields, id, imapPassword: null })
    expect(same.hasImapPassword).toBeUndefined()
    expect(same.hasPassword).toBe(true)
    expect(await keytar.getPassword(keychainService, imapKeychainId(id))).toBeNull()

    const refused = (await router.handle(
      'accounts:save',
      input({ imap: undefined, imapPassword: 'x-imap' }),
      noEmit,
    )) as Reply
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'imapPassword' } })

    // Removing the account removes its IMAP password too.
    const other = await save(input({ imapPassword }))
    await router.handle('accounts:delete', { id: other.id }, noEmit)
    expect(await keytar.getPassword(keychainService, imapKeychainId(other.id))).toBeNull()
  })
})
