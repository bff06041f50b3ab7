import { simpleParser, type ParsedMail } from 'mailparser'
import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { testCertificate, type TestCertificate } from './test-certificate'

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
  /** AUTH mechanisms offered (default PLAIN and LOGIN); for XOAUTH2 the user's password is the access token. */
  authMethods?: ('PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2')[]
  /**
   * How to answer each DATA in turn once the message is in: accept (250), tempfail (451), or drop
   * (close the connection without a reply, after the final "."), or stall (keep the message as
   * received and never reply, as a server that hangs after the data). Past the list's end: accept.
   */
  dataReplies?: ('accept' | 'tempfail' | 'drop' | 'stall')[]
  /** The first N RCPT TO commands get no answer at all (a client killed there has sent no data). */
  stallFirstRcpt?: number
  /** Recipients answered with 550. */
  refuseRecipients?: string[]
  /** Recipients answered with 554 "Relay access denied". */
  relayDenied?: string[]
  /** The reply to wrong credentials (default 535 "5.7.8 Authentication credentials invalid"). */
  authFailure?: { responseCode: number; message: string }
  /** Listen on this port (to stand in for a server that was replaced); default a free one. */
  port?: number
  /** The certificate to present (default testCertificate()), e.g. a second one to replace a pinned one. */
  certificate?: TestCertificate
  /** Announced as SIZE in EHLO. */
  size?: number
  /**
   * A scripted reply to RCPT TO (undefined: the usual answer). `accepted` is how many recipients the
   * current transaction has taken so far, `seen` how many times this address was asked for before.
   */
  rcptReply?: (
    address: string,
    info: { accepted: number; seen: number },
  ) => { code: number; message: string } | 'stall' | undefined
  /** A scripted reply to MAIL FROM (undefined: 250), e.g. a 421 or 450 rate limit for the nth transaction. */
  mailReply?: (info: { transaction: number }) => { code: number; message: string } | undefined
}

export interface TestSmtpServer {
  port: number
  messages: ReceivedMessage[]
  /** Every AUTH attempt's mechanism and user name, to check which one the client used. */
  authAttempts: { method: string; username: string; ok: boolean }[]
  /** How many times DATA was answered (or dropped) as dataReplies said, in order. */
  dataOutcomes: ('accept' | 'tempfail' | 'drop' | 'stall')[]
  /** RCPT TO commands seen, answered or not. */
  rcptCount: number
  /** Every client command in order, by connection (`cid`): to check QUIT and RSET. */
  commands: { cid: string; command: string }[]
  /** Every address as delivered: one line per recipient per accepted message (to count each once). */
  deliveries(): string[]
  close(): Promise<void>
  /** Waits until `count` messages have arrived. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>
}

/** A real SMTP server (the smtp-server package) on 127.0.0.1 that keeps what it receives. */
export async function startTestSmtpServer(options: TestServerOptions): Promise<TestSmtpServer> {
  const messages: ReceivedMessage[] = []
  const authAttempts: TestSmtpServer['authAttempts'] = []
  const dataOutcomes: TestSmtpServer['dataOutcomes'] = []
  const state = { rcptCount: 0, transactions: 0 }
  const commands: { cid: string; command: string }[] = []
  const seen = new Map<string, number>()
  const quiet = () => {}
  // smtp-server logs each client command at debug level; this keeps their names, never their arguments.
  const logger = {
    debug: (meta: { tnx?: string; cid?: string; command?: string }) => {
      if (meta?.tnx === 'command' && meta.command) commands.push({ cid: meta.cid ?? '', command: meta.command })
    },
    info: quiet,
    warn: quiet,
    error: quiet,
    trace: quiet,
    fatal: quiet,
    child: () => logger,
  }
  const scripted = (reply: { code: number; message: string }) =>
    Object.assign(new Error(reply.message), { responseCode: reply.code })
  const { key, cert } = options.certificate ?? testCertificate()
  const auth = options.users !== undefined
  const serverOptions: SMTPServerOptions = {
    secure: options.security === 'tls',
    key,
    cert,
    disabledCommands: options.security === 'plain' ? ['STARTTLS', ...(auth ? [] : ['AUTH'])] : auth ? [] : ['AUTH'],
    authMethods: options.authMethods ?? ['PLAIN', 'LOGIN'],
    ...(options.size !== undefined && { size: options.size }),
    authOptional: !auth,
    allowInsecureAuth: options.security === 'plain',
    logger: logger as unknown as SMTPServerOptions['logger'],
    banner: 'Sendsmith test server',
    // A reverse lookup before the banner can take seconds on some machines and blur the probe tests.
    disableReverseLookup: true,
    onAuth(authData, _session, callback) {
      const expected = options.users?.[authData.username ?? '']
      const ok =
        expected !== undefined &&
        (authData.method === 'CRAM-MD5'
          ? authData.validatePassword(expected)
          : authData.method === 'XOAUTH2'
            ? authData.accessToken === expected
            : authData.password === expected)
      authAttempts.push({ method: authData.method, username: authData.username ?? '', ok })
      if (!ok) {
        const failure = options.authFailure ?? {
          responseCode: 535,
          message: '5.7.8 Authentication credentials invalid',
        }
        return callback(Object.assign(new Error(failure.message), { responseCode: failure.responseCode }))
      }
      callback(null, { user: authData.username })
    },
    onMailFrom(_address, _session, callback) {
      const reply = options.mailReply?.({ transaction: ++state.transactions })
      callback(reply ? scripted(reply) : undefined)
    },
    onRcptTo(address, session, callback) {
      if (++state.rcptCount <= (options.stallFirstRcpt ?? 0)) return
      const times = seen.get(address.address) ?? 0
      seen.set(address.address, times + 1)
      const reply = options.rcptReply?.(address.address, { accepted: session.envelope.rcptTo.length, seen: times })
      if (reply === 'stall') return // never answered: a client killed here has sent no data
      if (reply) return callback(scripted(reply))
      if (options.relayDenied?.includes(address.address)) {
        return callback(
          Object.assign(new Error(`5.7.1 <${address.address}>: Relay access denied`), { responseCode: 554 }),
        )
      }
      if (options.refuseRecipients?.includes(address.address)) {
        return callback(
          Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), {
            responseCode: 550,
          }),
        )
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', async () => {
        const outcome = options.dataReplies?.[dataOutcomes.length] ?? 'accept'
        dataOutcomes.push(outcome)
        if (outcome === 'tempfail')
          return callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }))
        if (outcome === 'drop') {
          // The whole message arrived, but the client never hears back: "may have been delivered".
          for (const connection of (
            server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }
          ).connections) {
            if (connection.id === session.id) connection._socket.destroy()
          }
          return
        }
        const raw = Buffer.concat(chunks).toString('utf8')
        const envelope = session.envelope
        messages.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((r) => r.address),
          authUser: session.user as string | undefined,
          raw,
          parsed: await simpleParser(raw),
        })
        if (outcome !== 'stall') callback(null)
      })
    },
  }
  const server = new SMTPServer(serverOptions)
  server.on('error', () => {}) // client-side aborts in error tests are expected
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port
  return {
    port,
    messages,
    authAttempts,
    dataOutcomes,
    get rcptCount() {
      return state.rcptCount
    },
    commands,
    deliveries: () => messages.flatMap((m) => m.to),
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
