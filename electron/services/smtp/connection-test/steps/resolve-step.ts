import { smtpError, abortable, isAbortError } from '../smtp-client/smtp-errors'
import type { StepOutcome } from '../step-runner'
import { bareHost, type CheckContext } from '../check-context'

/** Resolves the server name through the app's network, as connecting will. */
export async function resolveStep(ctx: CheckContext): Promise<StepOutcome> {
  const host = bareHost(ctx.account.host)
  let addresses: { address: string }[]
  try {
    addresses = await abortable(ctx.network.lookup(host), ctx.signal)
  } catch (error) {
    if (isAbortError(error)) throw error
    throw Object.assign(smtpError('ENOTFOUND', `getaddrinfo ENOTFOUND ${host}`), { cause: error })
  }
  if (addresses.length === 0) throw smtpError('ENOTFOUND', `getaddrinfo ENOTFOUND ${host}`)
  const list = addresses.map((a) => a.address).join(', ')
  ctx.transcript.info(`${host} resolves to ${list}`)
  return {
    summary: list,
    details: [
      { label: 'Server', value: host },
      { label: 'Addresses', value: list },
    ],
  }
}
