import type { Account, TestReport, TestStep } from '../../../../shared/contract'
import { SendsmithError } from '../../errors/app-error'
import type { Network } from '../../net/network'

export interface ConnectionTestOptions {
  network: Network
  /** Also send a short test message to this address. */
  sendTestTo?: string
  /** Check MAIL FROM with this sender (default: the account's address when rcptTo is given). */
  mailFrom?: string
  /** Check RCPT TO for these recipients, then RSET: nothing is sent. */
  rcptTo: string[]
  signal?: AbortSignal
  /** Called when a step starts (status running) and when it ends. */
  onStep?: (step: TestStep) => void
}

/** Tests an account step by step (placeholder until the connection-test work lands). */
export async function testConnection(_account: Account, _secret: string | undefined, _options: ConnectionTestOptions): Promise<TestReport> {
  throw new SendsmithError({ code: 'INTERNAL', message: 'The connection test is not available in this build' })
}
