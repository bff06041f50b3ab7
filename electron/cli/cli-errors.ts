import type { AppError } from '../../shared/contract'
import { SendsmithError } from '../services/errors/app-error'
import { toAppError } from '../services/errors/to-app-error'
import { inCliWords } from './cli-hints'

/** Exit codes: 0 done, 1 the server or the system said no, 2 the input was wrong, 75 try later (EX_TEMPFAIL). */
export const exitCodes = { ok: 0, failed: 1, badInput: 2, tempFail: 75 } as const

/** A mistake in the command line itself (unknown option, missing value). */
export function usageError(message: string, hint?: string): SendsmithError {
  return new SendsmithError({ code: 'VALIDATION', message, ...(hint && { hint }) })
}

export function exitCodeFor(error: AppError): number {
  // A sign-in that was denied, cancelled or timed out is the user's to redo (2); a saved sign-in the
  // provider no longer takes leaves messages waiting until the user signs in again (75).
  if (error.code === 'SIGN_IN_FAILED') return exitCodes.badInput
  if (error.code === 'SIGN_IN_REQUIRED') return exitCodes.tempFail
  return error.code === 'VALIDATION' || error.code === 'NOT_FOUND' ? exitCodes.badInput : exitCodes.failed
}

/** Writes an error for a person: the message, then what to do, then what the server said. */
export function printError(stderr: NodeJS.WritableStream, appError: AppError): void {
  const error = inCliWords(appError)
  const field = error.field ? ` (${error.field})` : ''
  stderr.write(`sendsmith: ${error.message}${field}\n`)
  if (error.hint) stderr.write(`  hint: ${error.hint}\n`)
  if (error.response) stderr.write(`  server said: ${error.response}\n`)
}

export { toAppError }
