import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  scriptedBrowser,
  startTestOidcProvider,
  testClientId,
  type TestOidcProvider,
} from '../../helpers/oidc-test-provider'
import { runCli, type CliRun } from '../../helpers/run-cli'
import { readAllFiles, tempHome } from '../../helpers/temp-home'
import { testCertificate } from '../../helpers/test-certificate'
import { startXoauth2SmtpServer, type Xoauth2SmtpServer } from '../../helpers/xoauth2-smtp-server'

const user = 'grace@example.test'
const bin = resolve(import.meta.dirname, '../../../bin/sendsmith.js')
let oidc: TestOidcProvider
let smtp: Xoauth2SmtpServer
const outputs: CliRun[] = []

beforeAll(async () => {
  oidc = await startTestOidcProvider()
  smtp = await startXoauth2SmtpServer(oidc)
})
afterAll(async () => {
  await smtp?.close()
  await oidc?.close()
})

async function cli(args: string[], home: string): Promise<CliRun> {
  const run = await runCli(args, { home })
  outputs.push(run)
  return run
}

/**
 * `sendsmith accounts login NAME --no-browser` as a user runs it: read the address from stderr, sign
 * in with the "browser", and wait for the command to finish.
 */
function login(home: string, name: string, consent: 'allow' | 'deny'): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, 'accounts', 'login', name, '--no-browser'], {
      env: { ...process.env, SENDSMITH_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let browsing: Promise<unknown> | undefined
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
      const url = /^Open this address to sign in: (\S+)$/m.exec(stderr)?.[1]
      if (url && !browsing) browsing = scriptedBrowser(url, { login: user, consent }).catch(fail)
    })
    child.on('error', fail)
    child.on('close', async (code) => {
      await browsing
      const run = { code: code ?? -1, stdout, stderr }
      outputs.push(run)
      done(run)
    })
  })
}

async function addAccount(home: string, name: string): Promise<CliRun> {
  const ca = join(home, 'ca.pem')
  writeFileSync(ca, testCertificate().cert)
  return cli(
    [
      'accounts',
      'add',
      '--name',
      name,
      '--email',
      user,
      '--host',
      'localhost',
      '--port',
      String(smtp.port),
      '--security',
      'starttls',
      '--ca',
      ca,
      '--auth',
      'oauth2',
      '--oauth-provider',
      'custom',
      '--issuer',
      oidc.issuer,
      '--client-id',
      testClientId,
      '--scope',
      'openid offline_access smtp',
    ],
    home,
  )
}

describe('sendsmith accounts add --auth oauth2 and accounts login', () => {
  it('signs in from the command line, then accounts test and send work like any account', async () => {
    const home = tempHome()
    const added = await addAccount(home, 'Grace')
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toContain('Next, sign in: sendsmith accounts login "Grace"')

    const signedIn = await login(home, 'Grace', 'allow')
    expect(signedIn.code, signedIn.stderr).toBe(0)
    expect(signedIn.stderr.split('\n').filter((l) => l.startsWith('Open this address to sign in: '))).toHaveLength(1)
    expect(signedIn.stderr).toMatch(/code_challenge_method=S256/)
    expect(signedIn.stdout).toContain('Signed in Grace; the tokens are in the system keychain')

    const tested = await cli(['accounts', 'test', 'Grace'], home)
    expect(tested.code, tested.stdout + tested.stderr).toBe(0)
    const sent = await cli(
      ['send', '--account', 'Grace', '--to', 'bob@example.test', '--subject', 'From the CLI', '--text', 'Hi'],
      home,
    )
    expect(sent.code, sent.stderr).toBe(0)
    expect(smtp.messages.at(-1)?.raw).toContain('Subject: From the CLI')
    expect(smtp.messages.at(-1)?.user).toBe(user)

    // The token never reaches the data folder, the logs or the command's output.
    const token = smtp.attempts.at(-1)!.token
    for (const file of readAllFiles(home)) expect(file.text, file.path).not.toContain(token)
    for (const run of outputs) expect(run.stdout + run.stderr).not.toContain(token)
  })

  it('exits 2 when the sign-in is denied in the browser, and stores nothing', async () => {
    const home = tempHome()
    expect((await addAccount(home, 'Denied')).code).toBe(0)
    const denied = await login(home, 'Denied', 'deny')
    expect(denied.code).toBe(2)
    expect(denied.stderr).toMatch(/was declined/)
    const send = await cli(
      ['send', '--account', 'Denied', '--to', 'bob@example.test', '--subject', 'x', '--text', 'x', '--wait', '0'],
      home,
    )
    expect(send.code).toBe(75)
    expect(send.stderr).toMatch(/needs you to sign in/)
    expect(send.stderr).toMatch(/stays in the outbox/)
  })

  it('refuses --auth oauth2 for a host it cannot place, naming the option to add', async () => {
    const home = tempHome()
    const run = await cli(
      [
        'accounts',
        'add',
        '--name',
        'X',
        '--email',
        user,
        '--host',
        'mail.example.test',
        '--port',
        '587',
        '--security',
        'starttls',
        '--auth',
        'oauth2',
      ],
      home,
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--oauth-provider/)
  })
})
