import type { AppError, ErrorCode } from '../../../shared/contract'

/** The typed error every service throws; the router turns it into `{ ok: false, error }`. */
export class SendsmithError extends Error {
  readonly code: ErrorCode
  readonly field?: string
  readonly hint?: string
  readonly response?: string

  constructor(error: AppError, options?: { cause?: unknown }) {
    super(error.message, options)
    this.name = 'SendsmithError'
    this.code = error.code
    this.field = error.field
    this.hint = error.hint
    this.response = error.response
  }

  toJSON(): AppError {
    const { code, message, field, hint, response } = this
    return { code, message, ...(field && { field }), ...(hint && { hint }), ...(response && { response }) }
  }
}
