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
    ...(error.issues.length > 1 && { hint: `Also: ${error.issues.slice(1, 4).map((i) => i.message).join('; ')}` }),
  }
}

/**
 * Maps any error from a service, nodemailer, Node's net/tls or keytar to our typed error, once,
 * with a hint what to check. This is the only place that knows those libraries' error codes.
 */
export function toAppError(error: unknown, context: ErrorContext = {}): AppError {
  if (error instanceof SendsmithError) return error.toJSON()
  if (isZodError(error)) return fromZodError(error)
  const err = (error instanceof Error ? error : new Error(String(error))) as TransportError
  const where = context.host ? `${context.host}:${context.port}` : 'the server'
  const response = err.response?.trim()
  const withResponse = (e: AppError): AppError => (response ? { ...e, response } : e)
  const low = `${err.code ?? ''} ${err.message} ${err.reason ?? ''}`.toLowerCase()

  if (low.includes('econnrefused')) {
    return { code: 'CONNECTION_REFUSED', message: `${where} refused the connection`, hint: 'Check the server name and port; nothing is listening there, or a firewall rejects it.' }
  }
  if (low.includes('enotfound') || low.includes('eai_again') || err.code === 'EDNS') {
    return { code: 'HOST_NOT_FOUND', message: `The server name ${context.host ?? ''} could not be found`.trim(), hint: 'Check the spelling of the SMTP server and your network connection.' }
  }
  if (err.code === 'ETIMEDOUT' || low.includes('etimedout') || low.includes('timeout')) {
    return { code: 'TIMEOUT', message: `${where} did not answer in time`, hint: 'The port may be blocked by your network (many block port 25); try 587 with STARTTLS or 465 with SSL/TLS.' }
  }
  if (isCertificateError(err)) {
    return {
      code: 'CERTIFICATE_INVALID',
      message: `The certificate of ${where} is not trusted: ${err.reason ?? err.message}`,
      hint: 'Check the server name matches the certificate; for a company or self-signed certificate, add its CA certificate to the account.',
    }
  }
  if (low.includes('wrong version number') || low.includes('packet length too long') || low.includes('unknown protocol')) {
    return {
      code: 'TLS_FAILED',
      message: `TLS and the port's protocol do not match at ${where}`,
      hint: context.security === 'tls' ? 'This port expects STARTTLS or plain SMTP: use 587 with STARTTLS, or 465 with SSL/TLS.' : 'This port expects TLS from the first byte: choose SSL/TLS (usually port 465).',
    }
  }
  if (err.code === 'ETLS' || low.includes('starttls')) {
    return withResponse({ code: 'TLS_FAILED', message: `The TLS connection to ${where} failed: ${err.message}`, hint: 'If the server does not offer STARTTLS on this port, try 465 with SSL/TLS.' })
  }
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH') {
    if (err.responseCode === 530) return withResponse({ code: 'AUTH_REQUIRED', message: 'The server requires authentication', field: 'auth', hint: 'Tick "My server requires authentication" and enter the user name and password.' })
    return withResponse({
      code: 'AUTH_FAILED',
      message: `Authentication failed at ${where}`,
      field: 'password',
      hint: 'Check the user name and password. Providers such as Gmail, iCloud and Yahoo need an app password when two-step verification is on.',
    })
  }
  if (err.code === 'EENVELOPE') {
    if (err.command?.startsWith('MAIL FROM')) {
      return withResponse({ code: 'SENDER_REFUSED', message: `The server refused the sender address: ${response ?? err.message}`, hint: 'The server may only let this account send from its own address.' })
    }
    const who = err.rejected?.join(', ')
    return withResponse({
      code: 'RECIPIENT_REFUSED',
      message: `The server refused ${who ? `the recipient(s) ${who}` : 'every recipient'}: ${response ?? err.message}`,
      field: 'to',
      hint: err.responseCode === 554 || /relay/i.test(response ?? '') ? 'The server will not relay for you: sign in (authentication) or send from an address it accepts.' : 'Check the addresses for typos.',
    })
  }
  if (err.code === 'EMESSAGE' || (err.responseCode !== undefined && err.responseCode >= 500)) {
    return withResponse({ code: 'MESSAGE_REFUSED', message: `The server refused the message: ${response ?? err.message}`, hint: 'The reply above says why; a 552 means the message is too large.' })
  }
  if (err.code === 'ECONNECTION' || err.code === 'ESOCKET' || low.includes('econnreset') || low.includes('closed')) {
    return withResponse({ code: 'CONNECTION_LOST', message: `The connection to ${where} failed: ${err.message}`, hint: 'The server closed the connection; check the security setting matches the port (465 SSL/TLS, 587 STARTTLS).' })
  }
  return withResponse({ code: 'INTERNAL', message: err.message || 'Something went wrong' })
}

function isZodError(error: unknown): error is ZodError {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as ZodError).issues)
}

const certificateCodes = ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_NOT_YET_VALID']

function isCertificateError(err: TransportError): boolean {
  return certificateCodes.some((code) => err.code === code || err.message.includes(code) || (err.reason ?? '').includes(code)) || /self[- ]signed certificate|certificate has expired|hostname\/ip does not match/i.test(err.message)
}
