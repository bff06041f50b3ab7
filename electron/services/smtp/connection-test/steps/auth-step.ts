import { SendsmithError } from '../../../errors/app-error'
import { authenticate, chooseMechanism } from '../smtp-client/authenticate'
import { replyText } from '../smtp-client/smtp-errors'
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
  const reply = await authenticate(ctx.session!, mechanism, account.username, secret)
  return {
    summary: `${replyText(reply)} (${mechanism})`,
    details: [
      { label: 'Mechanism', value: account.authMethod === 'auto' ? `${mechanism} (chosen automatically)` : mechanism },
      { label: 'User name', value: account.username },
    ],
  }
}
