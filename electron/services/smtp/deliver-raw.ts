import SMTPConnection from 'nodemailer/lib/smtp-connection'
import { Readable } from 'node:stream'
import type { Account } from '../../../shared/contract'
import { connectTcp } from '../net/connect-tcp'
import type { Network } from '../net/network'
import { smtpAuth, smtpConnectionOptions } from './smtp-connection-options'

export type DeliveryStage = 'connecting' | 'tls' | 'authenticating' | 'sending'

export interface DeliveryHooks {
  onStage?: (stage: DeliveryStage, percent?: number) => void
  /**
   * Awaited after the last byte of the message is handed over and before the final "." goes out:
   * from then on a lost connection means the message may have been delivered.
   */
  beforeFinalDot: () => Promise<void>
  signal?: AbortSignal
}

export interface Delivery {
  accepted: string[]
  rejected: { address: string; response: string }[]
  response: string
}

/** A delivery failure, and whether the final "." had gone out when it happened. */
export class DeliveryError extends Error {
  constructor(
    readonly failure: Error & { code?: string; responseCode?: number; response?: string },
    readonly afterFinalDot: boolean,
  ) {
    super(failure.message, { cause: failure })
    this.name = 'DeliveryError'
  }
}

/**
 * Delivers one prepared message (raw MIME and envelope) over one connection, step by step, so the
 * outbox knows exactly when the point of no return (the final ".") is reached.
 */
export async function deliverRaw(
  account: Account,
  secret: string | undefined,
  network: Network,
  envelope: { from: string; to: string[] },
  raw: Buffer,
  hooks: DeliveryHooks,
): Promise<Delivery> {
  const timeoutMs = account.timeoutSeconds * 1000
  hooks.onStage?.('connecting')
  const { socket } = await connectTcp(network, account.host, account.port, { timeoutMs, signal: hooks.signal })
  const connection = new SMTPConnection(smtpConnectionOptions(account, socket))
  let finalDotSent = false
  const onAbort = () => connection.close()
  hooks.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject)
      connection.connect((error) => (error ? reject(error) : resolve()))
    })
    if (account.auth) {
      hooks.onStage?.('authenticating')
      const auth = smtpAuth(account, secret)
      await new Promise<void>((resolve, reject) =>
        connection.login(auth, (error) => (error ? reject(error) : resolve())),
      )
    }
    hooks.onStage?.('sending', 0)
    const body = messageStream(raw, hooks, () => (finalDotSent = true))
    const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
      connection.send({ ...envelope, size: raw.length }, body, (error, result) =>
        error ? reject(error) : resolve(result!),
      ),
    )
    connection.quit()
    return {
      accepted: info.accepted,
      rejected: info.rejected.map((address) => ({
        address,
        response: info.rejectedErrors?.find((e) => e.recipient === address)?.response ?? 'refused',
      })),
      response: info.response,
    }
  } catch (error) {
    connection.close()
    throw new DeliveryError(error as Error, finalDotSent)
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort)
  }
}

/** The message as a stream that reports progress and holds back its end until beforeFinalDot is done. */
function messageStream(raw: Buffer, hooks: DeliveryHooks, markFinal: () => void): Readable {
  const chunkSize = 64 * 1024
  let offset = 0
  let lastPercent = -1
  return new Readable({
    read() {
      if (offset < raw.length) {
        const chunk = raw.subarray(offset, offset + chunkSize)
        offset += chunk.length
        const percent = Math.floor((offset / raw.length) * 100)
        if (percent !== lastPercent) hooks.onStage?.('sending', (lastPercent = percent))
        this.push(chunk)
        return
      }
      hooks.beforeFinalDot().then(
        () => {
          markFinal()
          this.push(null)
        },
        (error: Error) => this.destroy(error),
      )
    },
  })
}
