import { connectTcp } from '../../../net/connect-tcp'
import { readGreeting } from '../smtp-client/smtp-commands'
import { replyText } from '../smtp-client/smtp-errors'
import { SmtpSession } from '../smtp-client/smtp-session'
import type { StepOutcome } from '../step-runner'
import type { CheckContext } from '../check-context'

/**
 * Opens the TCP connection. Without implicit TLS the greeting belongs here too: a server that
 * accepts but never greets (an SSL/TLS port spoken to in plain text) fails at this step.
 */
export async function connectStep(ctx: CheckContext): Promise<StepOutcome> {
  const { account } = ctx
  const started = performance.now()
  const { socket, address } = await connectTcp(ctx.network, account.host, account.port, {
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
  })
  const connectMs = Math.round(performance.now() - started)
  ctx.transcript.info(`Connected to ${address} port ${account.port} in ${connectMs} ms`)
  const details = [
    { label: 'Address', value: address },
    { label: 'Port', value: String(account.port) },
    { label: 'Connect time', value: `${connectMs} ms` },
  ]
  if (account.security === 'tls') {
    ctx.socket = socket
    return { summary: `${address}:${account.port} in ${connectMs} ms`, details }
  }
  ctx.session = new SmtpSession(socket, { timeoutMs: ctx.timeoutMs, signal: ctx.signal, transcript: ctx.transcript })
  const greeting = await readGreeting(ctx.session)
  return {
    summary: `${address}:${account.port} in ${connectMs} ms`,
    details: [...details, { label: 'Greeting', value: replyText(greeting) }],
  }
}
