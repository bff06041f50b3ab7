import type { ZodError } from 'zod'
import type { AppError } from '../../../shared/contract'
import { SendsmithError } from './app-error'

/** What nodemailer and Node attach to the errors they throw. */
interface TransportError extends Error {
  code?: string
  errno?: number | string
  syscall?: string
  hostname?: string
  address?: string
  port?: number
  command?: string
  response?: string
  responseCode?: number
  rejected?: string[]
  reason?: string
}

/** The connection the failure happened on, to name it in messages. */
export interface ErrorContext {
  host?: string
  port?: number
  security?: 'none' | 'starttls' | 'tls'
  /** Where the SMTP session was (the sender's SmtpStage): the same timeout means different things. */
  stage?: 'connect' | 'auth' | 'envelope' | 'data' | 'after-data' | 'reset'
}

/** Turns a zod failure into one VALIDATION error naming the first bad field. */
export function fromZodError(error: ZodError): AppError {
  const issue = error.issues[0]
  const field = issue?.path.map(String).join('.') || undefined
  const fieldName = field?.split('.')[0]
  return {
    code: 'VALIDATION',
    message: issue?.message ?? 'The request is not valid',
    ...(fieldName !== undefined && { field: fieldName }),
    ...(error.issues.length > 1 && {
      hint: `Also: ${error.issues
        .slice(1, 4)
        .map((i) => i.message)
        .join('; ')}`,
    }),
  }
}

/**
 * Maps any error from a service, nodemailer, Node's net/tls or keytar to our typed error, once,
 * with a hint what to check. This is the only place that knows those libraries' error codes.
 */
export function toAppError(error: unknown, context: ErrorContext = {}): AppError {
  if (error instanceof SendsmithError) return error.toJSON()
  if (isZodError(error)) return fromZodError(error)
  if (isOAuthStepError(error)) return oauthError(error, context)
  const err = (error instanceof Error ? error : new Error(String(error))) as TransportError
  const where = context.host ? `${context.host}:${context.port}` : 'the server'
  const response = err.response?.trim()
  const withResponse = (e: AppError): AppError => (response ? { ...e, response } : e)
  const low = `${err.code ?? ''} ${err.message} ${err.reason ?? ''}`.toLowerCase()

  if (low.includes('econnrefused')) {
    return {
      code: 'CONNECTION_REFUSED',
      message: `${where} refused the connection`,
      hint: 'Check the server name and port; nothing is listening there, or a firewall rejects it. Submission ports are usually 587 (STARTTLS) and 465 (SSL/TLS).',
    }
  }
  if (low.includes('enotfound') || low.includes('eai_again') || err.code === 'EDNS') {
    return {
      code: 'HOST_NOT_FOUND',
      message: `The server name ${context.host ?? ''} could not be found`.trim(),
      hint: 'Check the spelling of the SMTP server and your network connection.',
    }
  }
  if (isTimeout(err, low) && (context.stage === 'data' || context.stage === 'after-data')) {
    return {
      code: 'TIMEOUT',
      message:
        context.stage === 'after-data'
          ? `${where} did not answer after the whole message was sent`
          : `${where} stopped answering while the message was being sent`,
      hint:
        context.stage === 'after-data'
          ? 'The server may be overloaded or checking the message slowly; it may have been delivered, so check with a recipient before sending it again.'
          : 'The server may be overloaded or the network unsteady; nothing was delivered, so it is safe to try again.',
    }
  }
  if (isTimeout(err, low) && err.command === 'CONN' && (context.stage === undefined || context.stage === 'connect')) {
    // Connected, but no "220" greeting: the classic sign of plain SMTP spoken to an SSL/TLS port.
    return {
      code: 'TIMEOUT',
      message: `${where} accepted the connection but sent no greeting`,
      ...(context.port === 465 && context.security !== 'tls' && { field: 'security' }),
      hint:
        context.security === 'tls'
          ? 'The server may be overloaded or not an SMTP server; check the port (465 SSL/TLS, 587 STARTTLS).'
          : context.port === 465
            ? 'This port expects TLS from the first byte: choose SSL/TLS (usually port 465), or use port 587 with STARTTLS.'
            : 'This port may expect TLS from the first byte: choose SSL/TLS (usually port 465), or use port 587 with STARTTLS.',
    }
  }
  if (isTimeout(err, low)) {
    return {
      code: 'TIMEOUT',
      message: `${where} did not answer in time`,
      hint: 'The port may be blocked by your network (many block port 25); try 587 with STARTTLS or 465 with SSL/TLS.',
    }
  }
  if (isCertificateError(err)) {
    return {
      code: 'CERTIFICATE_INVALID',
      message: `The certificate of ${where} is not trusted: ${err.reason ?? err.message}`,
      hint: certificateHint(err),
    }
  }
  if (
    low.includes('wrong version number') ||
    low.includes('packet length too long') ||
    low.includes('unknown protocol')
  ) {
    return {
      code: 'TLS_FAILED',
      message: `TLS and the port's protocol do not match at ${where}`,
      hint:
        context.security === 'tls'
          ? 'This port expects STARTTLS or plain SMTP, not TLS from the first byte: use 587 with STARTTLS, or 465 with SSL/TLS.'
          : 'This port expects TLS from the first byte: choose SSL/TLS (usually port 465), or use 587 with STARTTLS.',
    }
  }
  if (err.responseCode === 530 && /starttls|tls|encrypt/i.test(response ?? '')) {
    return withResponse({
      code: 'TLS_FAILED',
      message: `${where} requires encryption first`,
      field: 'security',
      hint: 'Choose STARTTLS (usually port 587) or SSL/TLS (usually port 465).',
    })
  }
  if (err.code === 'ETLS' || low.includes('starttls')) {
    return withResponse({
      code: 'TLS_FAILED',
      message: `The TLS connection to ${where} failed: ${err.message}`,
      hint: 'If the server does not offer STARTTLS on this port, try 465 with SSL/TLS.',
    })
  }
  if (err.code === 'EGREETING') {
    return withResponse({
      code: 'CONNECTION_REFUSED',
      message: `${where} refused the SMTP session: ${response ?? err.message}`,
      hint: 'The server may block your network address, or this port is not for mail submission: try 587 with STARTTLS or 465 with SSL/TLS.',
    })
  }
  if (err.responseCode === 530 || (err.code === 'EAUTH' && /authentication required/i.test(response ?? ''))) {
    return withResponse({
      code: 'AUTH_REQUIRED',
      message: 'The server requires authentication',
      field: 'auth',
      hint: 'Tick "My server requires authentication" and enter the user name and password.',
    })
  }
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH') return withResponse(authError(err, where))
  if (err.code === 'EENVELOPE') {
    const relay = err.responseCode === 554 || /relay/i.test(response ?? '')
    const relayHint = 'The server will not relay for you: sign in (authentication) or send from an address it accepts.'
    if (err.command?.startsWith('MAIL FROM')) {
      return withResponse({
        code: 'SENDER_REFUSED',
        message: `The server refused the sender address: ${response ?? err.message}`,
        hint: relay ? relayHint : 'The server may only let this account send from its own address.',
      })
    }
    const who = err.rejected?.join(', ')
    return withResponse({
      code: 'RECIPIENT_REFUSED',
      message: `The server refused ${who ? `the recipient(s) ${who}` : 'every recipient'}: ${response ?? err.message}`,
      field: 'to',
      hint: relay ? relayHint : 'Check the addresses for typos.',
    })
  }
  const tooLarge = /size larger than allowed (\d+)/i.exec(err.message)
  if (tooLarge) {
    // Checked against the server's advertised SIZE before any data was sent.
    return {
      code: 'MESSAGE_REFUSED',
      field: 'attachments',
      message: `The message is larger than this server accepts (${megabytes(Number(tooLarge[1]))} at most)`,
      hint: 'Remove or shrink attachments, or send a link to the file instead.',
    }
  }
  if (err.code === 'EMESSAGE' || (err.responseCode !== undefined && err.responseCode >= 500)) {
    return withResponse({
      code: 'MESSAGE_REFUSED',
      message: `The server refused the message: ${response ?? err.message}`,
      hint: 'The reply above says why; a 552 means the message is too large, a 554 often that it looks like spam or the sender is not allowed.',
    })
  }
  if (err.code === 'EPROTOCOL') {
    return withResponse({
      code: 'CONNECTION_LOST',
      message: `${where} did not answer as an SMTP server: ${err.message}`,
      hint: 'Check the port is the mail submission port (587 STARTTLS, 465 SSL/TLS).',
    })
  }
  if (err.code === 'ECONNECTION' || err.code === 'ESOCKET' || low.includes('econnreset') || low.includes('closed')) {
    return withResponse({
      code: 'CONNECTION_LOST',
      message: `The connection to ${where} failed: ${err.message}`,
      hint: 'The server closed the connection; check the security setting matches the port (465 SSL/TLS, 587 STARTTLS).',
    })
  }
  return withResponse({ code: 'INTERNAL', message: err.message || 'Something went wrong' })
}

/** Advice for a refused AUTH, by the server's reply code (RFC 4954 and what big providers send). */
function authError(err: TransportError, where: string): AppError {
  const response = err.response ?? ''
  const failed = { code: 'AUTH_FAILED' as const, message: `Authentication failed at ${where}`, field: 'password' }
  const provider = providerRefusal(response, where)
  if (provider) return { ...failed, ...provider }
  switch (err.responseCode) {
    case 534:
      return {
        ...failed,
        message: `Authentication failed at ${where}: the server refuses this way of signing in`,
        hint: /application-specific|app password/i.test(response)
          ? 'The provider needs an app password: create one in your account’s security settings and use it instead of your normal password.'
          : 'The provider wants a stronger sign-in: create an app password, or allow "less secure apps" / SMTP AUTH in the provider’s account settings.',
      }
    case 538:
      return {
        ...failed,
        field: 'security',
        message: `Authentication failed at ${where}: the server allows it only over an encrypted connection`,
        hint: 'Choose STARTTLS (usually port 587) or SSL/TLS (usually port 465).',
      }
    case 504:
      return {
        ...failed,
        field: 'authMethod',
        message: `Authentication failed at ${where}: the server does not support this method`,
        hint: 'Choose Auto as the authentication method, or one the server offers.',
      }
    case 454:
      return {
        ...failed,
        message: `Authentication failed at ${where}: the server could not check the password just now`,
        hint: 'A temporary failure on the server: try again in a few minutes.',
      }
    default:
      return {
        ...failed,
        message:
          err.responseCode === 535
            ? `Authentication failed at ${where}: the user name or password is wrong`
            : failed.message,
        hint: 'Check the user name (often the full email address) and password. Providers such as Gmail, iCloud, Yahoo and Outlook.com need an app password when two-step verification is on, and some need SMTP AUTH or "less secure access" enabled.',
      }
  }
}

function isTimeout(err: TransportError, low: string): boolean {
  return (
    err.code === 'ETIMEDOUT' ||
    low.includes('etimedout') ||
    low.includes('timeout') ||
    low.includes('greeting never received')
  )
}

function certificateHint(err: TransportError): string {
  const text = `${err.code ?? ''} ${err.message} ${err.reason ?? ''}`
  if (/CERT_HAS_EXPIRED|expired/i.test(text))
    return 'The server’s certificate has expired: tell the server’s administrator. Check your computer’s date and time too.'
  if (/CERT_NOT_YET_VALID/i.test(text)) return 'The certificate is not valid yet: check your computer’s date and time.'
  if (/ALTNAME|does not match/i.test(text))
    return 'The certificate is for another name: use the server name it lists (see the certificate’s names), not an alias or IP address.'
  return 'For a company or self-signed certificate, add its CA certificate to the account, or check its fingerprint with the administrator and trust it for this account.'
}

function isZodError(error: unknown): error is ZodError {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as ZodError).issues)
}

const certificateCodes = [
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
]

function isCertificateError(err: TransportError): boolean {
  return (
    certificateCodes.some(
      (code) => err.code === code || err.message.includes(code) || (err.reason ?? '').includes(code),
    ) || /self[- ]signed certificate|certificate has expired|hostname\/ip does not match/i.test(err.message)
  )
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** What big providers mean by their own AUTH refusals (the enhanced status code says which). */
function providerRefusal(response: string, where: string): Omit<AppError, 'code'> | undefined {
  if (/5\.7\.139/.test(response))
    return {
      field: 'auth',
      message: `Microsoft has SMTP AUTH turned off for this mailbox or organisation (${where})`,
      hint: 'A Microsoft 365 admin turns it on: admin center > Users > Active users > the user > Mail > Manage email apps > "Authenticated SMTP"; for the whole organisation, Exchange admin center > Settings > Mail flow > clear "Turn off SMTP AUTH protocol" (Set-TransportConfig -SmtpClientAuthenticationDisabled $false). Entra "security defaults" also block it. Signing in again does not help until then.',
    }
  if (/5\.7\.3\b/.test(response))
    return {
      message: `Microsoft refused the sign-in at ${where} (5.7.3)`,
      hint: 'Microsoft no longer takes passwords for SMTP on most accounts: choose "Sign in with Microsoft". When already signed in, the user name must be the mailbox you signed in as, and the sign-in needs the SMTP.Send permission: sign in again.',
    }
  if (/5\.7\.8/.test(response) && /gsmtp|google\.com/i.test(response))
    return {
      message: `Google refused the sign-in at ${where} (535-5.7.8)`,
      hint: 'Google takes an app password (2-Step Verification on, then myaccount.google.com/apppasswords) or "Sign in with Google"; your normal password is refused. When signed in with Google, the user name must be the Google address you signed in as.',
    }
  return undefined
}

/** An OAuth2 step's failure as oauth-step-error.ts tags it (duck-typed: services import us, not the reverse). */
interface OAuthStepFailure extends Error {
  step: 'discovery' | 'authorization' | 'token' | 'refresh'
  providerLabel: string
}

function isOAuthStepError(error: unknown): error is OAuthStepFailure {
  return (
    error instanceof Error && error.name === 'OAuthStepError' && typeof (error as OAuthStepFailure).step === 'string'
  )
}

/** oauth4webapi's errors carry the provider's `error` code (RFC 6749 §4.1.2.1, §5.2) and its description. */
interface OAuthLibraryError extends Error {
  code?: string
  error?: string
  error_description?: string
  cause?: unknown
}

/** Sign-in and token failures, with what the user (or their admin) can do about each. */
function oauthError(error: OAuthStepFailure, context: ErrorContext): AppError {
  const cause = (error.cause ?? {}) as OAuthLibraryError
  const label = error.providerLabel
  const oauthCode = cause.error ?? ''
  const description = cause.error_description ?? ''
  const said = [oauthCode, description].filter(Boolean).join(': ')
  const withSaid = (e: AppError): AppError => (said ? { ...e, response: said } : e)
  const signInFailed = (message: string, hint: string): AppError =>
    withSaid({ code: 'SIGN_IN_FAILED', field: 'oauth', message, hint })

  if (cause.name === 'AbortError')
    return {
      code: 'SIGN_IN_FAILED',
      field: 'oauth',
      message: 'The sign-in was cancelled',
      hint: 'Sign in again when you are ready.',
    }
  // The network failed under fetch: the same meaning as for SMTP (refused, not found, timeout).
  if (cause.name === 'TypeError' && cause.cause instanceof Error) {
    const network = toAppError(cause.cause, context)
    return { ...network, message: `Could not reach ${label} to sign in: ${network.message}` }
  }
  if (error.step === 'refresh' && (oauthCode === 'invalid_grant' || oauthCode === 'unauthorized_client'))
    return withSaid({
      code: 'SIGN_IN_REQUIRED',
      field: 'oauth',
      message: `${label} no longer accepts the saved sign-in: sign in again`,
      hint: 'The sign-in was revoked, expired, or your password or security settings changed. Sign in again ("Sign in again" in the account form, or sendsmith accounts login NAME); messages wait in the outbox until then.',
    })
  if (/AADSTS(90094|90099|65001)\b|admin(istrator)? (approval|consent)/i.test(description))
    return signInFailed(
      `${label} needs an administrator to approve Sendsmith first`,
      'Your organisation lets only admins consent to apps. Ask an admin to grant consent for your app registration (Entra admin center > Enterprise applications > the app > Permissions > Grant admin consent), then sign in again.',
    )
  if (oauthCode === 'access_denied')
    return signInFailed(
      `The sign-in with ${label} was declined`,
      'Sendsmith can send only after you allow it in the browser: sign in again and choose Accept (Allow).',
    )
  if (oauthCode === 'invalid_scope')
    return signInFailed(
      `${label} does not accept the permissions Sendsmith asked for`,
      'Check the scope of the account (Microsoft: https://outlook.office.com/SMTP.Send offline_access; Google: https://mail.google.com/), and that your app registration lists those permissions.',
    )
  if (oauthCode === 'invalid_client' || oauthCode === 'unauthorized_client')
    return signInFailed(
      `${label} does not know the client ID (or it needs its client secret)`,
      'Check the client ID you entered for this provider; a Google or Yahoo desktop app also needs its client secret. The app must be registered as a public (desktop) client with redirect http://127.0.0.1.',
    )
  if (error.step === 'token' && oauthCode === 'invalid_grant')
    return signInFailed(
      `${label} refused the sign-in code`,
      'The code expired or was already used, or the redirect does not match the app registration (http://127.0.0.1). Sign in again.',
    )
  if (cause.code === 'OAUTH_INVALID_RESPONSE' && /"state"/.test(cause.message))
    return signInFailed(
      'The browser’s answer does not belong to this sign-in (its state does not match), so it was refused',
      'Sign in again from Sendsmith, and finish in the tab it opens.',
    )
  if (cause.code === 'OAUTH_INVALID_RESPONSE' && /"iss"/.test(cause.message))
    return signInFailed(
      `The answer did not come from ${label} (its issuer does not match), so it was refused`,
      'Someone may have tried to redirect your sign-in; sign in again and check the address in the browser.',
    )
  if (error.step === 'discovery')
    return signInFailed(
      `Could not read ${label}’s sign-in metadata: ${cause.message}`,
      'Check the issuer URL: it must publish /.well-known/openid-configuration or /.well-known/oauth-authorization-server.',
    )
  return signInFailed(
    `Signing in with ${label} failed${said ? ` (${said})` : `: ${cause.message ?? error.message}`}`,
    'Try again; if it keeps failing, check the client ID and the app registration.',
  )
}
