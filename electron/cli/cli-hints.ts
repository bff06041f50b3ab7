import type { AppError } from '../../shared/contract'

/**
 * The services' hints are written for the app's window ("tick …", "choose STARTTLS"); at the command
 * line the same advice names the options and the command that applies it. One table, applied where
 * the CLI prints an error, so the services keep one text and the terminal gets its own words.
 */
const cliWords: [RegExp, string][] = [
  [
    /choose STARTTLS or SSL\/TLS, or tick "Allow my password over an unencrypted connection"/,
    'choose --security starttls or tls, or give --allow-insecure-auth',
  ],
  [
    /Tick "My server requires authentication" and enter the user name and password\./,
    'Give the user name and password: printf %s "$PASS" | sendsmith accounts edit NAME --user U --password-stdin',
  ],
  [
    /Edit the account, tick "requires authentication" and enter the password\./,
    'Give the user name and password: printf %s "$PASS" | sendsmith accounts edit NAME --user U --password-stdin',
  ],
  [
    /^Choose STARTTLS \(usually port 587\) or SSL\/TLS \(usually port 465\)\.$/,
    'Use STARTTLS or SSL/TLS: sendsmith accounts edit NAME --security starttls --port 587 (or --security tls --port 465).',
  ],
  [
    /add its CA certificate to the account, or check its fingerprint with the administrator and trust it for this account\./,
    'add its CA certificate (sendsmith accounts edit NAME --ca FILE), or check its fingerprint with the administrator and trust it for this account only (sendsmith accounts trust NAME --fingerprint sha256:…; sendsmith accounts test NAME prints it).',
  ],
]

/** The error with its message and hint in the CLI's words (`--allow-insecure-auth`, not "tick …"). */
export function inCliWords(error: AppError, accountName?: string): AppError {
  const name = accountName ? JSON.stringify(accountName) : 'NAME'
  const translate = (text: string) =>
    cliWords.reduce((t, [pattern, words]) => t.replace(pattern, words.replaceAll('NAME', name)), text)
  return {
    ...error,
    message: translate(error.message),
    ...(error.hint !== undefined && { hint: translate(error.hint) }),
  }
}
