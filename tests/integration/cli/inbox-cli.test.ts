import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { InboxMessage, InboxSummary } from '../../../shared/contract'
import { runCli } from '../../helpers/run-cli'
import { tempHome } from '../../helpers/temp-home'
import { expectCode, RawSmtpClient } from '../services/inbox/raw-smtp-client'

const bin = resolve(import.meta.dirname, '../../../bin/sendsmith.js')

interface Serving {
  child: ChildProcessWithoutNullStreams
  port: number
  output: () => string
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>
}

const serving: Serving[] = []
afterEach(async () => {
  await Promise.all(serving.splice(0).map((s) => s.stop()))
})

/** `sendsmith inbox serve ...` as a child process, resolved once it prints where it listens. */
function serve(
  home: string,
  args: string[] = [],
  options: { env?: NodeJS.ProcessEnv; stdin?: string } = {},
): Promise<Serving> {
  const child = spawn(process.execPath, [bin, 'inbox', 'serve', ...args], {
    env: { ...process.env, ...options.env, SENDSMITH_HOME: home },
  })
  if (options.stdin !== undefined) child.stdin.write(options.stdin)
  let output = ''
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`inbox serve did not start:\n${output}`)), 15_000)
    const onData = (data: Buffer) => {
      output += data.toString()
      const match = /Listening on 127\.0\.0\.1:(\d+)[\s\S]*Ctrl\+C stops/.exec(output)
      if (match) {
        clearTimeout(timer)
        const s: Serving = {
          child,
          port: Number(match[1]),
          output: () => output,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM')
            return exited
          },
        }
        serving.push(s)
        resolvePromise(s)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`inbox serve exited with ${code}:\n${output}`)))
  })
}

/** The example every SMTP tutorial gives: SMTP(host, port), ehlo, starttls with a trusted CA, login, sendmail. */
const pythonTutorial = `
import smtplib, ssl, sys
from email.message import EmailMessage

host, port, cafile, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
msg = EmailMessage()
msg["Subject"] = "Hello from smtplib"
msg["From"] = "ada@example.com"
msg["To"] = "bob@example.com"
msg.set_content("Sent the way every tutorial does it.")
msg.add_attachment(b"col1,col2\\n1,2\\n", maintype="text", subtype="csv", filename="report.csv")

context = ssl.create_default_context(cafile=cafile)
with smtplib.SMTP(host, port) as server:
    server.ehlo()
    server.starttls(context=context)
    server.ehlo()
    server.login(user, password)
    server.sendmail(msg["From"], [msg["To"]], msg.as_string())
print("sent")
`

function python(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn('python3', ['-c', pythonTutorial, ...args])
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('close', (code) => resolvePromise({ code, output }))
  })
}

async function listJson(home: string): Promise<InboxSummary[]> {
  const run = await runCli(['inbox', 'list', '--json'], { home })
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout) as InboxSummary[]
}

describe('sendsmith inbox', () => {
  it('serve: Python smtplib (STARTTLS + login) and a raw socket client deliver; list --json shows both; show prints them', async () => {
    const home = tempHome()
    const server = await serve(home, ['--port', '0', '--tls', '--auth', 'tester:s3cret'])
    expect(server.output()).toMatch(/^Listening on 127\.0\.0\.1:\d+ \(STARTTLS, AUTH required\)$/m)
    const certPath = /certificate: (\S+) \(sha256:[0-9a-f]{64}\)/.exec(server.output())?.[1]
    expect(certPath).toBeDefined()

    const sent = await python(['127.0.0.1', String(server.port), certPath!, 'tester', 's3cret'])
    expect(sent, sent.output).toMatchObject({ code: 0 })
    const refused = await python(['127.0.0.1', String(server.port), certPath!, 'tester', 'wrong'])
    expect(refused.code).not.toBe(0)
    expect(refused.output).toContain('SMTPAuthenticationError')

    // By hand over node:net: no mail without TLS and a login; with both, it is taken.
    const raw = await RawSmtpClient.connect(server.port)
    expectCode(await raw.read(), 220)
    expect(await raw.command('EHLO raw.example')).toContain('STARTTLS')
    expectCode(await raw.command('MAIL FROM:<raw@example.test>'), 530)
    await raw.startTls(readFileSync(certPath!, 'utf8'))
    expect(await raw.command('EHLO raw.example')).toContain('AUTH PLAIN LOGIN')
    expectCode(await raw.command(`AUTH PLAIN ${Buffer.from('\0tester\0s3cret').toString('base64')}`), 235)
    expectCode(await raw.command('MAIL FROM:<raw@example.test>'), 250)
    expectCode(await raw.command('RCPT TO:<dave@example.test>'), 250)
    expectCode(await raw.command('DATA'), 354)
    expectCode(
      await raw.command('From: raw@example.test\r\nTo: dave@example.test\r\nSubject: Typed by hand\r\n\r\nHello.\r\n.'),
      250,
    )
    raw.destroy()
    await expect.poll(() => server.output()).toContain('Typed by hand')
    expect(server.output()).toMatch(
      /Received [0-9a-f]{8} .* ada@example\.com → bob@example\.com {2}Hello from smtplib {2}\(\d+(\.\d)? (B|KB), attachments\)/,
    )

    const all = await listJson(home)
    expect(all).toMatchObject([
      { subject: 'Typed by hand', from: 'raw@example.test', to: ['dave@example.test'], hasAttachments: false },
      { subject: 'Hello from smtplib', from: 'ada@example.com', to: ['bob@example.com'], hasAttachments: true },
    ])
    const list = all.slice(1)

    const human = await runCli(['inbox', 'list'], { home })
    expect(human.stdout).toContain(`${list[0].id.slice(0, 8)}  `)
    const shown = await runCli(['inbox', 'show', list[0].id.slice(0, 8), '--json'], { home })
    expect(shown.code, shown.stderr).toBe(0)
    const message = JSON.parse(shown.stdout) as InboxMessage
    expect(message).toMatchObject({
      id: list[0].id,
      text: expect.stringContaining('every tutorial'),
      attachments: [{ filename: 'report.csv', contentType: 'text/csv', size: 14 }],
    })
    const rawSource = await runCli(['inbox', 'show', list[0].id, '--raw'], { home })
    expect(rawSource.stdout).toMatch(/^Subject: Hello from smtplib$/m)
    const readable = await runCli(['inbox', 'show', list[0].id], { home })
    expect(readable.stdout).toContain('Subject:  Hello from smtplib')
    expect(readable.stdout).toContain('report.csv  text/csv  14 B')
    expect(readable.stdout).toContain('Sent the way every tutorial does it.')

    expect(await server.stop()).toBe(0)
    expect(server.output()).toContain('Stopped.')
  })

  it('serve without TLS or AUTH takes mail from a raw socket client, and keeps it across restarts', async () => {
    const home = tempHome()
    const first = await serve(home, ['--port', '0'])
    expect(first.output()).toContain('(no TLS, no AUTH)')
    await RawSmtpClient.deliver(first.port, {
      from: 'carol@example.test',
      to: ['dave@example.test'],
      data: 'From: carol@example.test\r\nTo: dave@example.test\r\nSubject: Raw one\r\n\r\nTyped by hand.',
    })
    expect(await first.stop()).toBe(0)

    expect((await listJson(home)).map((m) => m.subject)).toEqual(['Raw one'])
    const second = await serve(home, ['--port', '0'])
    await RawSmtpClient.deliver(second.port, {
      from: 'carol@example.test',
      to: ['erin@example.test'],
      data: 'Subject: Raw two\r\n\r\nAgain.',
    })
    expect((await listJson(home)).map((m) => m.subject)).toEqual(['Raw two', 'Raw one'])
    const searched = await runCli(['inbox', 'list', '--search', 'erin@', '--json'], { home })
    expect((JSON.parse(searched.stdout) as InboxSummary[]).map((m) => m.subject)).toEqual(['Raw two'])
  })

  it('serve survives a junk client while a good one delivers at the same time', async () => {
    const home = tempHome()
    const server = await serve(home, ['--port', '0'])
    const junk = async () => {
      for (let round = 0; round < 3; round++) {
        const bad = await RawSmtpClient.connect(server.port)
        bad.write('DATA\r\nRCPT TO:<nobody@example.test>\r\n')
        bad.write(randomBytes(32 * 1024))
        bad.write(
          'EHLO junk.example\r\nMAIL FROM:<junk@example.test>\r\nRCPT TO:<b@example.test>\r\nDATA\r\nSubject: half\r\n\r\n',
        )
        await new Promise((r) => setTimeout(r, 20))
        // Round 0 hangs up with a reset in the middle of its message, the others after a 1 MB line.
        if (round === 0) bad.reset()
        else {
          bad.write(Buffer.alloc(1024 * 1024, 0x41))
          bad.destroy()
        }
      }
    }
    const good = () =>
      RawSmtpClient.deliver(server.port, {
        from: 'good@example.test',
        to: ['b@example.test'],
        data: 'Subject: Still delivered\r\n\r\nok',
      })
    await Promise.all([junk(), good(), junk()])
    await good()
    expect((await listJson(home)).map((m) => m.subject)).toEqual(['Still delivered', 'Still delivered'])
    expect(server.child.exitCode).toBeNull()
  })

  it('serve says so when the preferred port is taken and uses another', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const taken = (blocker.address() as { port: number }).port
    try {
      const server = await serve(tempHome(), ['--port', String(taken)])
      expect(server.output()).toContain(`Port ${taken} is taken; using ${server.port} instead.`)
      expect(server.port).not.toBe(taken)
    } finally {
      blocker.close()
    }
  })

  it('refuses bad options and unknown ids with exit code 2', async () => {
    const home = tempHome()
    expect(await runCli(['inbox', 'serve', '--auth', ':nouser'], { home })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--auth takes USER, USER:- or "any"'),
    })
    expect(await runCli(['inbox', 'serve', '--port', '70000'], { home })).toMatchObject({ code: 2 })
    expect(await runCli(['inbox', 'show', 'abcdef12'], { home })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('No message has the id "abcdef12"'),
    })
    expect(await runCli(['inbox', 'list'], { home })).toMatchObject({ code: 0, stdout: 'The inbox is empty.\n' })
  })
})

describe('sendsmith inbox serve: the AUTH password never on the command line', () => {
  /** Signs in with AUTH PLAIN over a raw socket and returns the reply code line. */
  async function signIn(port: number, user: string, password: string): Promise<string> {
    const raw = await RawSmtpClient.connect(port)
    try {
      expectCode(await raw.read(), 220)
      expect(await raw.command('EHLO raw.example')).toContain('AUTH PLAIN')
      return await raw.command(`AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`)
    } finally {
      raw.destroy()
    }
  }

  /** What `ps` shows of a process: its whole command line. */
  const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')

  it('reads it from stdin (--auth-stdin or USER:-) or from SENDSMITH_INBOX_PASSWORD; ps shows none of them', async () => {
    const fromStdin = await serve(tempHome(), ['--port', '0', '--auth', 'tester', '--auth-stdin'], {
      stdin: 'Stdin-s3cret\n',
    })
    expectCode(await signIn(fromStdin.port, 'tester', 'Stdin-s3cret'), 235)
    expectCode(await signIn(fromStdin.port, 'tester', 'wrong'), 535)
    expect(commandLine(fromStdin.child.pid!)).not.toContain('s3cret')

    const dash = await serve(tempHome(), ['--port', '0', '--auth', 'tester:-'], { stdin: 'Dash-s3cret\n' })
    expectCode(await signIn(dash.port, 'tester', 'Dash-s3cret'), 235)
    expect(commandLine(dash.child.pid!)).not.toContain('s3cret')

    const fromEnv = await serve(tempHome(), ['--port', '0', '--auth', 'tester'], {
      env: { SENDSMITH_INBOX_PASSWORD: 'Env-s3cret' },
    })
    expectCode(await signIn(fromEnv.port, 'tester', 'Env-s3cret'), 235)
    expect(commandLine(fromEnv.child.pid!)).not.toContain('s3cret')
    for (const s of [fromStdin, dash, fromEnv]) expect(s.output()).not.toContain('s3cret')
  })

  it('says how to give the password when there is none, and warns about one on the command line', async () => {
    const home = tempHome()
    const missing = await runCli(['inbox', 'serve', '--port', '0', '--auth', 'tester'], {
      home,
      env: { SENDSMITH_INBOX_PASSWORD: '' },
    })
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('set SENDSMITH_INBOX_PASSWORD') })
    const empty = await runCli(['inbox', 'serve', '--port', '0', '--auth', 'tester', '--auth-stdin'], { home })
    expect(empty).toMatchObject({ code: 2, stderr: expect.stringContaining('--auth-stdin read an empty password') })
    const visible = await serve(home, ['--port', '0', '--auth', 'tester:visible'])
    expect(visible.output()).toContain('Warning: a password on the command line is visible to other users (ps)')
  })
})
