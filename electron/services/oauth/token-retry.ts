import type { Account } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { DeliveryError, type deliverRaw } from '../smtp/deliver-raw'
import type { OAuthService } from './oauth-service'

/** The server refused the token at AUTH (535, or a 334 challenge carrying its error), before any data went out. */
export function isTokenRefused(error: unknown): boolean {
  if (!(error instanceof DeliveryError) || error.afterFinalDot) return false
  const { code, responseCode } = error.failure
  return code === 'EAUTH' && (responseCode === 535 || responseCode === 334)
}

/** SMTP AUTH is switched off for the mailbox or tenant: a new token cannot help, the admin can. */
function isAdminSetting(error: unknown): boolean {
  return error instanceof DeliveryError && /5\.7\.139/.test(error.failure.response ?? '')
}

/**
 * Wraps a delivery so an OAuth2 account whose token the server refuses gets one fresh token and one
 * more try; refused again, the account waits for "Sign in again" and the message stays in the outbox.
 */
export function withTokenRetry(deliver: typeof deliverRaw, oauth: OAuthService): typeof deliverRaw {
  return async (account: Account, secret, network, envelope, raw, hooks) => {
    try {
      return await deliver(account, secret, network, envelope, raw, hooks)
    } catch (error) {
      if (!account.oauth || !isTokenRefused(error) || isAdminSetting(error)) throw error
      const fresh = await oauth.accessToken(account, { forceRefresh: true })
      try {
        return await deliver(account, fresh, network, envelope, raw, hooks)
      } catch (again) {
        if (!isTokenRefused(again) || isAdminSetting(again)) throw again
        oauth.markSignInNeeded(account.id)
        const failure = (again as DeliveryError).failure
        throw new SendsmithError(
          {
            code: 'SIGN_IN_REQUIRED',
            field: 'oauth',
            message: `${account.host} refused the sign-in of ${account.name} even with a fresh token`,
            hint: `Sign in again (account form, or sendsmith accounts login "${account.name}"), with the mailbox ${account.username}. The message waits in the outbox.`,
            ...(failure.response && { response: failure.response }),
          },
          { cause: again },
        )
      }
    }
  }
}
