import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { detectResultSchema, type DetectStep } from '../../../../shared/contract'
import { detectSettings, type DetectOptions } from '../../../../electron/services/autodetect/detect-settings'
import { startDnsTestServer, type DnsTestServer } from '../../../helpers/dns-test-server'
import { autoconfigXml, startHttpsTestServer, type HttpsTestServer } from '../../../helpers/https-test-server'
import { startTestSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-test-server'
import { testNetwork } from '../../../helpers/test-network'

const local = (name: string) => ({ type: 'A' as const, name, address: '127.0.0.1' })

describe('detectSettings against local DNS, HTTPS and SMTP servers', () => {
  let dns: DnsTestServer
  let https: HttpsTestServer
  let tls: TestSmtpServer
  let starttls: TestSmtpServer
  let plain: TestSmtpServer
  let silent: { server: Server; sockets: Socket[]; port: number }
  let closedPort: number

  beforeAll(async () => {
    ;[tls, starttls, plain] = await Promise.all([
      startTestSmtpServer({ security: 'tls' }),
      startTestSmtpServer({ security: 'starttls' }),
      startTestSmtpServer({ security: 'plain' }),
    ])
    const sockets: Socket[] = []
    const server = createServer((socket) => void sockets.push(socket.on('error', () => {})))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    silent = { server, sockets, port: (server.address() as AddressInfo).port }
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    closedPort = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))

    dns = await startDnsTestServer([
      local('smtp.autoconf.test'),
      local('smtp.wellknown.test'),
      local('smtp.mismatch.test'),
      { type: 'SRV', name: '_submissions._tcp.srv.test', target: 'smtps.srv.test', port: tls.port, priority: 10 },
      { type: 'SRV', name: '_submission._tcp.srv.test', target: 'b.srv.test', port: starttls.port, priority: 20 },
      { type: 'SRV', name: '_submission._tcp.srv.test', target: 'a.srv.test', port: starttls.port, priority: 10 },
      local('smtps.srv.test'),
      local('a.srv.test'),
      local('b.srv.test'),
      { type: 'SRV', name: '_submission._tcp.guess.test', target: '.', port: 0, priority: 0 },
      { type: 'MX', name: 'guess.test', exchange: 'mx1.mailhost.test', priority: 10 },
      local('smtp.guess.test'),
      local('smtp.mailhost.test'),
      { type: 'MX', name: 'workspace.test', exchange: 'aspmx.l.google.com', priority: 1 },
      local('smtp.quiet.test'),
    ])
    https = await startHttpsTestServer({
      hostnames: [
        'autoconfig.autoconf.test',
        'autoconfig.wellknown.test',
        'wellknown.test',
        'autoconfig.broken.test',
        'autoconfig.mismatch.test',
        'autoconfig.slow.test',
      ],
    })
    https.serveAutoconfig(
      'autoconf.test',
      autoconfigXml({
        domain: 'autoconf.test',
        displayName: 'Autoconf Mail',
        servers: [
          { hostname: 'smtp.%EMAILDOMAIN%', port: starttls.port, socketType: 'STARTTLS' },
          { hostname: 'smtp.autoconf.test', port: tls.port, socketType: 'SSL', username: '%EMAILLOCALPART%' },
        ],
      }),
    )
    https.route(
      'wellknown.test',
      '/.well-known/autoconfig/mail/config-v1.1.xml',
      autoconfigXml({
        domain: 'wellknown.test',
        servers: [{ hostname: 'smtp.wellknown.test', port: tls.port, socketType: 'SSL' }],
      }),
    )
    https.serveAutoconfig(
      'broken.test',
      '<?xml version="1.0"?>\n<clientConfig version="1.1">\n  <emailProvider id="broken.test">\n    <outgoingServer type="smtp">\n      <hostname>smtp.broken.test</hostname>\n  </emailProvider>\n</clientConfig>\n',
    )
    https.serveAutoconfig(
      'mismatch.test',
      autoconfigXml({
        domain: 'mismatch.test',
        servers: [{ hostname: 'smtp.mismatch.test', port: tls.port, socketType: 'STARTTLS' }],
      }),
    )
    https.serveAutoconfig('slow.test', { body: autoconfigXml({ domain: 'slow.test', servers: [] }), delayMs: 10_000 })
  })

  afterAll(async () => {
    silent?.sockets.forEach((s) => s.destroy())
    await Promise.all([
      dns?.close(),
      https?.close(),
      tls?.close(),
      starttls?.close(),
      plain?.close(),
      new Promise<void>((resolve) => (silent ? silent.server.close(() => resolve()) : resolve())),
    ])
  })

  const detect = (email: string, extra: Partial<DetectOptions> = {}) => {
    const events: DetectStep[] = []
    const result = detectSettings(email, {
      network: testNetwork({ dnsPort: dns.port, fetch: https.fetch }),
      probePorts: [tls.port, starttls.port, plain.port, closedPort],
      probeTimeoutMs: 1000,
      lookupTimeoutMs: 1000,
      onStep: (step) => events.push(step),
      ...extra,
    })
    return { result, events }
  }
  const statuses = (steps: DetectStep[]) => steps.map((s) => `${s.id}:${s.status}`)

  it('uses the autoconfig file, skips SRV and MX, and confirms each server by probing it', async () => {
    const { result, events } = detect('Ann@autoconf.test')
    const found = await result
    expect(statuses(events)).toEqual([
      'providers:running',
      'providers:nothing',
      'autoconfig:running',
      'autoconfig:found',
      'srv:skipped',
      'mx:skipped',
      'probe:running',
      'probe:found',
    ])
    expect(events.filter((e) => e.status === 'running').map((e) => e.detail)).toEqual([
      'Looking up autoconf.test in the built-in list',
      'Fetching autoconfig.autoconf.test and autoconf.test/.well-known/autoconfig',
      `Connecting to smtp.autoconf.test:${starttls.port}, smtp.autoconf.test:${tls.port}`,
    ])
    expect(() => detectResultSchema.parse(found)).not.toThrow()
    expect(statuses(found.steps)).toEqual([
      'providers:nothing',
      'autoconfig:found',
      'srv:skipped',
      'mx:skipped',
      'probe:found',
    ])
    expect(found.steps[1].detail).toBe(
      `autoconfig.autoconf.test (Autoconf Mail): smtp.autoconf.test:${starttls.port} STARTTLS, smtp.autoconf.test:${tls.port} SSL/TLS`,
    )
    expect(found.steps[2].detail).toBe('Not needed: found by autoconfig.autoconf.test (Autoconf Mail)')
    expect(found.candidates).toEqual([
      {
        host: 'smtp.autoconf.test',
        port: starttls.port,
        security: 'starttls',
        source: 'autoconfig',
        sourceDetail: 'autoconfig.autoconf.test (Autoconf Mail)',
        username: 'Ann@autoconf.test',
        authMethod: 'auto',
        notes: [],
        verified: true,
      },
      {
        host: 'smtp.autoconf.test',
        port: tls.port,
        security: 'tls',
        source: 'autoconfig',
        sourceDetail: 'autoconfig.autoconf.test (Autoconf Mail)',
        username: 'Ann',
        authMethod: 'auto',
        notes: [],
        verified: true,
      },
    ])
    expect(found.best).toEqual(found.candidates[0])
    expect(found.cancelled).toBe(false)
    expect(https.requests).toContainEqual({
      host: 'autoconfig.autoconf.test',
      path: '/mail/config-v1.1.xml?emailaddress=Ann%40autoconf.test',
    })
    expect(
      events
        .filter((e) => e.status !== 'running' && e.status !== 'skipped')
        .every((e) => e.elapsedMs >= 0 && e.detail.length > 0),
    ).toBe(true)
  })

  it("falls back to the domain's .well-known autoconfig path", async () => {
    const found = await detect('bob@wellknown.test').result
    expect(found.steps[1]).toMatchObject({
      status: 'found',
      detail: `wellknown.test/.well-known/autoconfig (wellknown.test Mail): smtp.wellknown.test:${tls.port} SSL/TLS`,
    })
    expect(found.best).toMatchObject({
      host: 'smtp.wellknown.test',
      port: tls.port,
      security: 'tls',
      source: 'autoconfig',
      verified: true,
    })
  })

  it('shows a broken autoconfig file as a failed step with the reason, then keeps looking', async () => {
    const found = await detect('carol@broken.test').result
    expect(found.steps[1].status).toBe('failed')
    expect(found.steps[1].detail).toContain(
      'autoconfig.broken.test: not well-formed XML: </emailProvider> closes <outgoingServer> (line 6)',
    )
    expect(statuses(found.steps)).toEqual([
      'providers:nothing',
      'autoconfig:failed',
      'srv:nothing',
      'mx:nothing',
      'probe:nothing',
    ])
    expect(found.steps[3].detail).toBe('No MX records for broken.test; will try smtp.broken.test, mail.broken.test')
    expect(found.best).toBeNull()
    expect(found.candidates).toEqual([])
  })

  it('corrects STARTTLS to SSL/TLS when the server on that port speaks TLS from the first byte', async () => {
    const found = await detect('dave@mismatch.test').result
    expect(found.best).toMatchObject({ host: 'smtp.mismatch.test', port: tls.port, security: 'tls', verified: true })
    expect(found.best?.notes).toEqual([
      `The autoconfig said STARTTLS, but the server speaks SSL/TLS on port ${tls.port}.`,
    ])
  })

  it('uses SRV records: _submissions (SSL/TLS) first, then _submission by priority', async () => {
    const found = await detect('erin@srv.test').result
    expect(statuses(found.steps)).toEqual([
      'providers:nothing',
      'autoconfig:nothing',
      'srv:found',
      'mx:skipped',
      'probe:found',
    ])
    expect(found.steps[1].detail).toBe(
      'autoconfig.srv.test: no such host; srv.test/.well-known/autoconfig: no such host',
    )
    expect(found.candidates.map((c) => [c.host, c.port, c.security, c.source, c.verified])).toEqual([
      ['smtps.srv.test', tls.port, 'tls', 'srv', true],
      ['a.srv.test', starttls.port, 'starttls', 'srv', true],
      ['b.srv.test', starttls.port, 'starttls', 'srv', true],
    ])
  })

  it('guesses hosts from the domain and its MX, probes every port, and tells SSL/TLS from STARTTLS and plain', async () => {
    const found = await detect('frank@guess.test').result
    expect(statuses(found.steps)).toEqual([
      'providers:nothing',
      'autoconfig:nothing',
      'srv:nothing',
      'mx:found',
      'probe:found',
    ])
    expect(found.steps[2].detail).toContain(
      '_submission._tcp.guess.test: "." (the domain says there is no such service)',
    )
    expect(found.steps[3].detail).toBe(
      'MX mx1.mailhost.test (mailhost.test); will try smtp.guess.test, mail.guess.test, smtp.mailhost.test, mail.mailhost.test',
    )
    expect(found.candidates.map((c) => `${c.host}:${c.port} ${c.security}`)).toEqual([
      `smtp.guess.test:${tls.port} tls`,
      `smtp.mailhost.test:${tls.port} tls`,
      `smtp.guess.test:${starttls.port} starttls`,
      `smtp.mailhost.test:${starttls.port} starttls`,
      `smtp.guess.test:${plain.port} none`,
      `smtp.mailhost.test:${plain.port} none`,
    ])
    expect(found.best).toMatchObject({
      host: 'smtp.guess.test',
      port: tls.port,
      security: 'tls',
      source: 'guess',
      sourceDetail: 'guessed from guess.test, confirmed by a probe',
      username: 'frank@guess.test',
      verified: true,
    })
    expect(found.candidates[4].notes[0]).toMatch(/no encryption/)
    expect(() => detectResultSchema.parse(found)).not.toThrow()
    expect(found.steps[4].detail).toContain(`smtp.guess.test:${closedPort} (connection refused)`)
    expect(found.steps[4].detail).toContain(
      'Not found: mail.guess.test (no such host), mail.mailhost.test (no such host)',
    )
  })

  it("recognises Google Workspace behind the MX and suggests Gmail's servers", async () => {
    const found = await detect('gina@workspace.test').result
    expect(found.steps[3]).toMatchObject({
      status: 'found',
      detail: 'MX aspmx.l.google.com is Google Workspace: smtp.gmail.com:465 SSL/TLS, smtp.gmail.com:587 STARTTLS',
    })
    // The test DNS does not know smtp.gmail.com, so nothing leaves the machine and the probe finds nothing.
    expect(found.steps[4]).toMatchObject({
      status: 'nothing',
      detail: 'No SMTP at smtp.gmail.com:465 (no such host), smtp.gmail.com:587 (no such host)',
    })
    expect(found.best).toMatchObject({
      host: 'smtp.gmail.com',
      port: 465,
      security: 'tls',
      source: 'mx',
      sourceDetail: 'MX aspmx.l.google.com: Google Workspace (built-in list)',
      verified: false,
    })
  })

  it('answers a known provider from the built-in list without any lookup', async () => {
    const queriesBefore = dns.queries.length
    const requestsBefore = https.requests.length
    const { result, events } = detect('hana@gmail.com')
    const found = await result
    expect(statuses(found.steps)).toEqual([
      'providers:found',
      'autoconfig:skipped',
      'srv:skipped',
      'mx:skipped',
      'probe:nothing',
    ])
    expect(events.find((e) => e.id === 'autoconfig')?.detail).toBe('Not needed: Gmail is in the built-in list')
    expect(found.best).toMatchObject({
      host: 'smtp.gmail.com',
      port: 465,
      security: 'tls',
      source: 'provider',
      sourceDetail: 'Gmail (built-in list)',
      username: 'hana@gmail.com',
    })
    expect(found.best?.notes.join(' ')).toMatch(/app password/)
    expect(https.requests.length).toBe(requestsBefore)
    expect(dns.queries.slice(queriesBefore).map((q) => q.type)).toEqual(['A', 'A']) // only the probe's lookups
  })

  it('cancels during the autoconfig download: the rest is cancelled and the call returns at once', async () => {
    const controller = new AbortController()
    const { result, events } = detect('ivan@slow.test', { signal: controller.signal })
    setTimeout(() => controller.abort(), 200)
    const started = Date.now()
    const found = await result
    expect(Date.now() - started).toBeLessThan(1000)
    expect(found.cancelled).toBe(true)
    expect(statuses(found.steps)).toEqual([
      'providers:nothing',
      'autoconfig:cancelled',
      'srv:cancelled',
      'mx:cancelled',
      'probe:cancelled',
    ])
    expect(found.steps[1].elapsedMs).toBeGreaterThanOrEqual(150)
    expect(events.at(-1)).toMatchObject({ id: 'probe', status: 'cancelled' })
    expect(found.best).toBeNull()
  })

  it('cancels while probing a server that never answers', async () => {
    const controller = new AbortController()
    const { result, events } = detect('jo@quiet.test', {
      signal: controller.signal,
      probePorts: [silent.port],
      probeTimeoutMs: 5000,
    })
    const probing = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (events.some((e) => e.id === 'probe' && e.status === 'running')) {
          clearInterval(check)
          resolve()
        }
      }, 10)
    })
    await probing
    const started = Date.now()
    controller.abort()
    const found = await result
    expect(Date.now() - started).toBeLessThan(500)
    expect(statuses(found.steps)).toEqual([
      'providers:nothing',
      'autoconfig:nothing',
      'srv:nothing',
      'mx:nothing',
      'probe:cancelled',
    ])
    expect(found.cancelled).toBe(true)
  })

  it('refuses an address without a domain', async () => {
    await expect(detect('not-an-address').result).rejects.toMatchObject({ code: 'VALIDATION', field: 'email' })
  })
})
