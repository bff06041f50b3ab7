import SMTPConnection from 'nodemailer/lib/smtp-connection'
import { Readable } from 'node:stream'
import type { Account } from '../../../shared/contract'
import { connectTcp } from '../net/connect-tcp'
import type { Network } from '../net/network'
import { smtpAuth, smtpConnectionOptions } from '../smtp/smtp-connection-options'

type SmtpFailure = Error & { code?: string; responseCode?: number; response?: string; command?: string }

/** A message that did not go through, and where: before or after the final "." (the point of no return). */
export class MergeSendError extends Error {
  constructor(
    readonly failure: SmtpFailure,
    readonly afterFinalDot: boolean,
    /** beforeFinalDot ran: the journal says "sending" and needs an outcome record. */
    readonly journaled: boolean,
  ) {
    super(failure.message, { cause: failure })
    this.name = 'MergeSendError'
  }
}

/**
 * One SMTP session kept open for many messages (a pool member). It is opened exactly as a
 * single send opens its connection (deliver-raw.ts: our own socket through the network, the
 * account's TLS trust, the same timeouts and login), then sends message after message over it,
 * each with a hook before its final "." so the journal records the point of no return.
 */
export class MergeConnection {
  messages = 0
  private broken = false

  private constructor(private readonly connection: SMTPConnection) {
    connection.on('error', () => (this.broken = true))
    connection.on('end', () => (this.broken = true))
  }

  static async open(
    account: Account,
    secret: string | undefined,
    network: Network,
    signal?: AbortSignal,
  ): Promise<MergeConnection> {
    const timeoutMs = account.timeoutSeconds * 1000
    const { socket } = await connectTcp(network, account.host, account.port, { timeoutMs, signal })
    const connection = new SMTPConnection(smtpConnectionOptions(account, socket))
    const pooled = new MergeConnection(connection)
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
        const auth = smtpAuth(account, secret)
        await new Promise<void>((resolve, reject) =>
          connection.login(auth, (error) => (error ? reject(error) : resolve())),
        )
      }
    } catch (error) {
      connection.close()
      throw error
    }
    return pooled
  }

  get usable(): boolean {
    return !this.broken && !(this.connection as unknown as { _destroyed?: boolean })._destroyed
  }

  /**
   * Sends one message. `beforeFinalDot` is awaited once the server has every byte but the final
   * "."; if the send then fails without a reply, the message may have been delivered.
   */
  async send(
    envelope: { from: string; to: string[] },
    raw: Buffer,
    beforeFinalDot: () => Promise<void>,
  ): Promise<string> {
    let journaled = false
    let finalDotSent = false
    this.messages++
    const body = heldBackEnd(raw, async () => {
      journaled = true
      await beforeFinalDot()
      finalDotSent = true
    })
    try {
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
        this.connection.send({ ...envelope, size: raw.length }, body, (error, result) =>
          error ? reject(error) : resolve(result!),
        ),
      )
      return info.response
    } catch (error) {
      body.destroy()
      throw new MergeSendError(error as SmtpFailure, finalDotSent, journaled)
    }
  }

  /** RSET after a refused message, so the session can carry the next one. */
  reset(): Promise<void> {
    return new Promise((resolve, reject) => this.connection.reset((error) => (error ? reject(error) : resolve())))
  }

  quit(): void {
    this.broken = true
    this.connection.quit()
  }

  close(): void {
    this.broken = true
    this.connection.close()
  }
}

/** The message as a stream whose end (and so the final ".") waits for `beforeEnd`. */
function heldBackEnd(raw: Buffer, beforeEnd: () => Promise<void>): Readable {
  let pushed = false
  return new Readable({
    read() {
      if (!pushed) {
        pushed = true
        this.push(raw)
        return
      }
      beforeEnd().then(
        () => this.push(null),
        (error: Error) => this.destroy(error),
      )
    },
  })
}
