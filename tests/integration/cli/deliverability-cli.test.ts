import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DomainReport, InboxMessage, InboxSummary } from '../../../shared/contract'
import { startDnsTestServer, type DnsTestServer } from '../../helpers/dns-test-server'
import { runCli } from '../../helpers/run-cli'
import { tempHome } from '../../helpers/temp-home'

const bin = resolve(import.meta.dirname, '../../../bin/sendsmith.js')
let dns: DnsTestServer
const home = tempHome()
let stopInbox: () => Promise<unknown> = async () => undefined
let inboxPort = 0

beforeAll(async () => {
  dns = await startDnsTestServer([
    { type: 'TXT', name: 'example.test', value: 'v=spf1 ip4:127.0.0.1 -all' },
    { type: 'TXT', name: '_dmarc.example.test', value: 'v=DMARC1; p=quarantine; rua=mailto:d@example.test' },
    { type: 'MX', name: 'example.test', exchange: 'mx.example.test', priority: 10 },
  ])
  // `sendsmith inbox serve` looks up DKIM keys, SPF and DMARC at the test DNS server.
  const child = spawn(
    process.execPath,
    [bin, 'inbox', 'serve', '--port', '0', '--dns-server', `127.0.0.1:${dns.port}`],
    {
      env: { ...process.env, SENDSMITH_HOME: home },
    },
  )
  const exited = new Promise((r) => child.on('exit', r))
  stopInbox = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    return exited
  }
  inboxPort = await new Promise<number>((ok, fail) => {
    let output = ''
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString()
      const match = /Listening on 127\.0\.0\.1:(\d+)/.exec(output)
      if (match) ok(Number(match[1]))
    })
    child.on('exit', (code) => fail(new Error(`inbox serve exited with ${code}: ${output}`)))
  })
})

afterAll(async () => {
  await runCli(['accounts', 'remove', 'Ada'], { home })
  await stopInbox()
  await dns?.close()
})

describe(
  'sendsmith accounts dkim, domain check and inbox show with authentication results',
  { timeout: 120_000 },
  () => {
    it('generates a key, publishes it, sends through the inbox and shows dkim=pass', async () => {
      const add = await runCli(
        [
          'accounts',
          'add',
          '--name',
          'Ada',
          '--email',
          'ada@example.test',
          '--host',
          '127.0.0.1',
          '--port',
          String(inboxPort),
          '--security',
          'none',
        ],
        { home },
      )
      expect(add.stderr).toBe('')
      const dkim = await runCli(
        ['accounts', 'dkim', 'Ada', '--domain', 'example.test', '--selector', 'cli1', '--generate', '--json'],
        { home },
      )
      expect(dkim.code).toBe(0)
      const record = JSON.parse(dkim.stdout) as { name: string; value: string }
      expect(Object.keys(record)).toEqual(['name', 'value'])
      expect(record.name).toBe('cli1._domainkey.example.test')
      dns.add({ type: 'TXT', name: record.name, value: record.value })

      const check = await runCli(
        ['domain', 'check', 'example.test', '--account', 'Ada', '--dns-server', `127.0.0.1:${dns.port}`, '--json'],
        { home },
      )
      const report = JSON.parse(check.stdout) as DomainReport
      expect(report.findings.filter((f) => f.status === 'fail')).toEqual([])
      expect(report.findings.find((f) => f.area === 'dkim')?.message).toMatch(/matches the account's key/)
      expect(check.code).toBe(0)

      const sent = await runCli(
        ['send', '--account', 'Ada', '--to', 'bob@example.test', '--subject', 'Signed', '--text', 'Hi'],
        { home },
      )
      expect(sent.code).toBe(0)
      const list = JSON.parse((await runCli(['inbox', 'list', '--json'], { home })).stdout) as InboxSummary[]
      const shown = await runCli(['inbox', 'show', list[0].id, '--json'], { home })
      const message = JSON.parse(shown.stdout) as InboxMessage
      expect(message.authentication?.dkim[0]).toMatchObject({
        result: 'pass',
        domain: 'example.test',
        selector: 'cli1',
      })
      expect(message.authentication?.spf?.result).toBe('pass')
      expect(message.authentication?.dmarc?.result).toBe('pass')
      const readable = await runCli(['inbox', 'show', list[0].id], { home })
      expect(readable.stdout).toMatch(
        /Auth: +dkim=pass \(d=example.test s=cli1\) spf=pass \(example.test\) dmarc=pass \(p=quarantine\)/,
      )
    })

    it('exits 1 with the fixes when the domain fails a bulk-sender rule', async () => {
      const check = await runCli(['domain', 'check', 'nothing.test', '--dns-server', `127.0.0.1:${dns.port}`], { home })
      expect(check.code).toBe(1)
      expect(check.stdout).toMatch(/FAIL +SPF +nothing.test has no SPF record/)
      expect(check.stdout).toMatch(/fix: +Publish a TXT record at _dmarc.nothing.test/)
      expect(check.stdout).toMatch(/Does NOT meet the Gmail\/Yahoo rules/)
    })

    it('imports a key from stdin, refuses a short one, and turns signing off', async () => {
      const { generateKeyPairSync } = await import('node:crypto')
      const pem = (bits: number) =>
        generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({
          type: 'pkcs1',
          format: 'pem',
        }) as string
      const short = await runCli(
        ['accounts', 'dkim', 'Ada', '--domain', 'example.test', '--selector', 'old', '--key-stdin'],
        {
          home,
          stdin: pem(512),
        },
      )
      expect(short.code).toBe(2)
      expect(short.stderr).toMatch(/512 bits; receivers ignore DKIM keys shorter than 1024/)
      const imported = await runCli(
        ['accounts', 'dkim', 'Ada', '--domain', 'example.test', '--selector', 'imp', '--key-stdin'],
        {
          home,
          stdin: pem(1024),
        },
      )
      expect(imported.stdout).toMatch(/name: +imp._domainkey.example.test/)
      const off = await runCli(['accounts', 'dkim', 'Ada', '--off'], { home })
      expect(off.stdout).toMatch(/DKIM signing is off for Ada/)
      const record = await runCli(['accounts', 'dkim', 'Ada'], { home })
      expect(record.code).toBe(2)
      expect(record.stderr).toMatch(/DKIM signing is off/)
    })
  },
)
