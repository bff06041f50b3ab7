import { readFileSync, writeFileSync } from 'node:fs'
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

  it('--imap-password-stdin gives IMAP its own password (keychain only); --same-imap-password goes back to the SMTP one', async () => {
    const both = await cli(['accounts', 'edit', 'Ada', '--password-stdin', '--imap-password-stdin'], password)
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('both read standard input')

    const own = await cli(['accounts', 'edit', 'Ada', '--imap-password-stdin'], 'wrong-Imap-Secret-9\n')
    expect(own.stderr).toBe('')
    expect(own.stdout).toContain('(own password)')
    const [listed] = JSON.parse((await cli(['accounts', 'list', '--json'])).stdout)
    expect(listed).toMatchObject({ hasPassword: true, hasImapPassword: true })
    expect(readFileSync(join(home, 'settings.json'), 'utf8')).not.toContain('wrong-Imap-Secret-9')
    // dovecot refuses that password: the IMAP step fails, SMTP still signs in with its own.
    const refused = await cli(['accounts', 'test', 'Ada'])
    expect(refused.code).not.toBe(0)
    expect(refused.stdout).toMatch(/✓ Authentication/)
    expect(refused.stdout).toMatch(/✗ IMAP/)
    expect(refused.stdout + refused.stderr).not.toContain('wrong-Imap-Secret-9')

    const same = await cli(['accounts', 'edit', 'Ada', '--same-imap-password'])
    expect(same.stdout).not.toContain('(own password)')
    expect((await cli(['accounts', 'test', 'Ada'])).code).toBe(0)
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

  it('outbox list shows a copy waiting while IMAP is down; once IMAP is back, outbox retry-copy saves it once and the list is clear', async () => {
    await dovecot.stop()
    let sent
    try {
      sent = await cli([
        'send',
        '--account',
        'Ada',
        '--to',
        'bob@example.test',
        '--subject',
        'Copy later',
        '--text',
        'Hi',
      ])
      const list = await cli(['outbox', 'list'])
      expect(list.stdout).toMatch(/Copy later.*\[copy waiting/)
      const json = JSON.parse((await cli(['outbox', 'list', '--json'])).stdout)
      expect(json.find((e: { subject: string }) => e.subject === 'Copy later')?.sentCopy?.state).toBe('waiting')
    } finally {
      await dovecot.start()
    }
    expect(sent.code).toBe(0)
    const waiting = JSON.parse((await cli(['outbox', 'list', '--json'])).stdout).find(
      (e: { subject: string }) => e.subject === 'Copy later',
    )
    const retried = await cli(['outbox', 'retry-copy', waiting.id.slice(0, 8)])
    expect(retried.code).toBe(0)
    expect(retried.stdout).toMatch(/Copy later\s+\[copy saved to Sent\]/)
    // Saved: nothing is left to retry.
    expect((await cli(['outbox', 'retry-copy', waiting.id.slice(0, 8)])).code).toBe(2)
    expect((await cli(['outbox', 'flush'])).code).toBe(0)
    expect((await cli(['outbox', 'list'])).stdout).not.toContain('Copy later')
    expect((await cli(['sent', 'list'])).stdout).toMatch(/Copy later.*\[copy saved to Sent\]/)
    const entry = JSON.parse((await cli(['sent', 'list', '--json'])).stdout).find(
      (e: { subject: string }) => e.subject === 'Copy later',
    )
    expect((await dovecot.messageIds(user, 'Sent')).filter((id) => id === entry.messageId)).toHaveLength(1)
  })

  it('merge saves no copies unless --save-sent-copy; with it each delivered row is in Sent once, also after IMAP down and --resume', async () => {
    const templateFile = join(home, 'merge.html')
    writeFileSync(templateFile, '<html><head><title>Code {{code}}</title></head><body>Hi {{name}}</body></html>')
    const list = (tag: string) => {
      const file = join(home, `${tag}.csv`)
      writeFileSync(
        file,
        ['email,name,code', ...[1, 2, 3].map((n) => `p${n}@example.test,P${n},${tag}${n}`)].join('\n'),
      )
      return file
    }
    const subjects = async (tag: string) =>
      smtp.messages.filter((m) => m.parsed.subject?.startsWith(`Code ${tag}`)).map((m) => m.parsed.messageId)
    const inSent = async (ids: (string | undefined)[]) => {
      const all = await dovecot.messageIds(user, 'Sent')
      return ids.map((id) => all.filter((s) => s === id).length)
    }

    const plain = await cli(['merge', '--template', templateFile, '--data', list('plain'), '--account', 'Ada'])
    expect(plain.code, plain.stderr).toBe(0)
    expect(plain.stdout).not.toContain('Copies in Sent')
    expect(await inSent(await subjects('plain'))).toEqual([0, 0, 0])

    const copied = await cli([
      'merge',
      '--template',
      templateFile,
      '--data',
      list('copy'),
      '--account',
      'Ada',
      '--save-sent-copy',
    ])
    expect(copied.code, copied.stderr).toBe(0)
    expect(copied.stdout).toContain('Copies in Sent: 3 saved')
    expect(await inSent(await subjects('copy'))).toEqual([1, 1, 1])

    await dovecot.stop()
    let down
    try {
      down = await cli([
        'merge',
        '--template',
        templateFile,
        '--data',
        list('down'),
        '--account',
        'Ada',
        '--save-sent-copy',
        '--json',
      ])
    } finally {
      await dovecot.start()
    }
    const result = JSON.parse(down.stdout.trim().split('\n').pop()!)
    expect(result).toMatchObject({ event: 'result', state: 'done', sent: 3, sentCopies: { saved: 0, waiting: 3 } })
    expect(await inSent(await subjects('down'))).toEqual([0, 0, 0])
    const resumed = await cli(['merge', '--resume', result.runId])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stdout).toContain('Copies in Sent: 3 saved')
    expect(await inSent(await subjects('down'))).toEqual([1, 1, 1])
    const runs = (await cli(['merge', '--list'])).stdout
    expect(runs).toMatch(new RegExp(`${result.runId} .* 3/3 sent, 0 failed, 0 uncertain, 3 copies in Sent  Code`))
    expect(runs.match(/copies in Sent/g)).toHaveLength(2)
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
