import type { ErrorCode } from '../../../../shared/contract'
import { SmtpError, type RecipientReply } from './smtp-sender'

/**
 * What a failure means for the message, the one policy of the outbox and the merge:
 * - final: refused for good (5xx, certificate, login, security mismatch) until the user changes something
 * - temporary: the server said "later" (4xx) or the keyring is locked: kept, tried again after a wait
 * - requeue: the connection failed before the final "." (nothing was delivered): try again
 * - uncertain: the connection was lost after the final ".": may have been delivered, never resent on its own
 * - sender-refused: the server will not take mail from this sender: every other message would fail too
 */
export type FailureKind = 'final' | 'temporary' | 'requeue' | 'uncertain' | 'sender-refused'

export interface FailureVerdict {
  kind: FailureKind
  /** The server asks to slow down (421, 450, 451, 452, or a 4.7.x rate limit): a bulk run backs off as a whole. */
  slowDown: boolean
}

/** Network failures that a later attempt may not meet (server down, laptop offline). */
const networkCodes: ErrorCode[] = ['CONNECTION_REFUSED', 'HOST_NOT_FOUND', 'TIMEOUT', 'CONNECTION_LOST']
/** Failures outside SMTP that keep the message: the keyring is locked or not running, or an OAuth2 account needs a new sign-in. */
const waitForUserCodes: ErrorCode[] = ['KEYCHAIN_UNAVAILABLE', 'SIGN_IN_REQUIRED']

/**
 * Classifies one failure. `code` is the typed error toAppError made of it (which knows the
 * libraries' codes); the SMTP reply code and the stage come from the SmtpError.
 */
export function classifyFailure(
  error: unknown,
  code: ErrorCode,
  account?: { port: number; security: 'none' | 'starttls' | 'tls' },
): FailureVerdict {
  const smtp = error instanceof SmtpError ? error : undefined
  const responseCode = smtp ? smtp.responseCode : (error as { responseCode?: number } | undefined)?.responseCode
  const response = smtp?.failure.response ?? (error as { response?: string } | undefined)?.response
  const slowDown = isSlowDown(responseCode, response)
  if (smtp?.afterFinalDot && responseCode === undefined) return { kind: 'uncertain', slowDown: false }
  if (responseCode !== undefined) {
    const temporary = isTemporaryReply(responseCode)
    if (!temporary && smtp?.failure.command?.startsWith('MAIL FROM')) return { kind: 'sender-refused', slowDown }
    return { kind: temporary ? 'temporary' : 'final', slowDown }
  }
  // Port 465 speaks TLS from the first byte: plain or STARTTLS there waits for a greeting that never
  // comes. That is a setting to change, not a server to wait for (the reverse fails in the TLS handshake).
  if (code === 'TIMEOUT' && smtp?.stage === 'connect' && account?.port === 465 && account.security !== 'tls')
    return { kind: 'final', slowDown: false }
  if (networkCodes.includes(code)) return { kind: 'requeue', slowDown: false }
  if (waitForUserCodes.includes(code)) return { kind: 'temporary', slowDown: false }
  return { kind: 'final', slowDown: false }
}

/** 4xx, and 503, which only means the session was in the wrong state. */
export function isTemporaryReply(responseCode: number): boolean {
  return (responseCode >= 400 && responseCode < 500) || responseCode === 503
}

/** Replies by which a provider says "too much, too fast" rather than "not this message". */
export function isSlowDown(responseCode: number | undefined, response = ''): boolean {
  return [421, 450, 451, 452].includes(responseCode ?? 0) || /\b4\.7\.\d+/.test(response)
}

/** Where one recipient stands after its RCPT TO reply. */
export type RecipientVerdict = 'accepted' | 'waiting' | 'refused'

export function classifyRecipient(reply: RecipientReply): RecipientVerdict {
  if (reply.accepted) return 'accepted'
  return reply.responseCode === undefined || isTemporaryReply(reply.responseCode) ? 'waiting' : 'refused'
}

/**
 * RFC 5321 §4.5.3.1.10: a 452 (or 4.5.3) to RCPT TO after some recipients were accepted means
 * "too many recipients in this transaction"; the rest go in a further transaction, not later.
 */
export function isTooManyRecipients(reply: RecipientReply): boolean {
  return !reply.accepted && (reply.responseCode === 452 || /\b4\.5\.3\b/.test(reply.response))
}
