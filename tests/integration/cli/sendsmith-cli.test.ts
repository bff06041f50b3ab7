import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secretForms } from '../../../electron/services/errors/redact-secrets'
import { keychainEntry } from '../../helpers/keychain-entry'
import { runCli, type CliRun } from '../../helpers/run-cli'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { testCertificate } from '../../helpers/test-certificate'
import { readAllFiles, tempHome } from '../../helpers/temp-home'

const password = 'cli-Pa55word-42'
let smtp: TestSmtpServer
const outputs: CliRun[] = []
const homes: string[] = []

async function cli(
  args: string[],
  options: { home: string; stdin?: string; env?: NodeJS.ProcessEnv },
): Promise<CliRun> {
  const run = await runCli(args, options)
  outputs.push(run)
  return run
}

function newHome(): string {
  const home = tempHome()
  homes.push(home)
  return home
}

async function addTlsAccount(home: string): Promise<CliRun> {
  const ca = join(home, 'ca.pem')
  writeFileSync(ca, testCertificate().cert)
  return cli(
    [
      'accounts',
      'add',
      '--name',
      'Work',
      '--email',
      'ada@example.test',
      '--host',
      'localhost',
      '--port',
      String(smtp.port),
      '--security',
      'tls',
      '--user',
      'ada',
      '--password-stdin',
      '--ca',
      ca,
    ],
    { home, stdin: `${password}\n` },
  )
}

beforeAll(async () => {
  smtp = await startTestSmtpServer({ security: 'tls', users: { ada: password } })
})
afterAll(async () => {
  await smtp.close()
})

describe('sendsmith CLI', () => {
  it('adds an account with the password from stdin and lists it without the secret', async () => {
    const home = newHome()
    const added = await addTlsAccount(home)
    expect(added.stderr).toBe('')
    expect(added.code).toBe(0)
    expect(added.stdout).toContain('password in the system keychain')

    const list = await cli(['accounts', 'list', '--json'], { home })
    const [account] = JSON.parse(list.stdout)
    expect(account).toMatchObject({
      name: 'Work',
      email: 'ada@example.test',
      port: smtp.port,
      security: 'tls',
      hasPassword: true,
    })
    expect(account).not.toHaveProperty('password')
    expect(await keychainEntry(account.id)).toBe(password)
  })

  it('sends an HTML file over implicit TLS and prints one JSON result', async () => {
    const home = newHome()
    await addTlsAccount(home)
    const html = join(home, 'mail.html')
    writeFileSync(html, '<p>Invoice <strong>#42</strong> attached.</p>')
    const before = smtp.messages.length

    const sent = await cli(
      [
        'send',
        '--account',
        'Work',
        '--to',
        'bob@example.test, Carol <carol@example.test>',
        '--bcc',
        'audit@example.test',
        '--subject',
        'Invoice 42',
        '--html',
        html,
        '--json',
      ],
      { home },
    )

    expect(sent.stderr).toBe('')
    expect(sent.code).toBe(0)
    const result = JSON.parse(sent.stdout)
    expect(Object.keys(result).sort()).toEqual([
      'accepted',
      'elapsedMs',
      'messageId',
      'ok',
      'outboxId',
      'recipients',
      'rejected',
      'response',
    ])
    expect(result).toMatchObject({
      ok: true,
      accepted: ['bob@example.test', 'carol@example.test', 'audit@example.test'],
      rejected: [],
      recipients: [
        { address: 'bob@example.test', state: 'accepted' },
        { address: 'carol@example.test', state: 'accepted' },
        { address: 'audit@example.test', state: 'accepted' },
      ],
    })
    expect(result.response).toMatch(/^250 /)
    const received = (await smtp.waitForMessages(before + 1))[before]
    expect(received.parsed.subject).toBe('Invoice 42')
    expect(received.parsed.html).toContain('<strong>#42</strong>')
    expect(received.parsed.messageId).toBe(result.messageId)
    expect(received.authUser).toBe('ada')
    expect(received.raw).not.toContain('audit@example.test')
  })

  it('sends attachments, inline images, Reply-To and custom headers, with a text part made from the HTML', async () => {
    const home = newHome()
    await addTlsAccount(home)
    const html = join(home, 'news.html')
    writeFileSync(html, '<p>Hello <b>team</b></p><img src="cid:pixel.png" alt="logo">')
    const before = smtp.messages.length
    const sent = await cli(
      [
        'send',
        '--to',
        'bob@example.test',
        '--reply-to',
        'team@example.test',
        '--subject',
        'News',
        '--html',
        html,
        '--attach',
        'tests/fixtures/report.pdf',
        '--inline',
        'tests/fixtures/pixel.png',
        '--header',
        'X-Campaign: autumn',
        '--json',
      ],
      { home },
    )
    expect(sent.stderr).toBe('')
    expect(sent.code).toBe(0)
    const received = (await smtp.waitForMessages(before + 1))[before]
    expect(received.parsed.text).toContain('Hello team')
    expect(received.parsed.attachments.map((a) => [a.filename, a.contentType, a.contentId ?? null])).toEqual([
      ['pixel.png', 'image/png', '<pixel.png>'],
      ['report.pdf', 'application/pdf', null],
    ])
    expect(received.parsed.replyTo?.text).toBe('team@example.test')
    expect(received.parsed.headers.get('x-campaign')).toBe('autumn')
  })

  it('refuses a header that has its own option, naming it', async () => {
    const home = newHome()
    await addTlsAccount(home)
    const run = await cli(
      ['send', '--to', 'bob@example.test', '--subject', 'x', '--text', 'hi', '--header', 'Bcc: spy@example.test'],
      { home },
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('This header has its own field (or is written by Sendsmith): use the field instead')
  })

  it('exits 2 and names the bad address when a recipient does not parse', async () => {
    const home = newHome()
    await addTlsAccount(home)
    const before = smtp.messages.length
    const run = await cli(
      ['send', '--account', 'Work', '--to', 'bob@@example.test', '--subject', 'x', '--text', 'hi'],
      { home },
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('"bob@@example.test" is not a valid address')
    expect(smtp.messages.length).toBe(before)
  })

  it('exits 2 for a bad port and names the field and the fix', async () => {
    const run = await cli(
      [
        'accounts',
        'add',
        '--name',
        'X',
        '--email',
        'x@example.test',
        '--host',
        'localhost',
        '--port',
        '70000',
        '--security',
        'tls',
      ],
      { home: newHome() },
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Port must be from 1 to 65535 \(587 for STARTTLS, 465 for SSL\/TLS\) \(port\)/)
  })

  it('a refused connection is temporary: exits 75 after --wait with the message left in the outbox', async () => {
    const home = newHome()
    const run1 = await cli(
      [
        'accounts',
        'add',
        '--name',
        'Dead',
        '--email',
        'x@example.test',
        '--host',
        '127.0.0.1',
        '--port',
        '9',
        '--security',
        'none',
      ],
      { home },
    )
    expect(run1.code).toBe(0)
    const run = await cli(
      [
        'send',
        '--account',
        'Dead',
        '--to',
        'bob@example.test',
        '--subject',
        'Kept',
        '--text',
        'hi',
        '--json',
        '--wait',
        '0',
      ],
      { home },
    )
    expect(run.code).toBe(75)
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      state: 'retrying',
      error: { code: 'CONNECTION_REFUSED' },
    })
    expect(run.stderr).toContain('127.0.0.1:9 refused the connection')
    expect(run.stderr).toContain('The message stays in the outbox')
    const outbox = JSON.parse((await cli(['outbox', 'list', '--json'], { home })).stdout)
    expect(outbox).toMatchObject([
      { subject: 'Kept', state: 'retrying', attempts: 1, envelope: { to: ['bob@example.test'] } },
    ])
  })

  it('a wrong password exits 1 with the authentication advice', async () => {
    const home = newHome()
    const ca = join(home, 'ca.pem')
    writeFileSync(ca, testCertificate().cert)
    await cli(
      [
        'accounts',
        'add',
        '--name',
        'Wrong',
        '--email',
        'ada@example.test',
        '--host',
        'localhost',
        '--port',
        String(smtp.port),
        '--security',
        'tls',
        '--user',
        'ada',
        '--password-stdin',
        '--ca',
        ca,
      ],
      { home, stdin: 'not-the-password' },
    )
    const run = await cli(
      ['send', '--account', 'Wrong', '--to', 'bob@example.test', '--subject', 'x', '--text', 'hi'],
      { home },
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Authentication failed')
    expect(run.stderr).toContain('server said: 535')
  })

  it('removes an account and its keychain entry', async () => {
    const home = newHome()
    await addTlsAccount(home)
    const [account] = JSON.parse((await cli(['accounts', 'list', '--json'], { home })).stdout)
    const removed = await cli(['accounts', 'remove', 'Work'], { home })
    expect(removed.code).toBe(0)
    expect(JSON.parse((await cli(['accounts', 'list', '--json'], { home })).stdout)).toEqual([])
    expect(await keychainEntry(account.id)).toBeNull()
  })

  it('without a Secret Service, says so and stores no account and no password', async () => {
    const home = newHome()
    const env = { DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '' }
    const run = await cli(
      [
        'accounts',
        'add',
        '--name',
        'NoKeyring',
        '--email',
        'x@example.test',
        '--host',
        'localhost',
        '--port',
        '587',
        '--security',
        'starttls',
        '--user',
        'x',
        '--password-stdin',
      ],
      { home, stdin: password, env },
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/system keychain/)
    expect(run.stderr).toMatch(/GNOME Keyring or KWallet/)
    expect(JSON.parse((await cli(['accounts', 'list', '--json'], { home })).stdout)).toEqual([])
  })

  it('refuses a password given on the command line', async () => {
    const run = await cli(
      [
        'accounts',
        'add',
        '--name',
        'X',
        '--email',
        'x@example.test',
        '--host',
        'localhost',
        '--port',
        '587',
        '--security',
        'starttls',
        '--password',
        password,
      ],
      { home: newHome() },
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("Unknown option '--password'")
  })

  // Runs last in this file: everything above wrote settings, logs and output.
  it('the password is in no settings file, log, output or error text of any run above', () => {
    const forms = secretForms(password, 'ada')
    const files = homes
      .flatMap((home) => readAllFiles(home))
      .filter((f) => !f.path.endsWith('.pem') && !f.path.endsWith('.html'))
    expect(files.filter((f) => f.path.endsWith('settings.json')).length).toBeGreaterThanOrEqual(5)
    expect(files.filter((f) => f.path.endsWith('sendsmith.log')).length).toBeGreaterThanOrEqual(5)
    for (const file of files) for (const form of forms) expect(file.text, file.path).not.toContain(form)
    for (const run of outputs) {
      for (const form of forms) expect(run.stdout + run.stderr).not.toContain(form)
    }
  })
})
