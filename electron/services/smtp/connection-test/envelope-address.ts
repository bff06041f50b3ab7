import type { Capabilities } from '../../../../shared/contract'
import { SendsmithError } from '../../errors/app-error'

/** An address for MAIL FROM / RCPT TO; refuses anything that could break out of the command line. */
export function envelopeAddress(address: string, field: string): string {
  const trimmed = address.trim()
  if (trimmed === '' || /[\r\n<>\s]/.test(trimmed)) {
    throw new SendsmithError({
      code: 'VALIDATION',
      field,
      message: `"${trimmed.slice(0, 100)}" is not an email address`,
      hint: 'Give a bare address such as ada@example.com.',
    })
  }
  return trimmed
}

/** MAIL FROM, asking for SMTPUTF8 when the address needs it and the server offers it. */
export function mailFromCommand(address: string, capabilities: Capabilities | null): string {
  const needsUtf8 = /[^\x00-\x7f]/.test(address) && capabilities?.smtpUtf8 === true
  return `MAIL FROM:<${address}>${needsUtf8 ? ' SMTPUTF8' : ''}`
}

/** 250 and 251 accept a recipient; 252 means "cannot verify, will try", which is an acceptance too. */
export function recipientAccepted(code: number): boolean {
  return code === 250 || code === 251 || code === 252
}
