import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keychainEntry } from '../../helpers/keychain-entry'
import { runCli } from '../../helpers/run-cli'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { testCertificate } from '../../helpers/test-certificate'
import { tempHome } from '../../helpers/temp-home'

const password = 'edit-Pa55word-7'
let plain: TestSmtpServer
let tls: TestSmtpServer

beforeAll(async () => {
  plain = await startTestSmtpServer({ security: 'plain', users: { ada: password } })
  tls = await startTestSmtpServer({ security: 'tls' })
})
afterAll(async () => {
  await plain.close()
  await tls.close()
})

const add = (home: string, server: TestSmtpServer, security: string, extra: string[] = [], stdin?: string) =>
  runCli(
    ['accounts', 'add', '--name', 'Work', '--email', 'ada@example.test', '--host', 'localhost'].concat([
      '--port',
      String(server.port),
      '--security',
      security,
      ...extra,
    ]),
    { home, stdin },
  )
const send = (home: string, subject: string) =>
  runCli(['send', '--to', 'bob@example.test', '--subject', subject, '--text', 'Hi', '--wait', '0'], { home })

describe('sendsmith accounts edit, and hints in the CLI’s words', () => {
  it('a password over a plain connection needs --allow-insecure-auth, and the error says so in CLI words', async () => {
    const home = tempHome()
    const refused = await add(home, plain, 'none', ['--user', 'ada', '--password-stdin'], password)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('choose --security starttls or tls, or give --allow-insecure-auth')
    expect(refused.stderr).not.toMatch(/tick/i)
  })

  it('a server that wants a login: the hint names accounts edit --user, which then fixes it', async () => {
    const home = tempHome()
    expect((await add(home, plain, 'none')).code).toBe(0)
    const first = await send(home, 'Needs a login')
    expect(first.code).toBe(1)
    expect(first.stderr).toContain('The server requires authentication')
    expect(first.stderr).toContain('sendsmith accounts edit NAME --user U --password-stdin')
    expect(first.stderr).not.toMatch(/tick/i)

    const edited = await runCli(
      ['accounts', 'edit', 'Work', '--user', 'ada', '--password-stdin', '--allow-insecure-auth'],
      { home, stdin: password },
    )
    expect(edited.code, edited.stderr).toBe(0)
    const [account] = JSON.parse((await runCli(['accounts', 'list', '--json'], { home })).stdout)
    expect(account).toMatchObject({ auth: true, username: 'ada', hasPassword: true, allowInsecureAuth: true })
    const second = await send(home, 'Logged in')
    expect(second.code, second.stderr).toBe(0)
    expect(plain.messages.at(-1)).toMatchObject({ authUser: 'ada' })
    await runCli(['accounts', 'remove', 'Work'], { home })
    expect(await keychainEntry(account.id)).toBeNull()
  })

  it('a self-signed certificate: the hint names accounts edit --ca; --name and --email change the From', async () => {
    const home = tempHome()
    expect((await add(home, tls, 'tls')).code).toBe(0)
    const first = await send(home, 'Untrusted')
    expect(first.code).not.toBe(0)
    expect(first.stderr).toContain('sendsmith accounts edit NAME --ca FILE')
    expect(first.stderr).toContain('sendsmith accounts trust NAME --fingerprint')

    const ca = join(home, 'ca.pem')
    writeFileSync(ca, testCertificate().cert)
    const edited = await runCli(
      ['accounts', 'edit', 'Work', '--ca', ca, '--name', 'Ada Lovelace', '--email', 'ada@lovelace.test'],
      { home },
    )
    expect(edited.code, edited.stderr).toBe(0)
    expect(edited.stdout).toContain('Saved Ada Lovelace: SMTP localhost:')
    const second = await send(home, 'Trusted')
    expect(second.code, second.stderr).toBe(0)
    const received = tls.messages.find((m) => m.parsed.subject === 'Trusted')!
    expect(received.parsed.from?.text).toBe('"Ada Lovelace" <ada@lovelace.test>')
  })

  it('edits an account that signs with DKIM: the signing setup is kept, and the edit is not refused', async () => {
    const home = tempHome()
    expect((await add(home, plain, 'none')).code).toBe(0)
    const dkim = await runCli(
      ['accounts', 'dkim', 'Work', '--domain', 'example.test', '--selector', 's1', '--generate'],
      { home },
    )
    expect(dkim.code, dkim.stderr).toBe(0)
    const edited = await runCli(['accounts', 'edit', 'Work', '--name', 'Work DKIM'], { home })
    expect(edited.code, edited.stderr).toBe(0)
    const [account] = JSON.parse((await runCli(['accounts', 'list', '--json'], { home })).stdout)
    expect(account).toMatchObject({ name: 'Work DKIM', dkim: { domain: 'example.test', selector: 's1' } })
  })
})
