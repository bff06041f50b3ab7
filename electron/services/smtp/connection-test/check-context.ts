import type { Socket } from 'node:net'
import type { Account, TestReport } from '../../../../shared/contract'
import type { Network } from '../../net/network'
import type { TranscriptRecorder } from '../transcript/transcript-recorder'
import type { SmtpSession } from './smtp-client/smtp-session'

/** What the steps of one test run share: the inputs, the connection so far, and the report being filled. */
export interface CheckContext {
  account: Account
  secret: string | undefined
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
