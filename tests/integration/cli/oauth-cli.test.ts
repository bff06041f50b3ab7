import keytar from '@github/keytar'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKeychain } from '../../../electron/services/keychain/keychain'
import { TokenStore, type OAuthTokens } from '../../../electron/services/keychain/token-store'
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

const tokenStore = new TokenStore(createKeychain(keytar))

/** The account's id, as `accounts list --json` names it. */
async function accountId(home: string, name: string): Promise<string> {
  const listed = await cli(['accounts', 'list', '--json'], home)
  return (JSON.parse(listed.stdout) as { id: string; name: string }[]).find((a) => a.name === name)!.id
}

/** The account's tokens as the keychain holds them now. */
async function storedTokens(id: string): Promise<OAuthTokens> {
  const tokens = await tokenStore.read(id)
  if (!tokens) throw new Error(`No tokens stored for ${id}`)
  return tokens
}

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

  it('accounts test refreshes a token the server refuses and passes, then says "sign in again" (exit 75) once the sign-in is revoked', async () => {
    const home = tempHome()
    expect((await addAccount(home, 'Tess')).code).toBe(0)
    expect((await login(home, 'Tess', 'allow')).code).toBe(0)
    const id = await accountId(home, 'Tess')
    const first = { tokens: await storedTokens(id) }

    // The provider revokes the access token (the keychain still thinks it has an hour left).
    await oidc.revoke(first.tokens.accessToken)
    const before = smtp.attempts.length
    const tested = await cli(['accounts', 'test', 'Tess'], home)
    expect(tested.code, tested.stdout + tested.stderr).toBe(0)
    const tries = smtp.attempts.slice(before)
    expect(tries.map((t) => t.ok)).toEqual([false, true])
    expect(tries[0].token).toBe(first.tokens.accessToken)
    expect(tries[1].token).not.toBe(first.tokens.accessToken)
    expect(tested.stdout).toContain('refreshed it, signing in again')
    expect(tested.stdout).toContain('All tests passed')
    const second = { tokens: await storedTokens(id) }
    expect(second.tokens.accessToken).toBe(tries[1].token)

    // Now the user revokes Sendsmith's access altogether: no refresh can help.
    await oidc.revoke(second.tokens.refreshToken!)
    await oidc.revoke(second.tokens.accessToken)
    const refused = await cli(['accounts', 'test', 'Tess'], home)
    expect(refused.code, refused.stdout + refused.stderr).toBe(75)
    expect(refused.stderr).toMatch(/no longer accepts the saved sign-in of Tess: sign in again/)
    expect(refused.stderr).toContain('sendsmith accounts login "Tess"')
    expect(refused.stdout).toContain('The test failed.')
    expect(await tokenStore.read(id)).toBeNull()

    // Signed in again, the test passes at once.
    expect((await login(home, 'Tess', 'allow')).code).toBe(0)
    expect((await cli(['accounts', 'test', 'Tess'], home)).code).toBe(0)

    const tokens = [first.tokens, second.tokens].flatMap((t) => [t.accessToken, t.refreshToken!])
    for (const run of outputs) for (const token of tokens) expect(run.stdout + run.stderr).not.toContain(token)
    for (const file of readAllFiles(home)) for (const token of tokens) expect(file.text, file.path).not.toContain(token)
  }, 90_000) // eight CLI processes, each a Node start on a loaded machine

  it('accounts test says "sign in again" when the server refuses even the refreshed token', async () => {
    const home = tempHome()
    expect((await addAccount(home, 'Rita')).code).toBe(0)
    expect((await login(home, 'Rita', 'allow')).code).toBe(0)
    const before = smtp.attempts.length
    smtp.refuseTokens = true
    try {
      const refused = await cli(['accounts', 'test', 'Rita'], home)
      expect(refused.code, refused.stdout + refused.stderr).toBe(75)
      expect(smtp.attempts.slice(before)).toHaveLength(2) // the stored token, then one refreshed token
      expect(refused.stderr).toMatch(/refused the sign-in of Rita even with a fresh token: sign in again/)
      expect(refused.stderr).toContain('sendsmith accounts login "Rita"')
    } finally {
      smtp.refuseTokens = false
    }
  })

  it('a merge whose connection is refused even after a refresh stops as "sign-in needed" (exit 75), and resumes after accounts login', async () => {
    const home = tempHome()
    expect((await addAccount(home, 'News')).code).toBe(0)
    expect((await login(home, 'News', 'allow')).code).toBe(0)
    const templateFile = join(home, 'letter.html')
    writeFileSync(
      templateFile,
      '<html><head><title>Hello {{name}}</title></head><body><p>Hi {{name}}</p></body></html>',
    )
    const dataFile = join(home, 'list.csv')
    const rows = Array.from({ length: 5 }, (_, i) => `m${i + 1}@example.test,Reader ${i + 1}`)
    writeFileSync(dataFile, ['email,name', ...rows].join('\n') + '\n')
    const received = () => smtp.messages.filter((m) => /Subject: Hello Reader/.test(m.raw)).length
    const receivedBefore = received()

    smtp.refuseTokens = true
    let merged: CliRun
    try {
      merged = await cli(
        ['merge', '--template', templateFile, '--data', dataFile, '--account', 'News', '--connections', '2'],
        home,
      )
    } finally {
      smtp.refuseTokens = false
    }
    expect(merged.code, merged.stdout + merged.stderr).toBe(75)
    const runId = /^Run (\S+) interrupted: 0 sent, 0 failed, 0 may have been delivered, 0 skipped, 5 not sent$/m.exec(
      merged.stdout,
    )?.[1]
    expect(runId, merged.stdout).toBeDefined()
    expect(merged.stderr).toMatch(/refused the sign-in of News even with a fresh token: sign in again/)
    expect(merged.stderr).toContain('sendsmith accounts login "News"')
    expect(received()).toBe(receivedBefore)

    // The rows wait: after signing in again, --resume sends every one of them, once.
    expect((await login(home, 'News', 'allow')).code).toBe(0)
    const resumed = await cli(['merge', '--resume', runId!, '--json'], home)
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0)
    expect(JSON.parse(resumed.stdout.trim().split('\n').at(-1)!)).toMatchObject({ state: 'done', sent: 5 })
    expect(received() - receivedBefore).toBe(5)
  }, 90_000) // six CLI processes and two merges

  it('two processes refreshing one rotating refresh token at once both pass, and the sign-in survives', async () => {
    const home = tempHome()
    expect((await addAccount(home, 'Twin')).code).toBe(0)
    expect((await login(home, 'Twin', 'allow')).code).toBe(0)
    const id = await accountId(home, 'Twin')
    const expireStoredToken = async () => {
      const tokens = await storedTokens(id)
      await tokenStore.write(id, { ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() })
    }
    await expireStoredToken()

    // The provider rotates refresh tokens (public client), and a refresh token used twice revokes
    // the grant. Hold the first refresh until the other process wants one too (it asks the provider,
    // or logs that it waits for the other's lock), and answer a second only after the first: without
    // the lock the second process would refresh with the used token on every run and lose the sign-in.
    const log = join(home, 'logs', 'sendsmith.log')
    const stop = new AbortController()
    const otherWaits = (async () => {
      while (!stop.signal.aborted) {
        if (existsSync(log) && readFileSync(log, 'utf8').includes('"oauth.refresh-waiting"')) return
        await new Promise((r) => setTimeout(r, 25))
      }
    })()
    let requests = 0
    let otherAsked!: () => void
    const otherAsks = new Promise<void>((r) => (otherAsked = r))
    let firstAnswered!: () => void
    const firstDone = new Promise<void>((r) => (firstAnswered = r))
    oidc.tokenGate = async (answer) => {
      if (++requests === 1) {
        await Promise.race([otherAsks, otherWaits])
        await answer().finally(firstAnswered)
      } else {
        otherAsked()
        await firstDone
        await answer()
      }
    }
    let runs: CliRun[]
    try {
      runs = await Promise.all([cli(['accounts', 'test', 'Twin'], home), cli(['accounts', 'test', 'Twin'], home)])
    } finally {
      oidc.tokenGate = undefined
      stop.abort()
    }
    for (const run of runs) expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(requests).toBe(1) // the second process took the tokens the first had just stored
    expect(readFileSync(log, 'utf8')).toContain('"oauth.refresh-waiting"')

    // The refresh token in the keychain is the live one: the next refresh works.
    await expireStoredToken()
    const later = await cli(['accounts', 'test', 'Twin'], home)
    expect(later.code, later.stdout + later.stderr).toBe(0)
  }, 90_000)
})
