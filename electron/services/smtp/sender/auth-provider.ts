import type SMTPConnection from 'nodemailer/lib/smtp-connection'
import type { Account } from '../../../../shared/contract'
import { smtpAuth } from '../smtp-connection-options'
import type { SmtpFailure } from './smtp-sender'

/**
 * Where a session's login comes from. Asked once per session; when the server refuses that
 * login, asked once more with the refusal, so a provider that can do better (an OAuth2 provider
 * refreshing its access token after a 535) returns a new login, and one that cannot returns
 * undefined and the refusal stands.
 */
export interface SmtpAuthProvider {
  login(account: Account, refused?: SmtpFailure): Promise<SMTPConnection.AuthenticationType | undefined>
  /**
   * The server refused the second login too: the error that says what the user has to do now (an
   * OAuth2 account: sign in again), or undefined to report the server's refusal as it is.
   */
  refusedAgain?(account: Account, refused: SmtpFailure): SmtpFailure | undefined
}

/** The login from the secret kept in the keychain (a password, or a stored XOAUTH2 access token). */
export function secretAuth(secret: string | undefined): SmtpAuthProvider {
  return {
    login: async (account, refused) => (refused ? undefined : smtpAuth(account, secret)),
  }
}
