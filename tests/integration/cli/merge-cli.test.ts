import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/run-cli'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-test-server'
import { tempHome } from '../../helpers/temp-home'

const bin = resolve(import.meta.dirname, '../../../bin/sendsmith.js')
const servers: TestSmtpServer[] = []

const template = `<html><head><title>Your code, {{name}}</title></head><body><p>Hello {{name}}, your code is {{code}}.</p></body></html>`

/** A home with one account (no authentication, so no keychain) pointing at `server`, a template and a list. */
async function setUp(
  server: TestSmtpServer,
  rows: number,
  edit: (row: number, line: string) => string = (_, l) => l,
): Promise<{ home: string; templateFile: string; dataFile: string }> {
  const home = tempHome()
  const added = await runCli(
    [
      'accounts',
      'add',
      '--name',
      'Merge',
      '--email',
      'news@example.test',
      '--host',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--security',
      'none',
    ],
    { home },
  )
  expect(added.code, added.stderr).toBe(0)
  const templateFile = join(home, 'letter.html')
  writeFileSync(templateFile, template)
  const lines = ['email,name,code']
  for (let row = 1; row <= rows; row++) lines.push(edit(row, `r${row}@example.test,Reader ${row},C${row}`))
  const dataFile = join(home, 'list.csv')
  writeFileSync(dataFile, `${lines.join('\n')}\n`)
  return { home, templateFile, dataFile }
}

async function server(
  options: Parameters<typeof startTestSmtpServer>[0] = { security: 'plain' },
): Promise<TestSmtpServer> {
  const s = await startTestSmtpServer(options)
  servers.push(s)
  return s
}

/** Starts `sendsmith merge ... --json` and resolves with the run id from its first line. */
function spawnMerge(
  args: string[],
  home: string,
): { child: ChildProcess; runId: Promise<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, 'merge', ...args, '--json'], {
    env: { ...process.env, SENDSMITH_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const runId = new Promise<string>((resolvePromise, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const newline = out.indexOf('\n')
      if (newline !== -1) resolvePromise((JSON.parse(out.slice(0, newline)) as { runId: string }).runId)
    })
    child.on('exit', () => reject(new Error(`sendsmith exited before naming its run: ${out}`)))
  })
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  return { child, runId, exited }
}

/** How many times the server received each address. */
function receipts(s: TestSmtpServer): Map<string, number> {
  const counts = new Map<string, number>()
  for (const m of s.messages) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1)
  return counts
}

afterAll(async () => {
  for (const s of servers) await s.close()
})

describe('sendsmith merge', () => {
  it('lists invalid rows with their row numbers and sends nothing without --skip-invalid; --dry-run sends nothing either', async () => {
    const smtp = await server()
    const { home, templateFile, dataFile } = await setUp(smtp, 20, (row, line) =>
      row === 4 ? 'r4@,Reader 4,C4' : row === 9 ? 'r9@example.test,,C9' : line,
    )

    const refused = await runCli(['merge', '--template', templateFile, '--data', dataFile, '--account', 'Merge'], {
      home,
    })
    expect(refused.code).toBe(2)
    expect(refused.stdout).toContain('20 rows: 18 valid, 2 invalid')
    expect(refused.stdout).toMatch(/row 4: "r4@" is not a valid address: nothing comes after the @ sign/)
    expect(refused.stdout).toMatch(/row 9: "name" is empty/)
    expect(refused.stderr).toMatch(/2 of 20 rows are invalid, so nothing was sent/)

    const dry = await runCli(['merge', '--template', templateFile, '--data', dataFile, '--dry-run', '--json'], { home })
    expect(JSON.parse(dry.stdout)).toMatchObject({ event: 'dry-run', total: 20, valid: 18, invalid: 2, built: 18 })
    expect(smtp.messages).toHaveLength(0)

    const sent = await runCli(['merge', '--template', templateFile, '--data', dataFile, '--skip-invalid', '--json'], {
      home,
    })
    expect(sent.code, sent.stderr).toBe(0)
    const lines = sent.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines[0]).toMatchObject({ event: 'run', total: 20, valid: 18, invalid: 2 })
    expect(lines.at(-1)).toMatchObject({
      event: 'result',
      ok: true,
      state: 'done',
      sent: 18,
      skipped: 2,
      runId: lines[0].runId,
    })
    expect(smtp.messages).toHaveLength(18)
    const fifth = smtp.messages.find((m) => m.to[0] === 'r5@example.test')!
    expect(fifth.parsed.subject).toBe('Your code, Reader 5')
    expect(fifth.parsed.text).toContain('your code is C5')

    const list = await runCli(['merge', '--list', '--json'], { home })
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ runId: lines[0].runId, state: 'done', sent: 18 }),
    ])
    const results = await runCli(['merge', '--results', lines[0].runId], { home })
    expect(results.stdout.split('\r\n')[4]).toBe(
      '4,r4@,skipped,,,"""r4@"" is not a valid address: nothing comes after the @ sign"',
    )
  })

  it('resumes after SIGKILL while the server holds a reply: every valid recipient is received exactly once, and the one caught after its final "." is flagged', async () => {
    // The 41st message is received but never answered: the process is killed while it waits.
    const smtp = await server({ security: 'plain', dataReplies: [...Array(40).fill('accept'), 'stall'] })
    const { home, templateFile, dataFile } = await setUp(smtp, 120, (row, line) =>
      row === 7 ? 'bad-address,Reader 7,C7' : line,
    )
    const merge = spawnMerge(
      ['--template', templateFile, '--data', dataFile, '--connections', '1', '--skip-invalid'],
      home,
    )
    const runId = await merge.runId
    await smtp.waitForMessages(41)
    merge.child.kill('SIGKILL')
    await merge.exited

    const listed = await runCli(['merge', '--list', '--json'], { home })
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ runId, state: 'interrupted', sent: 40 })

    const resumed = await runCli(['merge', '--resume', runId, '--json'], { home })
    const result = JSON.parse(resumed.stdout.trim().split('\n').at(-1)!)
    expect(result).toMatchObject({ event: 'result', state: 'done', sent: 118, uncertain: 1, skipped: 1, remaining: 0 })
    const counts = receipts(smtp)
    for (let row = 1; row <= 120; row++)
      expect(counts.get(`r${row}@example.test`) ?? 0, `row ${row}`).toBe(row === 7 ? 0 : 1)
    const csv = (await runCli(['merge', '--results', runId], { home })).stdout
    expect(csv).toMatch(/\r\n42,r42@example.test,uncertain,<[^>]+>,,The connection was lost/)
  })

  it('resumes after SIGKILL in the middle of pooled sending: nobody is received twice and nobody is skipped', async () => {
    const smtp = await server()
    const { home, templateFile, dataFile } = await setUp(smtp, 600)
    const merge = spawnMerge(
      ['--template', templateFile, '--data', dataFile, '--connections', '4', '--rate', '400/s'],
      home,
    )
    const runId = await merge.runId
    await smtp.waitForMessages(150)
    merge.child.kill('SIGKILL')
    await merge.exited
    const before = smtp.messages.length
    expect(before).toBeLessThan(600)

    const resumed = await runCli(['merge', '--resume', runId, '--json'], { home })
    const result = JSON.parse(resumed.stdout.trim().split('\n').at(-1)!)
    expect(result).toMatchObject({ state: 'done', remaining: 0 })
    const counts = receipts(smtp)
    const csv = (await runCli(['merge', '--results', runId], { home })).stdout.trim().split('\r\n').slice(1)
    const uncertain = new Set(csv.filter((l) => l.split(',')[2] === 'uncertain').map((l) => l.split(',')[1]))
    // At most one message per connection can be caught between its "sending" record and its reply.
    expect(uncertain.size).toBeLessThanOrEqual(4)
    expect(result.sent + result.uncertain).toBe(600)
    for (let row = 1; row <= 600; row++) {
      const address = `r${row}@example.test`
      const received = counts.get(address) ?? 0
      if (uncertain.has(address)) expect(received, address).toBeLessThanOrEqual(1)
      else expect(received, address).toBe(1)
    }
  })
})
