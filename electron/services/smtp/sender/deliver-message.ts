import type { Account } from '../../../../shared/contract'
import type { Network } from '../../net/network'
import type { SmtpAuthProvider } from './auth-provider'
import { classifyRecipient, isTooManyRecipients, type RecipientVerdict } from './classify-failure'
import { SmtpError, SmtpSender, type DeliveryStage } from './smtp-sender'

/** One recipient's outcome in one transaction. */
export interface RecipientOutcome {
  address: string
  state: RecipientVerdict
  responseCode?: number
  response: string
}

export interface DeliveryHooks {
  onStage?: (stage: DeliveryStage, percent?: number) => void
  /**
   * Awaited before each transaction's final ".", with the recipients the server accepted in it:
   * from then on a lost connection means the message may have been delivered to them.
   */
  beforeFinalDot: (accepted: string[]) => Promise<void>
  /** Awaited after each transaction's reply with its recipients' outcomes, before the next transaction starts. */
  afterTransaction?: (outcomes: RecipientOutcome[], response: string | undefined) => Promise<void>
  signal?: AbortSignal
}

/** Every recipient's outcome over the session, and the last reply to a final ".". */
export interface Delivery {
  recipients: RecipientOutcome[]
  response?: string
}

/**
 * Delivers one prepared message to `envelope.to` over one session. When the server takes some
 * recipients and answers 452 "too many recipients" to the rest, the rest go in further
 * transactions on the same session; any other refusal is the recipient's outcome. Throws
 * SmtpError when the session or a transaction fails (outcomes of earlier transactions were
 * already handed to afterTransaction).
 */
export async function deliverMessage(
  account: Account,
  auth: SmtpAuthProvider,
  network: Network,
  envelope: { from: string; to: string[] },
  raw: Buffer,
  hooks: DeliveryHooks,
): Promise<Delivery> {
  const sender = await SmtpSender.open(account, { network, auth, signal: hooks.signal, onStage: hooks.onStage })
  const outcomes = new Map<string, RecipientOutcome>()
  let response: string | undefined
  try {
    let pending = [...envelope.to]
    while (pending.length > 0) {
      hooks.onStage?.('sending', 0)
      const result = await sender.send(
        { from: envelope.from, to: pending },
        raw,
        { beforeFinalDot: hooks.beforeFinalDot, onProgress: (percent) => hooks.onStage?.('sending', percent) },
        hooks.signal,
      )
      const round = result.recipients.map((reply): RecipientOutcome => ({
        address: reply.address,
        state: classifyRecipient(reply),
        ...(reply.responseCode !== undefined && { responseCode: reply.responseCode }),
        response: reply.accepted ? (result.response ?? reply.response) : reply.response,
      }))
      for (const outcome of round) outcomes.set(outcome.address, outcome)
      if (result.response) response = result.response
      await hooks.afterTransaction?.(round, result.response)
      const anyAccepted = result.recipients.some((r) => r.accepted)
      // Only progress earns another transaction now; a server that takes nobody is asked again later.
      pending = anyAccepted ? result.recipients.filter(isTooManyRecipients).map((r) => r.address) : []
    }
  } catch (error) {
    if (error instanceof SmtpError && error.responseCode !== undefined && sender.usable) await sender.quit()
    else sender.close()
    throw error
  }
  await sender.quit()
  return { recipients: [...outcomes.values()], response }
}
