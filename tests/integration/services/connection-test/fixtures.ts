import { randomUUID, X509Certificate } from 'node:crypto'
import { afterEach } from 'vitest'
import type { Account, TestStep } from '../../../../shared/contract'
import type { ConnectionTestOptions } from '../../../../electron/services/smtp/connection-test/connection-check'
import { systemNetwork, type Network } from '../../../../electron/services/net/network'
import { startTestSmtpServer, type TestServerOptions, type TestSmtpServer } from '../../../helpers/smtp-test-server'
import { replacedCertificate, testCertificate } from '../../../helpers/test-certificate'

export const password = 'correct horse battery staple'

/**
 * The app's network with one local name: localhost is 127.0.0.1 only (the test servers listen
 * there), and every other *.test name is unknown, as a local DNS server would answer.
 */
export const testNetwork: Network = {
  ...systemNetwork(),
  async lookup(host) {
    if (host === 'localhost' || host === '127.0.0.1') return [{ address: '127.0.0.1', family: 4 }]
    throw Object.assign(new Error(`queryA ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
  },
}

let servers: TestSmtpServer[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

/** A real smtp-server on 127.0.0.1, closed after the test. */
export async function server(options: TestServerOptions): Promise<TestSmtpServer> {
  const s = await startTestSmtpServer(options)
  servers.push(s)
  return s
}

/** A port nothing listens on: a server was there a moment ago. */
export async function closedPort(): Promise<number> {
  const s = await startTestSmtpServer({ security: 'plain' })
  await s.close()
  return s.port
}

/** A saved account as the store returns it; trusts the test certificate as its CA unless told otherwise. */
export function account(port: number, overrides: Partial<Account> = {}): Account {
  const now = new Date().toISOString()
  return {
    id: randomUUID(),
    name: 'Ada Lovelace',
    email: 'ada@example.test',
    host: 'localhost',
    port,
    security: 'starttls',
    auth: true,
    username: 'ada',
    allowInsecureAuth: false,
    ca: testCertificate().cert,
    authMethod: 'auto',
    clientName: '',
    timeoutSeconds: 10,
    replyTo: '',
    signatureHtml: '',
    sentCopy: 'auto',
    hasPassword: true,
    isDefault: false,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  }
}

/** Options for checkConnection with the test network; records every step event. */
export function testOptions(
  overrides: Partial<ConnectionTestOptions> = {},
): ConnectionTestOptions & { events: TestStep[] } {
  const events: TestStep[] = []
  return { network: testNetwork, rcptTo: [], onStep: (step) => events.push(step), events, ...overrides }
}

/** `sha256:<hex>` of a PEM certificate, computed independently of the code under test. */
export function sha256Of(pem: string): string {
  return `sha256:${new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase()}`
}

/** Another self-signed certificate for localhost with its own key: "the server's certificate changed". */
export const secondCertificate = replacedCertificate

/** Step ids with their final statuses, in report order. */
export function statuses(steps: TestStep[]): [string, string][] {
  return steps.map((s) => [s.id, s.status])
}
