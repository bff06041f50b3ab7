import type { Account } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { secretImapLogin, type ImapAuthProvider } from '../imap/imap-connection'
import { imapSettingsOf, imapUser } from '../imap/imap-settings'
import type { OAuthService } from './oauth-service'

/**
 * The IMAP login of every account (the copy in Sent, a merge's copies): the stored secret, which for
 * an OAuth2 account is already a fresh access token (AccountStore asks the OAuth service), and for
 * those accounts one forced refresh after the IMAP server refuses the token, as for SMTP. A refusal
 * of the refreshed token means "sign in again" (the sign-in asks for the IMAP permission too).
 */
export function oauthImapAuth(oauth: () => OAuthService): ImapAuthProvider {
  return Object.assign((account: Account, secret: string | undefined) => secretImapLogin(account, secret), {
    renew: async (account: Account) =>
      account.oauth
        ? { user: imapUser(account), accessToken: await oauth().accessToken(account, { forceRefresh: true }) }
        : undefined,
    refusedAgain: (account: Account, refused: unknown) => {
      if (!account.oauth) return undefined
      oauth().markSignInNeeded(account.id)
      const settings = imapSettingsOf(account)
      const reply = (refused as { responseText?: string; response?: string } | undefined) ?? {}
      const response = reply.responseText ?? reply.response
      return new SendsmithError({
        code: 'SIGN_IN_REQUIRED',
        field: 'oauth',
        message: `The IMAP server ${settings.host} refused the sign-in of ${account.name} even with a fresh token`,
        hint: `Check that your app registration has the provider's IMAP permission, then sign in again (account form, or sendsmith accounts login "${account.name}"): the sign-in asks for IMAP access while the account keeps a copy in Sent.`,
        ...(response && { response: String(response).slice(0, 500) }),
      })
    },
  })
}
