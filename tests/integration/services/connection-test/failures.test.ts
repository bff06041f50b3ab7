import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { checkConnection } from '../../../../electron/services/smtp/connection-test/connection-check'
import { account, closedPort, password, server, statuses, testOptions } from './fixtures'

let silent: Server | undefined
afterEach(() => silent?.close())

describe('Test account settings: failures explained', () => {
  it('a wrong password fails the auth step with the 535 advice; later steps are skipped', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: 'the real one' } })
    const report = await checkConnection(account(smtp.port), password, testOptions({ sendTestTo: 'ada@example.test' }))

    expect(statuses(report.steps)).toEqual([
      ['resolve', 'ok'],
      ['connect', 'ok'],
      ['tls', 'ok'],
      ['ehlo', 'ok'],
      ['auth', 'failed'],
      ['envelope', 'skipped'],
      ['message', 'skipped'],
      ['imap', 'skipped'],
    ])
    expect(report.error).toMatchObject({
      code: 'AUTH_FAILED',
      field: 'password',
      message: `Authentication failed at localhost:${smtp.port}: the user name or password is wrong`,
      response: expect.stringMatching(/^535 /),
    })
    expect(report.error?.hint).toMatch(/app password/)
    const auth = report.steps.find((s) => s.id === 'auth')!
    expect(auth.details).toContainEqual({
      label: 'Server reply',
      value: expect.stringMatching(/^535 .*credentials invalid/),
    })
    expect(smtp.messages).toHaveLength(0)
    // The session still ends politely.
    expect(report.transcript.at(-2)?.text).toBe('QUIT')
  })

  it('534 "application-specific password required" says to create an app password', async () => {
    const smtp = await server({
      security: 'starttls',
      users: { ada: 'app-password' },
      authFailure: { responseCode: 534, message: '5.7.9 Application-specific password required' },
    })
    const report = await checkConnection(account(smtp.port), password, testOptions())
    expect(report.error).toMatchObject({
      code: 'AUTH_FAILED',
      response: expect.stringMatching(/^534 /),
      hint: expect.stringMatching(/needs an app password/),
    })
  })

  it('530 "authentication required" on MAIL FROM tells the user to turn authentication on', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: password } })
    const report = await checkConnection(
      account(smtp.port, { auth: false }),
      undefined,
      testOptions({ rcptTo: ['bob@example.test'] }),
    )
    expect(report.steps.find((s) => s.id === 'envelope')?.status).toBe('failed')
    expect(report.envelope).toEqual([
      { address: 'ada@example.test', kind: 'sender', accepted: false, response: expect.stringMatching(/^530 /) },
    ])
    expect(report.error).toMatchObject({
      code: 'AUTH_REQUIRED',
      field: 'auth',
      hint: expect.stringMatching(/requires authentication/),
    })
  })

  it('SSL/TLS chosen for a STARTTLS port fails the TLS step with the mismatch advice', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: password } })
    const report = await checkConnection(account(smtp.port, { security: 'tls' }), password, testOptions())
    expect(report.steps.find((s) => s.id === 'tls')?.status).toBe('failed')
    expect(report.error).toMatchObject({ code: 'TLS_FAILED' })
    expect(report.error?.hint).toMatch(/587 with STARTTLS/)
    expect(report.error?.hint).toMatch(/465 with SSL\/TLS/)
  })

  it('STARTTLS chosen for an SSL/TLS port: no greeting within the timeout, with the mismatch advice', async () => {
    const smtp = await server({ security: 'tls', users: { ada: password } })
    const started = Date.now()
    const report = await checkConnection(
      account(smtp.port, { security: 'starttls', timeoutSeconds: 1 }),
      password,
      testOptions(),
    )
    expect(Date.now() - started).toBeLessThan(5000)
    expect(report.steps.find((s) => s.id === 'connect')?.status).toBe('failed')
    expect(report.error).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('sent no greeting') })
    expect(report.error?.hint).toMatch(/SSL\/TLS \(usually port 465\)/)
    expect(report.error?.hint).toMatch(/587 with STARTTLS/)
  })

  it('STARTTLS chosen for a server that does not offer it fails the TLS step', async () => {
    const smtp = await server({ security: 'plain' })
    const report = await checkConnection(account(smtp.port, { auth: false }), undefined, testOptions())
    expect(report.steps.find((s) => s.id === 'tls')?.status).toBe('failed')
    expect(report.error).toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringContaining('does not offer STARTTLS'),
    })
  })

  it('a closed port fails the connect step with CONNECTION_REFUSED naming host and port', async () => {
    const port = await closedPort()
    const report = await checkConnection(account(port), password, testOptions())
    expect(statuses(report.steps).slice(0, 3)).toEqual([
      ['resolve', 'ok'],
      ['connect', 'failed'],
      ['tls', 'skipped'],
    ])
    expect(report.error).toMatchObject({
      code: 'CONNECTION_REFUSED',
      message: `localhost:${port} refused the connection`,
    })
    expect(report.error?.hint).toMatch(/port/)
  })

  it('an unknown server name fails the resolve step with HOST_NOT_FOUND', async () => {
    const report = await checkConnection(account(587, { host: 'smtp.nowhere.test' }), password, testOptions())
    expect(statuses(report.steps).slice(0, 2)).toEqual([
      ['resolve', 'failed'],
      ['connect', 'skipped'],
    ])
    expect(report.error).toMatchObject({
      code: 'HOST_NOT_FOUND',
      message: 'The server name smtp.nowhere.test could not be found',
    })
  })
})

describe('Test account settings: cancelling', () => {
  it('cancelling while the server keeps silent marks the step cancelled, skips the rest and closes the socket', async () => {
    let socketClosed!: Promise<void>
    const tcp = createServer((socket: Socket) => {
      socketClosed = new Promise((resolve) => socket.on('close', () => resolve()))
    })
    silent = tcp
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve))
    const port = (tcp.address() as AddressInfo).port
    const controller = new AbortController()
    const options = testOptions({ signal: controller.signal })
    // Cancel once the connect step is waiting for a greeting that never comes.
    const onStep = options.onStep!
    options.onStep = (step) => {
      onStep(step)
      if (step.id === 'connect' && step.status === 'running') setTimeout(() => controller.abort(), 200)
    }
    const started = Date.now()

    const report = await checkConnection(account(port, { timeoutSeconds: 30 }), password, options)

    expect(Date.now() - started).toBeLessThan(5000)
    expect(statuses(report.steps)).toEqual([
      ['resolve', 'ok'],
      ['connect', 'cancelled'],
      ['tls', 'skipped'],
      ['ehlo', 'skipped'],
      ['auth', 'skipped'],
      ['envelope', 'skipped'],
      ['message', 'skipped'],
      ['imap', 'skipped'],
    ])
    expect(report.steps[2].summary).toBe('Not run: the test was cancelled')
    expect(report.ok).toBe(false)
    expect(report.error).toBeNull()
    expect(report.transcript.at(-1)?.text).toBe('Cancelled: connection closed')
    await socketClosed
  })

  it('cancelling before authentication never sends the password', async () => {
    const smtp = await server({ security: 'starttls', users: { ada: password } })
    const controller = new AbortController()
    const options = testOptions({ signal: controller.signal })
    options.onStep = (step) => {
      if (step.id === 'ehlo' && step.status === 'ok') controller.abort()
    }
    const report = await checkConnection(account(smtp.port), password, options)
    expect(statuses(report.steps).slice(3, 5)).toEqual([
      ['ehlo', 'ok'],
      ['auth', 'cancelled'],
    ])
    expect(smtp.authAttempts).toEqual([])
  })
})
