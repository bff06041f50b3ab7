import { SendsmithError } from '../../../errors/app-error'
import { authenticate, chooseMechanism, type SaslMechanism } from '../smtp-client/authenticate'
import { replyText, type SmtpReply } from '../smtp-client/smtp-errors'
import type { StepOutcome } from '../step-runner'
import type { CheckContext } from '../check-context'

/** Signs in with the account's method (or the best one offered), exactly once. */
export async function authStep(ctx: CheckContext): Promise<StepOutcome> {
  const { account, secret } = ctx
  if (account.security === 'none' && !account.allowInsecureAuth) {
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'security',
      message: 'The password would be sent without encryption, and the account does not allow that',
      hint: 'Choose STARTTLS or SSL/TLS, or tick "Allow my password over an unencrypted connection".',
    })
  }
  if (!secret) {
    throw new SendsmithError({
      code: 'PASSWORD_MISSING',
      field: 'password',
      message: 'No password is stored for this account',
      hint: 'Enter the password (or access token for XOAUTH2) in the account settings.',
    })
  }
  const mechanism = chooseMechanism(account.authMethod, ctx.report.capabilities?.authMechanisms ?? [])
  const reply = await signIn(ctx, mechanism, secret)
  return {
    summary: `${replyText(reply)} (${mechanism})`,
    details: [
      { label: 'Mechanism', value: account.authMethod === 'auto' ? `${mechanism} (chosen automatically)` : mechanism },
      { label: 'User name', value: account.username },
    ],
  }
}

/**
 * One sign-in, and for a renewable secret (an OAuth2 token) one more with a renewed one after a
 * refusal, as the sender does: the test passes where sending would, and a second refusal says
 * what to do (sign in again).
 */
async function signIn(ctx: CheckContext, mechanism: SaslMechanism, secret: string): Promise<SmtpReply> {
  const { account, renewal } = ctx
  try {
    return await authenticate(ctx.session!, mechanism, account.username, secret)
  } catch (refused) {
    if (!renewal || !isRefusal(refused)) throw refused
    const renewed = await renewal.renew(refused)
    if (renewed === undefined) throw refused
    ctx.hideSecret(renewed)
    ctx.transcript.info('The server refused the access token: refreshed it, signing in again')
    try {
      return await authenticate(ctx.session!, mechanism, account.username, renewed)
    } catch (again) {
      throw (isRefusal(again) && renewal.refusedAgain(again)) || again
    }
  }
}

function isRefusal(error: unknown): error is Error & { code: 'EAUTH'; response?: string } {
  return (error as { code?: string } | undefined)?.code === 'EAUTH'
}
