import type { DkimSigningKey } from '../../dkim/dkim-key'
import type { Socket } from 'node:net'
import type { Account, TestReport } from '../../../../shared/contract'
import type { Network } from '../../net/network'
import type { TranscriptRecorder } from '../transcript/transcript-recorder'
import type { SmtpSession } from './smtp-client/smtp-session'

/**
 * A secret that can be renewed (an OAuth2 access token): the auth step asks for a new one once
 * after the server refused the login, and asks what a refusal of that one means for the user.
 */
export interface SecretRenewal {
  /** A new secret after the refusal (a refreshed token), or undefined when the refusal stands. */
  renew(refused: { response?: string }): Promise<string | undefined>
  /** The error to report when the renewed secret is refused too (sign in again), or undefined. */
  refusedAgain(refused: { response?: string }): Error | undefined
}

/** What the steps of one test run share: the inputs, the connection so far, and the report being filled. */
export interface CheckContext {
  account: Account
  secret: string | undefined
  /** Renews the secret once after a refused login (OAuth2 accounts). */
  renewal?: SecretRenewal
  /** Signs the test message, as the account's other mail is signed. */
  dkim?: DkimSigningKey
  /** Hides one more secret (a renewed token) from the transcript, the steps and the error. */
  hideSecret(secret: string): void
  network: Network
  signal?: AbortSignal
  timeoutMs: number
  transcript: TranscriptRecorder
  /** Filled as the steps learn things: certificate, capabilities, envelope checks. */
  report: Pick<TestReport, 'certificate' | 'capabilities' | 'envelope'>
  /** The TCP socket, until a session owns it. */
  socket?: Socket
  session?: SmtpSession
  /** Whether the server offered STARTTLS before the upgrade (the EHLO after TLS no longer lists it). */
  offeredStartTls?: boolean
}

/** The account's host without IPv6 brackets, as resolvers and certificates name it. */
export function bareHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1')
}
