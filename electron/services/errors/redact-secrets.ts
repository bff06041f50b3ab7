import type { AppError } from '../../../shared/contract'

/**
 * The forms a secret can take on the wire: as typed, and base64 as AUTH PLAIN, LOGIN and XOAUTH2
 * send it. AUTH PLAIN and XOAUTH2 wrap it with the user name, so the user name is needed to know
 * those forms.
 */
export function secretForms(secret: string, username = ''): string[] {
  if (secret === '') return []
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')
  return [
    secret,
    b64(secret),
    b64(`\u0000${username}\u0000${secret}`),
    b64(`${username}\u0000${username}\u0000${secret}`),
    b64(`user=${username}\u0001auth=Bearer ${secret}\u0001\u0001`),
  ]
}

/** Replaces every form of the given secrets in a text with a marker. */
export function redactText(text: string, secrets: string[]): string {
  let out = text
  // Longest first, so a form that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    if (secret.length > 0) out = out.split(secret).join('[redacted]')
  return out
}

/** Redacts secrets from every text field of an error before it leaves the service. */
export function redactError(error: AppError, secrets: string[]): AppError {
  const clean = (s: string | undefined) => (s === undefined ? undefined : redactText(s, secrets))
  return {
    ...error,
    message: redactText(error.message, secrets),
    ...(error.hint && { hint: clean(error.hint) }),
    ...(error.response && { response: clean(error.response) }),
  }
}
