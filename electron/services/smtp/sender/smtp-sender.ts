import SMTPConnection from 'nodemailer/lib/smtp-connection'
import { Readable } from 'node:stream'
import type { Account } from '../../../../shared/contract'
import { connectTcp } from '../../net/connect-tcp'
import type { Network } from '../../net/network'
import { smtpConnectionOptions } from '../smtp-connection-options'
import type { SmtpAuthProvider } from './auth-provider'

/** What nodemailer and Node attach to the errors they raise. */
export type SmtpFailure = Error & { code?: string; responseCode?: number; response?: string; command?: string }

/**
 * Where a session was when something went wrong: the same timeout means "no greeting" during
 * `connect` and "no answer to the message" during `after-data`.
 */
export type SmtpStage = 'connect' | 'auth' | 'envelope' | 'data' | 'after-data' | 'reset'

/** Where a delivery is, for progress displays. */
export type DeliveryStage = 'connecting' | 'tls' | 'authenticating' | 'sending'

/** The server's answer to one RCPT TO. */
export interface RecipientReply {
  address: string
  accepted: boolean
  responseCode?: number
  response: string
}

/** One transaction's outcome: every recipient's RCPT reply, and the reply to the final "." when data went out. */
export interface TransactionResult {
  recipients: RecipientReply[]
  /** The reply to the final "." (`250 2.0.0 Ok: queued as ...`); undefined when no recipient was accepted. */
  response?: string
}

/** A failure in a session, with the stage it happened in and whether the final "." had gone out. */
export class SmtpError extends Error {
  constructor(
    readonly failure: SmtpFailure,
    readonly stage: SmtpStage,
    /** The final "." was written: without a reply, the message may have been delivered. */
    readonly afterFinalDot = false,
    /** beforeFinalDot ran (the caller recorded the point of no return and needs an outcome record). */
    readonly reachedPointOfNoReturn = false,
    /** RCPT replies known when it failed (e.g. who was accepted before DATA was refused). */
    readonly recipients: RecipientReply[] = [],
  ) {
    super(failure.message, { cause: failure })
    this.name = 'SmtpError'
  }

  get responseCode(): number | undefined {
    return this.failure.responseCode
  }
}

export interface OpenOptions {
  network: Network
  /** Gives the login; asked again once when the server refuses it (a token provider refreshes then). */
  auth: SmtpAuthProvider
  signal?: AbortSignal
  onStage?: (stage: DeliveryStage) => void
}

export interface TransactionHooks {
  /**
   * Awaited after the last byte of the message is handed over and before the final "." goes out,
   * with the recipients the server accepted: from then on a lost connection means the message may
   * have been delivered to them.
   */
  beforeFinalDot: (accepted: string[]) => Promise<void>
  onProgress?: (percent: number) => void
}

/**
 * The one SMTP sender (outbox, merge, account test): a session over our own socket (connectTcp, so
 * names resolve through the account's network), nodemailer's SMTPConnection for TLS, EHLO and AUTH,
 * then transactions one after another, each with a hook before its final "." (the point of no
 * return), RSET between a failed transaction and the next, and QUIT on every normal end.
 */
export class SmtpSender {
  /** Transactions started on this session (for "messages per connection" limits). */
  transactions = 0
  private broken = false
  private needsReset = false

  private constructor(
    private readonly connection: SMTPConnection,
    private readonly account: Account,
  ) {
    connection.on('error', () => (this.broken = true))
    connection.on('end', () => (this.broken = true))
  }

  /** Connects, says EHLO, upgrades to TLS as the account says, and logs in. */
  static async open(account: Account, options: OpenOptions): Promise<SmtpSender> {
    const timeoutMs = account.timeoutSeconds * 1000
    options.onStage?.('connecting')
    let socket
    try {
      ;({ socket } = await connectTcp(options.network, account.host, account.port, {
        timeoutMs,
        signal: options.signal,
      }))
    } catch (error) {
      throw new SmtpError(error as SmtpFailure, 'connect')
    }
    const connection = new SMTPConnection(smtpConnectionOptions(account, socket))
    const sender = new SmtpSender(connection, account)
    const onAbort = () => connection.close()
    options.signal?.addEventListener('abort', onAbort, { once: true })
    let stage: SmtpStage = 'connect'
    try {
      await new Promise<void>((resolve, reject) => {
        connection.once('error', reject)
        connection.connect((error) => {
          connection.off('error', reject)
          if (error) reject(error)
          else resolve()
        })
      })
      if (account.auth) {
        stage = 'auth'
        options.onStage?.('authenticating')
        await sender.login(options.auth)
      }
    } catch (error) {
      connection.close()
      throw error instanceof SmtpError ? error : new SmtpError(error as SmtpFailure, stage)
    } finally {
      options.signal?.removeEventListener('abort', onAbort)
    }
    return sender
  }

  /** True while the session can carry another transaction. */
  get usable(): boolean {
    return !this.broken && !(this.connection as unknown as { _destroyed?: boolean })._destroyed
  }

  /** Extensions the server announced (for the account test's report). */
  get extensions(): string[] {
    return [...((this.connection as unknown as { _supportedExtensions?: string[] })._supportedExtensions ?? [])]
  }

  /**
   * One transaction: MAIL FROM, RCPT TO for each recipient, DATA, the message, then (after
   * `beforeFinalDot`) the final ".". A refused recipient is a reply, not an error: the result says
   * who was taken and who not. Throws SmtpError for everything else (sender refused, DATA refused,
   * the reply to the final "." not 2xx, a lost connection).
   */
  async send(
    envelope: { from: string; to: string[] },
    raw: Buffer,
    hooks: TransactionHooks,
    signal?: AbortSignal,
  ): Promise<TransactionResult> {
    if (this.needsReset) await this.reset()
    this.transactions++
    this.needsReset = true
    let reached = false
    let finalDot = false
    const body = heldBackEnd(raw, hooks.onProgress, async () => {
      reached = true
      // The data flows only once DATA was answered, so the envelope's accepted list is complete here.
      await hooks.beforeFinalDot([...(this.envelope()?.accepted ?? [])])
      finalDot = true
    })
    const onAbort = () => this.close()
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
        this.connection.send({ ...envelope, size: raw.length }, body, (error, result) =>
          error ? reject(error) : resolve(result!),
        ),
      )
      this.needsReset = false
      return { recipients: replies(envelope.to, info.accepted, info.rejectedErrors), response: info.response }
    } catch (error) {
      body.destroy()
      const failure = error as SmtpFailure & { rejectedErrors?: RejectedError[] }
      if (failure.code === 'EENVELOPE' && failure.command === 'RCPT TO' && failure.rejectedErrors) {
        // Every recipient refused: a reply per recipient, no data went out.
        return { recipients: replies(envelope.to, [], failure.rejectedErrors) }
      }
      const known = this.envelope()
      const recipients = known ? replies(envelope.to, known.accepted ?? [], known.rejectedErrors) : []
      const stage: SmtpStage = finalDot ? 'after-data' : reached || failure.command === 'DATA' ? 'data' : 'envelope'
      throw new SmtpError(failure, stage, finalDot, reached, recipients)
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  /** RSET: ends a failed transaction so the session can carry the next one. */
  reset(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.connection.reset((error) => {
        if (error) {
          this.broken = true
          reject(new SmtpError(error as SmtpFailure, 'reset'))
        } else {
          this.needsReset = false
          resolve()
        }
      }),
    )
  }

  /**
   * QUIT, the polite end of every session (servers log a "lost connection" otherwise): waits for
   * the server's goodbye or the socket's end, at most a few seconds, and never throws.
   */
  quit(): Promise<void> {
    if (!this.usable) {
      this.close()
      return Promise.resolve()
    }
    this.broken = true
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(
        () => {
          this.connection.close()
          done()
        },
        Math.min(5_000, this.account.timeoutSeconds * 1000),
      )
      this.connection.once('end', done)
      this.connection.once('error', done)
      this.connection.quit()
    })
  }

  /** Drops the connection at once (after an error, or to abort). */
  close(): void {
    this.broken = true
    this.connection.close()
  }

  /** nodemailer's envelope of the transaction under way: who was accepted and refused so far. */
  private envelope(): EnvelopeState | undefined {
    return (this.connection as unknown as { _envelope?: EnvelopeState | false })._envelope || undefined
  }

  private async login(provider: SmtpAuthProvider): Promise<void> {
    let previous: SmtpFailure | undefined
    for (let attempt = 0; attempt < 2; attempt++) {
      const auth = await provider.login(this.account, previous)
      if (!auth) break
      try {
        await new Promise<void>((resolve, reject) => {
          // nodemailer never calls back a login whose connection closed (a merge stopping, a cancel).
          const onEnd = () =>
            reject(Object.assign(new Error('The connection closed during the login'), { code: 'ECONNECTION' }))
          this.connection.once('end', onEnd)
          this.connection.login(auth, (error) => {
            this.connection.off('end', onEnd)
            if (error) reject(error)
            else resolve()
          })
        })
        return
      } catch (error) {
        previous = error as SmtpFailure
        // Only a refused login is worth asking the provider again; a lost connection is not.
        if (previous.code !== 'EAUTH') break
        if (attempt === 1) throw new SmtpError(provider.refusedAgain?.(this.account, previous) ?? previous, 'auth')
        if (!this.usable) break
      }
    }
    throw new SmtpError(previous ?? new Error('No login available'), 'auth')
  }
}

type RejectedError = SmtpFailure & { recipient?: string }
interface EnvelopeState {
  accepted?: string[]
  rejectedErrors?: RejectedError[]
}

function replies(to: string[], accepted: string[], rejected: RejectedError[] = []): RecipientReply[] {
  return to.map((address) => {
    if (accepted.includes(address)) return { address, accepted: true, response: '250' }
    const error = rejected.find((e) => e.recipient === address)
    return {
      address,
      accepted: false,
      ...(error?.responseCode !== undefined && { responseCode: error.responseCode }),
      response: error?.response ?? 'refused',
    }
  })
}

/** The message as a stream that reports progress and holds back its end until `beforeEnd` is done. */
function heldBackEnd(raw: Buffer, onProgress: ((percent: number) => void) | undefined, beforeEnd: () => Promise<void>) {
  const chunkSize = 64 * 1024
  let offset = 0
  let lastPercent = -1
  return new Readable({
    read() {
      if (offset < raw.length) {
        const chunk = raw.subarray(offset, offset + chunkSize)
        offset += chunk.length
        const percent = Math.floor((offset / raw.length) * 100)
        if (percent !== lastPercent) onProgress?.((lastPercent = percent))
        this.push(chunk)
        return
      }
      beforeEnd().then(
        () => this.push(null),
        (error: Error) => this.destroy(error),
      )
    },
  })
}
