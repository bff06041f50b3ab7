import type { AddressInfo } from 'node:net'
import type { SMTPServer, SMTPServerDataStream, SMTPServerOptions, SMTPServerSession } from 'smtp-server'
import type { InboxFault } from '../../../shared/contract'
import { FaultInjector } from './fault-injection'
import type { Envelope } from './read-message'

/** How the test inbox asks for AUTH: not at all, any user name and password, or exactly this pair. */
export type ListenerAuth = { mode: 'none' } | { mode: 'any' } | { mode: 'fixed'; username: string; password: string }

export interface ListenerOptions {
  host: string
  /** The port to try first; 0 for any free one. */
  port: number
  /** Offer STARTTLS with this identity. */
  tls?: { key: string; cert: string }
  auth: ListenerAuth
  /** Largest message in bytes, announced as SIZE and enforced (552). */
  sizeLimit: number
  maxClients?: number
  /** Idle time before a silent client is disconnected. */
  socketTimeoutMs?: number
  /** Faults to inject (fault-injection.ts); none by default. */
  faults?: InboxFault[]
  /** Most RCPT TO one message may have; the next one gets a 452 (default `maxRecipientsPerMessage`). */
  maxRecipients?: number
}

/** As many recipients per message as large providers accept; each one costs memory and index space. */
export const maxRecipientsPerMessage = 1000

/** Takes a whole received message (and who sent it); a rejection becomes a 451 so the client retries. */
export type Deliver = (raw: Buffer, envelope: Envelope, client: { ip: string; helo: string }) => Promise<string>

export interface RunningListener {
  port: number
  /** Stops accepting, lets sessions finish for a moment, and waits for messages being stored. */
  close(): Promise<void>
}

/**
 * The test inbox's SMTP server (smtp-server) on one address. Whatever a client sends, the server
 * answers or disconnects that client, and never throws: smtp-server limits line length (16 KB),
 * unknown and unauthenticated commands (10 each), clients and idle time; the message size is
 * checked here while the data arrives, so an oversized message is never held in memory whole.
 */
export async function startSmtpListener(
  options: ListenerOptions,
  deliver: Deliver,
  onError: (error: Error) => void = () => {},
): Promise<RunningListener> {
  const pending = new Set<Promise<unknown>>()
  const { auth } = options
  const disabled = [...(options.tls ? [] : ['STARTTLS']), ...(auth.mode === 'none' ? ['AUTH'] : [])]
  const maxRecipients = options.maxRecipients ?? maxRecipientsPerMessage
  // With STARTTLS on offer, AUTH is neither advertised nor accepted before it, so no client sends a password in clear.
  const authAfterTls = options.tls !== undefined && auth.mode !== 'none'
  const serverOptions: SMTPServerOptions = {
    ...(options.tls && { key: options.tls.key, cert: options.tls.cert }),
    secure: false,
    banner: 'Sendsmith local test inbox',
    disabledCommands: disabled,
    authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
    authOptional: auth.mode === 'none',
    // As real servers do: with STARTTLS on offer, AUTH only after it; without TLS (loopback only), in the clear.
    allowInsecureAuth: !options.tls,
    size: options.sizeLimit,
    rejectOversized: true,
    // Each client holds at most one message (up to the size limit) in memory while it arrives.
    maxClients: options.maxClients ?? 20,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    closeTimeout: 3_000,
    disableReverseLookup: true,
    logger: false,
    onConnect(session, callback) {
      if (authAfterTls) session.disabledCommands = [...disabled, 'AUTH']
      callback()
    },
    onSecure(_socket, session, callback) {
      if (authAfterTls) session.disabledCommands = disabled
      callback()
    },
    onMailFrom(_address, session, callback) {
      // AUTH is hidden before STARTTLS, so smtp-server would not ask for it there: this does.
      if (auth.mode !== 'none' && !session.user)
        return callback(
          Object.assign(
            new Error(
              authAfterTls && !session.secure
                ? '5.7.0 Must issue a STARTTLS command first, then AUTH'
                : '5.7.0 Authentication required',
            ),
            { responseCode: 530 },
          ),
        )
      callback()
    },
    onRcptTo(address, session, callback) {
      const { rcptTo } = session.envelope
      const repeated = () => rcptTo.some((r) => r.address.toLowerCase() === address.address.toLowerCase())
      if (rcptTo.length >= maxRecipients && !repeated())
        return callback(
          Object.assign(
            new Error(
              `4.5.3 Too many recipients: this inbox takes at most ${maxRecipients} per message; send the rest in another message`,
            ),
            { responseCode: 452 },
          ),
        )
      callback()
    },
    onAuth(authData, _session, callback) {
      if (auth.mode === 'any') return callback(null, { user: authData.username || 'anonymous' })
      if (auth.mode !== 'fixed')
        return callback(Object.assign(new Error('5.7.0 Authentication is not enabled'), { responseCode: 503 }))
      const ok =
        authData.username === auth.username &&
        (authData.method === 'CRAM-MD5'
          ? authData.validatePassword(auth.password)
          : authData.password === auth.password)
      if (!ok)
        return callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }))
      callback(null, { user: auth.username })
    },
    onData(stream, session, callback) {
      receive(stream, options.sizeLimit).then(
        (raw) => {
          if (raw === undefined)
            return callback(
              Object.assign(new Error(`5.3.4 Message exceeds the size limit of ${options.sizeLimit} bytes`), {
                responseCode: 552,
              }),
            )
          const stored = deliver(raw, envelopeOf(session), {
            ip: session.remoteAddress,
            helo: session.hostNameAppearsAs || '',
          })
          pending.add(stored)
          stored
            .then(
              (id) => callback(null, `2.0.0 Stored as ${id}`),
              (error: Error) => {
                onError(error)
                callback(
                  Object.assign(new Error('4.3.0 The message could not be stored, try again later'), {
                    responseCode: 451,
                  }),
                )
              },
            )
            .finally(() => pending.delete(stored))
        },
        // The client went away mid-message: nothing to store and no one to answer.
        () => {},
      )
    },
  }
  const { SMTPServer } = await import('smtp-server') // loaded with the first inbox, not at start (issue 19)
  const faults = new FaultInjector(options.faults ?? [])
  const server = new SMTPServer(faults.wrap(serverOptions))
  faults.attach(server)
  // Client misbehaviour and dropped sockets surface here; without a listener they would crash the process.
  server.on('error', (error: Error) => onError(error))
  const port = await listen(server, options.port, options.host)
  return {
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await Promise.allSettled([...pending])
    },
  }
}

/** Listens on the port; when it is taken (or not ours to take), on a free one instead. */
async function listen(server: SMTPServer, port: number, host: string): Promise<number> {
  try {
    return await listenOnce(server, port, host)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (port === 0 || (code !== 'EADDRINUSE' && code !== 'EACCES')) throw error
    return listenOnce(server, 0, host)
  }
}

function listenOnce(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const net = server.server
    const onError = (error: Error) => {
      net.off('listening', onListening)
      reject(error)
    }
    const onListening = () => {
      net.off('error', onError)
      resolve((net.address() as AddressInfo).port)
    }
    net.once('error', onError)
    net.once('listening', onListening)
    server.listen(port, host)
  })
}

/** Collects the message, or resolves undefined once it passes the limit (the rest is drained, not kept). */
function receive(stream: SMTPServerDataStream, sizeLimit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let bytes = 0
    let tooLarge = false
    stream.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      bytes += chunk.length
      if (bytes > sizeLimit || stream.sizeExceeded) {
        tooLarge = true
        chunks.length = 0
      } else chunks.push(chunk)
    })
    stream.on('error', reject)
    stream.on('end', () => resolve(tooLarge || stream.sizeExceeded ? undefined : Buffer.concat(chunks, bytes)))
  })
}

function envelopeOf(session: SMTPServerSession): Envelope {
  const { mailFrom, rcptTo } = session.envelope
  return { from: mailFrom ? mailFrom.address : '', to: rcptTo.map((r) => r.address) }
}
