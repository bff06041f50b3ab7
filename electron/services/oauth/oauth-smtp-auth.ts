import type { Account } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { smtpAuth } from '../smtp/smtp-connection-options'
import type { SmtpAuthProvider } from '../smtp/sender/auth-provider'
import type { deliverMessage } from '../smtp/sender/deliver-message'
import { SmtpError, type SmtpFailure } from '../smtp/sender/smtp-sender'
import type { OAuthService } from './oauth-service'

/** SMTP AUTH is switched off for the mailbox or tenant: a new token cannot help, the admin can. */
function isAdminSetting(failure: SmtpFailure | undefined): boolean {
  return /5\.7\.139/.test(failure?.response ?? '')
}

/**
 * The SMTP login of an OAuth2 account: an access token that is fresh for this session (refreshed
 * by Sendsmith before it expires), and once more with a forced refresh when the server refuses it.
 * Accounts without OAuth2 get undefined (the sender's default, the keychain secret).
 */
export function oauthSmtpAuth(oauth: OAuthService) {
  return (account: Account): SmtpAuthProvider | undefined => {
    if (!account.oauth) return undefined
    return {
      async login(current, refused) {
        if (refused && isAdminSetting(refused)) return undefined
        const token = await oauth.accessToken(current, { forceRefresh: refused !== undefined })
        return smtpAuth(current, token)
      },
    }
  }
}

/**
 * A delivery whose server refused even a freshly refreshed token ends as "sign-in needed": the
 * account waits for the user to sign in again and the message stays in the outbox.
 */
export function withSignInNeeded(deliver: typeof deliverMessage, oauth: OAuthService): typeof deliverMessage {
  return async (account, auth, network, envelope, raw, hooks) => {
    try {
      return await deliver(account, auth, network, envelope, raw, hooks)
    } catch (error) {
      const refused = error instanceof SmtpError && error.stage === 'auth' && error.failure.code === 'EAUTH'
      if (!account.oauth || !refused || isAdminSetting(error.failure)) throw error
      oauth.markSignInNeeded(account.id)
      throw new SendsmithError(
        {
          code: 'SIGN_IN_REQUIRED',
          field: 'oauth',
          message: `${account.host} refused the sign-in of ${account.name} even with a fresh token`,
          hint: `Sign in again (account form, or sendsmith accounts login "${account.name}") as the mailbox ${account.username}. The message waits in the outbox.`,
          ...(error.failure.response && { response: error.failure.response }),
        },
        { cause: error },
      )
    }
  }
}
