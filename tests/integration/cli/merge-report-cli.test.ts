import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/run-cli'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { tempHome } from '../../helpers/temp-home'

const bin = resolve(import.meta.dirname, '../../../bin/sendsmith.js')
let smtp: TestSmtpServer
/** `script` children still running when the file ends (a test that timed out) are killed with it. */
const terminals = new Set<ChildProcess>()

beforeAll(async () => {
  smtp = await startTestSmtpServer({ security: 'plain' })
})
afterAll(async () => {
  for (const child of terminals) child.kill('SIGKILL')
  await smtp.close()
})

/** A data folder with one account pointing at the test server, a template and a list. */
async function setUp(template: string, csv: string): Promise<{ home: string; args: string[] }> {
  const home = tempHome()
  const added = await runCli(
    ['accounts', 'add', '--name', 'News', '--email', 'news@example.test', '--host', '127.0.0.1'].concat([
      '--port',
      String(smtp.port),
      '--security',
      'none',
    ]),
    { home },
  )
  expect(added.code, added.stderr).toBe(0)
  writeFileSync(join(home, 'welcome.html'), template)
  writeFileSync(join(home, 'list.csv'), csv)
  return { home, args: ['merge', '--template', join(home, 'welcome.html'), '--data', join(home, 'list.csv')] }
}

/** Runs the built CLI under `script`, so its stderr is a terminal (what a person at a shell has). */
function runInTerminal(args: string[], home: string): Promise<{ code: number; output: string }> {
  const command = [
    'stty cols 200;',
    JSON.stringify(process.execPath),
    JSON.stringify(bin),
    ...args.map((a) => JSON.stringify(a)),
  ]
  return new Promise((done, reject) => {
    const child = spawn('script', ['-qec', command.join(' '), '/dev/null'], {
      env: { ...process.env, SENDSMITH_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    terminals.add(child)
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      terminals.delete(child)
      done({ code: code ?? -1, output })
    })
  })
}

const rows = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i + 1)).join('\n')

describe('sendsmith merge: one run tells everything', () => {
  it('names every merge field no column fills in one run, each with the --field to map it', async () => {
    // A welcome template in the style of Postmark's: eight fields the list does not have.
    const fields = [
      'product_name',
      'action_url',
      'login_url',
      'username',
      'trial_length',
      'support_email',
      'sender_name',
      'company_name',
    ]
    const body = fields.map((f) => `<p>{{${f}}}</p>`).join('')
    const { home, args } = await setUp(
      `<html><head><title>Welcome, {{name}}</title></head><body><p>Hi {{name}}</p>${body}</body></html>`,
      'email,name\nada@example.test,Ada\n',
    )
    const run = await runCli([...args, '--dry-run'], { home })
    expect(run.code).toBe(2)
    for (const field of fields) {
      expect(run.stderr).toContain(`{{${field}}}`)
      expect(run.stderr).toContain(`--field ${field}=COLUMN`)
    }
    expect(run.stderr).toContain('which no column fills (columns: email, name)')
  })

  it('--dry-run --skip-invalid exits 0 when valid rows remain, and says the invalid ones would be left out', async () => {
    const { home, args } = await setUp(
      '<html><head><title>Hello {{name}}</title></head><body>Hi {{name}}</body></html>',
      `email,name\n${rows(5, (i) => (i === 2 ? 'not-an-address,Bo' : `r${i}@example.test,R${i}`))}\n`,
    )
    const strict = await runCli([...args, '--dry-run'], { home })
    expect(strict.code).toBe(1)
    const skipping = await runCli([...args, '--dry-run', '--skip-invalid'], { home })
    expect(skipping.code, skipping.stderr).toBe(0)
    expect(skipping.stdout).toContain('5 rows: 4 valid, 1 invalid')
    expect(skipping.stdout).toContain('row 2:')
    expect(skipping.stdout).toContain('With --skip-invalid, the 1 invalid row(s) would be left out.')
    const json = await runCli([...args, '--dry-run', '--skip-invalid', '--json'], { home })
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ event: 'dry-run', valid: 4, invalid: 1, built: 4 })

    const none = await setUp('<html><head><title>x</title></head><body>x</body></html>', 'email\nnope\n')
    const empty = await runCli([...none.args, '--dry-run', '--skip-invalid'], { home: none.home })
    expect(empty.code).toBe(1)
    expect(smtp.messages).toHaveLength(0)
  })

  it('on a terminal, draws a progress bar with the rate and the time left on stderr; piped, and with --json, no bar', async () => {
    const count = 30
    const { home, args } = await setUp(
      '<html><head><title>Note {{name}}</title></head><body>Hi {{name}}</body></html>',
      `email,name\n${rows(count, (i) => `p${i}@example.test,P${i}`)}\n`,
    )
    const before = smtp.messages.length
    // 15 a second: two seconds of sending, long enough for the bar to be redrawn several times.
    const terminal = await runInTerminal([...args, '--rate', '15/s'], home)
    expect(terminal.code, terminal.output).toBe(0)
    const frames = terminal.output.split('\r').filter((f) => f.startsWith('['))
    expect(frames.length, terminal.output).toBeGreaterThan(2)
    expect(terminal.output).toMatch(/\[[#-]{24}\]\s+\d+%\s+\d+\/30\s+[\d.]+ msg\/s\s+about \d+ s left/)
    // The bar is wiped before the summary, which starts on a clean line.
    expect(terminal.output).toMatch(/\r\x1b\[K(\r\n)?Run \S+ done: 30 sent/)
    expect(smtp.messages.length - before).toBe(count)

    const piped = await runCli([...args, '--rate', '15/s'], { home })
    expect(piped.code, piped.stderr).toBe(0)
    expect(piped.stderr).not.toContain('\r')
    expect(piped.stderr).not.toContain('msg/s')

    const json = await runInTerminal([...args, '--rate', '15/s', '--json'], home)
    expect(json.code).toBe(0)
    expect(json.output).not.toMatch(/\[[#-]{24}\]/)
    expect(json.output).toMatch(/"event":"progress"/)
  })
})
