import type { Outbox } from '../outbox/outbox'

/** After a sign-in, the account's messages that waited for it go out now rather than at their next hourly try. */
export async function sendWaitingAfterSignIn(outbox: Outbox, accountId: string): Promise<number> {
  const waiting = (await outbox.list()).filter(
    (e) => e.accountId === accountId && e.state === 'retrying' && e.lastError?.code === 'SIGN_IN_REQUIRED',
  )
  for (const entry of waiting) await outbox.attempt(entry.id)
  return waiting.length
}
