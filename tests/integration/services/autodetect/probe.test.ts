import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeServer } from '../../../../electron/services/autodetect/probe'
import { startDnsTestServer, type DnsTestServer } from '../../../helpers/dns-test-server'
import { startTestSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-test-server'
import { testNetwork } from '../../../helpers/test-network'

/** A TCP server that runs `onConnection` for each client: silence, HTTP, and so on. */
async function startRawServer(
  onConnection: (socket: Socket) => void,
): Promise<{ port: number; server: Server; sockets: Socket[] }> {
  const sockets: Socket[] = []
  const server = createServer((socket) => {
    sockets.push(socket)
    socket.on('error', () => {})
    onConnection(socket)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, server, sockets }
}

const closeRaw = (raw: { server: Server; sockets: Socket[] }) => {
  raw.sockets.forEach((s) => s.destroy())
  return new Promise<void>((resolve) => raw.server.close(() => resolve()))
}

describe('probeServer against real local servers', () => {
  let dns: DnsTestServer
  let tls: TestSmtpServer
  let starttls: TestSmtpServer
  let plain: TestSmtpServer
  const options = { timeoutMs: 1000, bannerWaitMs: 400 }

  beforeAll(async () => {
    dns = await startDnsTestServer([{ type: 'A', name: 'smtp.probe.test', address: '127.0.0.1' }])
    ;[tls, starttls, plain] = await Promise.all([
      startTestSmtpServer({ security: 'tls' }),
      startTestSmtpServer({ security: 'starttls' }),
      startTestSmtpServer({ security: 'plain' }),
    ])
  })
  afterAll(async () => {
    await Promise.all([dns?.close(), tls?.close(), starttls?.close(), plain?.close()])
  })

  it('finds SSL/TLS on a port that waits for a TLS handshake, and reads the banner over TLS', async () => {
    const result = await probeServer(testNetwork({ dnsPort: dns.port }), 'smtp.probe.test', tls.port, options)
    expect(result).toMatchObject({ ok: true, security: 'tls' })
    expect(result.ok && result.banner).toMatch(/Sendsmith test server/)
  })

  it('finds STARTTLS on a port that greets in clear text and offers STARTTLS', async () => {
    const result = await probeServer(testNetwork({ dnsPort: dns.port }), 'smtp.probe.test', starttls.port, options)
    expect(result).toMatchObject({ ok: true, security: 'starttls' })
    expect(result.ok && result.ehlo).toContain('STARTTLS')
  })

  it('reports plain SMTP when STARTTLS is not offered', async () => {
    const result = await probeServer(testNetwork({ dnsPort: dns.port }), 'smtp.probe.test', plain.port, options)
    expect(result).toMatchObject({ ok: true, security: 'none' })
    expect(result.ok && result.ehlo).not.toContain('STARTTLS')
  })

  it('says QUIT and closes: the server sees the connection end', async () => {
    const seen: string[] = []
    let ended!: () => void
    const closed = new Promise<void>((resolve) => (ended = resolve))
    const fake = await startRawServer((socket) => {
      socket.write('220 fake.example ESMTP\r\n')
      socket.on('data', (data) => {
        const line = data.toString().trim()
        seen.push(line)
        if (line.startsWith('EHLO')) socket.write('250-fake.example\r\n250 STARTTLS\r\n')
        if (line === 'QUIT') socket.end('221 Bye\r\n')
      })
      socket.on('close', () => ended())
    })
    try {
      const result = await probeServer(testNetwork({ dnsPort: dns.port }), '127.0.0.1', fake.port, options)
      expect(result).toMatchObject({ ok: true, security: 'starttls', banner: 'fake.example ESMTP' })
      await closed
      expect(seen).toEqual([expect.stringMatching(/^EHLO \[127\.0\.0\.1\]$/), 'QUIT'])
    } finally {
      await closeRaw(fake)
    }
  })

  it('tells a web server from an SMTP server', async () => {
    const http = await startRawServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
    try {
      const result = await probeServer(testNetwork({ dnsPort: dns.port }), '127.0.0.1', http.port, options)
      expect(result).toMatchObject({ ok: false, reason: 'not an SMTP server: it answered "HTTP/1.1 400 Bad Request"' })
    } finally {
      await closeRaw(http)
    }
  })

  it('gives up on a silent port within the time limits', async () => {
    const silent = await startRawServer(() => {})
    try {
      const started = Date.now()
      const result = await probeServer(testNetwork({ dnsPort: dns.port }), '127.0.0.1', silent.port, options)
      expect(result).toMatchObject({ ok: false, reason: 'no greeting within 400 ms and no TLS (timed out)' })
      expect(Date.now() - started).toBeLessThan(2000)
    } finally {
      await closeRaw(silent)
    }
  })

  it('reports a refused connection and a missing host', async () => {
    const closed = await startRawServer(() => {})
    await closeRaw(closed)
    const network = testNetwork({ dnsPort: dns.port })
    expect(await probeServer(network, '127.0.0.1', closed.port, options)).toMatchObject({
      ok: false,
      reason: 'connection refused',
    })
    expect(await probeServer(network, 'nowhere.probe.test', 25, options)).toMatchObject({
      ok: false,
      reason: 'no such host',
    })
  })

  it('stops at once when cancelled, rejecting with an AbortError', async () => {
    const silent = await startRawServer(() => {})
    try {
      const controller = new AbortController()
      setTimeout(() => controller.abort(), 100)
      const started = Date.now()
      await expect(
        probeServer(testNetwork({ dnsPort: dns.port }), '127.0.0.1', silent.port, {
          timeoutMs: 5000,
          bannerWaitMs: 2000,
          signal: controller.signal,
        }),
      ).rejects.toMatchObject({ name: 'AbortError' })
      expect(Date.now() - started).toBeLessThan(1000)
    } finally {
      await closeRaw(silent)
    }
  })
})
