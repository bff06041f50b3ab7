import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDovecot, type DovecotServer } from '../../helpers/dovecot-test-server'
import { runCli } from '../../helpers/run-cli'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { tempHome } from '../../helpers/temp-home'

const user = 'ada@example.test'
const password = 'cli-Imap-Secret-5'
let dovecot: DovecotServer
let smtp: TestSmtpServer
let home: string
let caFile: string

beforeAll(async () => {
  dovecot = await startDovecot({ users: { [user]: password } })
  smtp = await startTestSmtpServer({ security: 'starttls', users: { [user]: password } })
  home = tempHome()
  caFile = join(home, 'ca.pem')
  writeFileSync(caFile, dovecot.ca)
})
afterAll(async () => {
  await smtp?.close()
  await dovecot?.close()
})

const cli = (args: string[], stdin?: string) => runCli(args, { home, stdin })

describe('sendsmith accounts with IMAP', () => {
  it('add takes the IMAP server and the sent-copy mode; list --json shows them', async () => {
    const added = await cli(
      [
        'accounts',
        'add',
        '--name',
        'Ada',
        '--email',
        user,
        '--host',
        '127.0.0.1',
        '--port',
        String(smtp.port),
        '--security',
        'starttls',
        '--user',
        user,
        '--password-stdin',
        '--ca',
        caFile,
        '--imap-host',
        '127.0.0.1',
        '--imap-port',
        String(dovecot.imapsPort),
        '--imap-security',
        'tls',
        '--sent-copy',
        'always',
      ],
      password,
    )
    expect(added.stderr).toBe('')
    expect(added.code).toBe(0)
    const [account] = JSON.parse((await cli(['accounts', 'list', '--json'])).stdout)
    expect(account.imap).toEqual({
      host: '127.0.0.1',
      port: dovecot.imapsPort,
      security: 'tls',
      username: '',
      sentFolder: '',
    })
    expect(account.sentCopy).toBe('always')
  })

  it('refuses a wrong --imap-security or --sent-copy, naming the choices', async () => {
    const bad = await cli(['accounts', 'edit', 'Ada', '--imap-security', 'ssl'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--imap-security must be none, starttls or tls, not "ssl"')
    const mode = await cli(['accounts', 'edit', 'Ada', '--sent-copy', 'sometimes'])
    expect(mode.code).toBe(2)
    expect(mode.stderr).toContain('--sent-copy must be auto, always or never')
  })

  it('edit changes only what it names; the account test then shows the IMAP step with the Sent folder', async () => {
    // Another IMAP port is another destination for the shared password: without it again, it is dropped.
    const moved = await cli([
      'accounts',
      'edit',
      'Ada',
      '--imap-port',
      String(dovecot.imapPort),
      '--imap-security',
      'starttls',
    ])
    expect(moved.stderr).toContain('the saved password was removed')
    const edited = await cli(['accounts', 'edit', 'Ada', '--password-stdin'], password)
    expect(edited.stderr).toBe('')
    expect(edited.stdout).toContain(`IMAP 127.0.0.1:${dovecot.imapPort} starttls, copy to Sent always`)
    const test = await cli(['accounts', 'test', 'Ada'])
    expect(test.stdout).toMatch(
      /✓ IMAP \(connect, TLS, login, Sent folder\) Signed in as ada@example.test; Sent folder: Sent/,
    )
    expect(test.code).toBe(0)
  })

  it('send puts a copy in Sent once; outbox list and sent list show the copy state', async () => {
    const sent = await cli([
      'send',
      '--account',
      'Ada',
      '--to',
      'bob@example.test',
      '--subject',
      'With a copy',
      '--text',
      'Hi Bob',
    ])
    expect(sent.stderr).toBe('')
    const flushed = await cli(['outbox', 'flush'])
    expect(flushed.code).toBe(0)
    const list = await cli(['sent', 'list'])
    expect(list.stdout).toMatch(/With a copy.*\[copy saved to Sent\]/)
    const ids = await dovecot.messageIds(user, 'Sent')
    const entry = JSON.parse((await cli(['sent', 'list', '--json'])).stdout).find(
      (e: { subject: string }) => e.subject === 'With a copy',
    )
    expect(ids.filter((id) => id === entry.messageId)).toHaveLength(1)
  })

  it('roundtrip --json reports where the message landed and what the receiver recorded', async () => {
    const before = smtp.messages.length
    const running = cli(['accounts', 'roundtrip', 'Ada', '--json', '--timeout', '30'])
    const [message] = (await smtp.waitForMessages(before + 1, 20_000)).slice(before)
    await dovecot.deliver(
      user,
      'INBOX',
      `Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=example.test; dkim=none; dmarc=none\r\n${message.raw.replace(/\r?\n/g, '\r\n')}`,
    )
    const run = await running
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report).toMatchObject({ ok: true, folder: 'INBOX', inSpam: false, sentTo: user })
    expect(report.authenticationResults[0].verdicts[0]).toEqual({
      method: 'spf',
      result: 'pass',
      properties: 'smtp.mailfrom=example.test',
    })
  })

  it('roundtrip without --json prints the verdicts; a message that never comes exits 75 after the timeout', async () => {
    const lost = await cli(['accounts', 'roundtrip', 'Ada', '--timeout', '5'])
    expect(lost.code).toBe(75)
    expect(lost.stderr).toContain('did not arrive')
  })
})
