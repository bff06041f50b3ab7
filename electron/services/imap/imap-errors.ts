import type { AppError, ImapSettings } from '../../../shared/contract'
import { toAppError } from '../errors/to-app-error'

/** What imapflow attaches to its errors. */
interface ImapFlowError extends Error {
  code?: string
  authenticationFailed?: boolean
  responseText?: string
  serverResponseCode?: string
  response?: string
  executedCommand?: string
}

/**
 * IMAP failures in our error shape: a refused login, a missing mailbox, a missing STARTTLS are
 * IMAP's own; network and certificate failures go through toAppError, with IMAP's ports in the advice.
 */
export function imapAppError(error: unknown, settings: Pick<ImapSettings, 'host' | 'port' | 'security'>): AppError {
  const err = error as ImapFlowError
  const where = `the IMAP server ${settings.host}:${settings.port}`
  const reply = err?.responseText ?? err?.response
  const response = reply ? { response: String(reply).slice(0, 500) } : {}
  if (err?.authenticationFailed || err?.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return {
      code: 'AUTH_FAILED',
      field: 'password',
      message: `Sign-in failed at ${where}: the user name or password is wrong`,
      hint: 'Check the IMAP user name (often the full address) and the password; providers with two-step verification need an app password.',
      ...response,
    }
  }
  if (err?.serverResponseCode === 'TRYCREATE' || /mailbox doesn't exist|nonexistent/i.test(String(reply ?? ''))) {
    return {
      code: 'NOT_FOUND',
      field: 'sentFolder',
      message: `The Sent folder does not exist at ${where}`,
      hint: 'Choose the Sent folder in the account’s IMAP settings.',
      ...response,
    }
  }
  if (/STARTTLS/i.test(String(err?.message)) && settings.security === 'starttls') {
    return {
      code: 'TLS_FAILED',
      field: 'imap',
      message: `${where} does not offer STARTTLS`,
      hint: 'Choose SSL/TLS on port 993.',
    }
  }
  const mapped = toAppError(error, { host: settings.host, port: settings.port, security: settings.security })
  const imapHint: Partial<Record<AppError['code'], string>> = {
    CONNECTION_REFUSED: 'Check the IMAP server and port: 993 for SSL/TLS, 143 for STARTTLS.',
    TIMEOUT: 'The port may be blocked, or it expects the other kind of TLS: 993 SSL/TLS, 143 STARTTLS.',
    TLS_FAILED: 'Port 993 speaks TLS from the first byte (SSL/TLS); port 143 STARTTLS.',
    HOST_NOT_FOUND: 'Check the spelling of the IMAP server and your network connection.',
  }
  const hint = imapHint[mapped.code]
  return { ...mapped, ...(hint && { hint }), ...(mapped.code === 'INTERNAL' && response) }
}
