import { z } from 'zod'

/** Stable error codes shared by every door (IPC, CLI, tests). Mapped once, in electron/services/errors. */
export const errorCodes = [
  'VALIDATION',
  'NOT_FOUND',
  'KEYCHAIN_UNAVAILABLE',
  'PASSWORD_MISSING',
  'CONNECTION_REFUSED',
  'HOST_NOT_FOUND',
  'TIMEOUT',
  'CONNECTION_LOST',
  'TLS_FAILED',
  'CERTIFICATE_INVALID',
  'AUTH_FAILED',
  'AUTH_REQUIRED',
  'SENDER_REFUSED',
  'RECIPIENT_REFUSED',
  'MESSAGE_REFUSED',
  /** The connection was lost after the final ".": the message may have been delivered. */
  'MAYBE_DELIVERED',
  'FORBIDDEN_SENDER',
  /** OAuth2: the provider no longer accepts the stored sign-in; the user signs in again. */
  'SIGN_IN_REQUIRED',
  /** OAuth2: the sign-in in the browser was refused, cancelled or timed out. */
  'SIGN_IN_FAILED',
  /** settings.json is not JSON (a crash or a full disk cut it short): named, never silently emptied. */
  'SETTINGS_UNREADABLE',
  /** A newer request replaced this one before it finished (a live preview's stale render). */
  'CANCELLED',
  'INTERNAL',
] as const

export const errorCodeSchema = z.enum(errorCodes)
export type ErrorCode = z.infer<typeof errorCodeSchema>

/** The one error shape that crosses IPC: what went wrong, where, and what to do about it. */
export const appErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** The request field the error is about (`port`, `to`, ...), so the UI can mark it. */
  field: z.string().optional(),
  /** What the user can do next. */
  hint: z.string().optional(),
  /** The server's own reply line, when there was one. */
  response: z.string().optional(),
})
export type AppError = z.infer<typeof appErrorSchema>

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

/** Schema of a `Result` over a value schema, so responses can be checked on arrival. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: appErrorSchema }),
  ])
}
