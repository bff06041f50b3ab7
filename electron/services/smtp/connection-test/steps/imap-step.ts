import type { Account } from '../../../../../shared/contract'
import type { Network } from '../../../net/network'
import type { CheckContext } from '../check-context'
import type { StepOutcome } from '../step-runner'

/** The IMAP check (connect, TLS, login, the Sent folder), given by the caller: it lives in services/imap. */
export type ImapCheck = (
  account: Account,
  secret: string | undefined,
  options: {
    network: Network
    signal?: AbortSignal
    info?: (line: string) => void
    /** Hides one more secret (a separate IMAP password) from the transcript and the report. */
    hide?: (secret: string) => void
  },
) => Promise<StepOutcome>

/** The mailbox's IMAP server, for the copy in Sent and the round trip; its lines go to the transcript. */
export function imapStep(ctx: CheckContext, check: ImapCheck): Promise<StepOutcome> {
  return check(ctx.account, ctx.secret, {
    network: ctx.network,
    signal: ctx.signal,
    info: (line) => ctx.transcript.info(line),
    hide: (secret) => ctx.hideSecret(secret),
  })
}
