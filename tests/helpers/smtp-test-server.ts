import { simpleParser, type ParsedMail } from 'mailparser'
import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { testCertificate } from './test-certificate'

export interface ReceivedMessage {
  from: string
  to: string[]
  authUser?: string
  raw: string
  parsed: ParsedMail
}

export interface TestServerOptions {
  /** plain: no TLS at all; starttls: upgrade offered; tls: TLS from the first byte. */
  security: 'plain' | 'starttls' | 'tls'
  /** When set, AUTH (PLAIN and LOGIN) is required with these credentials. */
  users?: Record<string, string>
  /** AUTH mechanisms offered (default PLAIN and LOGIN). */
  authMethods?: ('PLAIN' | 'LOGIN')[]
  /** Recipients answered with 550. */
  refuseRecipients?: string[]
}

export interface TestSmtpServer {
  port: number
  messages: ReceivedMessage[]
  /** Every AUTH attempt's mechanism and user name, to check which one the client used. */
  authAttempts: { method: string; username: string; ok: boolean }[]
  close(): Promise<void>
  /** Waits until `count` messages have arrived. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>
}

/** A real SMTP server (the smtp-server package) on 127.0.0.1 that keeps what it receives. */
export async function startTestSmtpServer(options: TestServerOptions): Promise<TestSmtpServer> {
  const messages: ReceivedMessage[] = []
  const authAttempts: TestSmtpServer['authAttempts'] = []
  const { key, cert } = testCertificate()
  const auth = options.users !== undefined
  const serverOptions: SMTPServerOptions = {
    secure: options.security === 'tls',
    key,
    cert,
    disabledCommands: options.security === 'plain' ? ['STARTTLS', ...(auth ? [] : ['AUTH'])] : auth ? [] : ['AUTH'],
    authMethods: options.authMethods ?? ['PLAIN', 'LOGIN'],
    authOptional: !auth,
    allowInsecureAuth: options.security === 'plain',
    logger: false,
    banner: 'Sendsmith test server',
    onAuth(authData, _session, callback) {
      const ok = options.users?.[authData.username ?? ''] === authData.password
      authAttempts.push({ method: authData.method, username: authData.username ?? '', ok })
      if (!ok) return callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }))
      callback(null, { user: authData.username })
    },
    onRcptTo(address, _session, callback) {
      if (options.refuseRecipients?.includes(address.address)) {
        return callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }))
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const envelope = session.envelope
        messages.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((r) => r.address),
          authUser: session.user as string | undefined,
          raw,
          parsed: await simpleParser(raw),
        })
        callback(null)
      })
    },
  }
  const server = new SMTPServer(serverOptions)
  server.on('error', () => {}) // client-side aborts in error tests are expected
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port
  return {
    port,
    messages,
    authAttempts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    async waitForMessages(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} message(s), the server has ${messages.length}`)
        await new Promise((r) => setTimeout(r, 25))
      }
      return messages
    },
  }
}
