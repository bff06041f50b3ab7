import type { ErrorCode } from '../../../shared/contract'

/** Waits between attempts after a temporary failure: quick at first, then backing off. */
export const retryDelaysMs = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000]

/** Attempts before a temporary failure is given up as failed (about a day of retries). */
export const maxAttempts = 30

/** A message waiting for the user to sign in again is tried hourly; signing in sends it at once. */
export const signInWaitMs = 3_600_000

export function retryDelayMs(attempt: number, code?: ErrorCode): number {
  if (code === 'SIGN_IN_REQUIRED') return signInWaitMs
  return retryDelaysMs[Math.min(attempt - 1, retryDelaysMs.length - 1)]
}

/** Network failures that a later attempt may not meet (server down, laptop offline). */
const networkCodes: ErrorCode[] = ['CONNECTION_REFUSED', 'HOST_NOT_FOUND', 'TIMEOUT', 'CONNECTION_LOST']

/**
 * A failure is temporary when the server said so (4xx, and 503 which only means the session was
 * in the wrong state) or when the network failed; a 5xx reply, a TLS or certificate problem and a
 * refused login are final until the user changes something.
 */
export function isTemporary(responseCode: number | undefined, code: ErrorCode): boolean {
  if (responseCode !== undefined) return (responseCode >= 400 && responseCode < 500) || responseCode === 503
  return networkCodes.includes(code)
}
