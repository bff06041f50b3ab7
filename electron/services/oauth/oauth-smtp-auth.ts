import type { Account } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { smtpAuth } from '../smtp/smtp-connection-options'
import type { SecretRenewal } from '../smtp/connection-test/check-context'
import type { SmtpAuthProvider } from '../smtp/sender/auth-provider'
import type { SmtpFailure } from '../smtp/sender/smtp-sender'
import type { OAuthService } from './oauth-service'

/** SMTP AUTH is switched off for the mailbox or tenant: a new token cannot help, the admin can. */
export function isAdminSetting(failure: { response?: string } | undefined): boolean {
  return /5\.7\.139/.test(failure?.response ?? '')
}

/**
 * The SMTP login of an OAuth2 account: an access token that is fresh for this session (refreshed
 * by Sendsmith before it expires), and once more with a forced refresh when the server refuses it.
 * A refusal of that fresh token too means "sign in again". Accounts without OAuth2 get undefined
 * (the sender's default, the keychain secret).
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
      refusedAgain: (current, refused) => signInNeededAfterRefusal(oauth, current, refused),
    }
  }
}

/**
 * The account test's counterpart of oauthSmtpAuth: after a refused token, one forced refresh, and a
 * refusal of that one too means "sign in again". The service is built only for OAuth2 accounts.
 */
export function oauthSecretRenewal(oauth: () => OAuthService) {
  return (account: Account): SecretRenewal | undefined => {
    if (!account.oauth) return undefined
    return {
      renew: async (refused) =>
        isAdminSetting(refused) ? undefined : oauth().accessToken(account, { forceRefresh: true }),
      refusedAgain: (refused) => signInNeededAfterRefusal(oauth(), account, refused),
    }
  }
}

/**
 * The server refused even a freshly refreshed token: the account is marked "sign-in needed" and the
 * error says so (the outbox keeps the message waiting, a merge stops with its rows pending, the CLI
 * exits 75). Undefined for a refusal a new sign-in cannot cure (5.7.139: the admin's setting).
 */
export function signInNeededAfterRefusal(
  oauth: OAuthService,
  account: Account,
  refused: { response?: string },
): SmtpFailure | undefined {
  if (!account.oauth || isAdminSetting(refused)) return undefined
  oauth.markSignInNeeded(account.id)
  return new SendsmithError({
    code: 'SIGN_IN_REQUIRED',
    field: 'oauth',
    message: `${account.host} refused the sign-in of ${account.name} even with a fresh token: sign in again`,
    hint: `Sign in again as the mailbox ${account.username}: in the account form ("Sign in again"), or sendsmith accounts login "${account.name}". Messages wait in the outbox until then; a merge continues with --resume.`,
    ...(refused.response && { response: refused.response }),
  })
}
