/** Where a client line stands in an AUTH exchange, as the transcript recorder tracks it. */
export interface AuthRedactionState {
  /** True from an AUTH command until the server's final (non-334) reply. */
  inAuth: boolean
}

export const credentialsMarker = '[credentials redacted]'
export const redactedMarker = '[redacted]'

/**
 * Hides credentials in one line the client sends: the argument of AUTH (the PLAIN blob, a LOGIN or
 * XOAUTH2 initial response) and every continuation line while the exchange runs. It goes by the
 * protocol, not by the secret, so a form of the secret nobody listed (CRAM-MD5's digest, a
 * token wrapped in JSON) never shows either.
 */
export function redactClientLine(line: string, state: AuthRedactionState): string {
  const auth = /^(AUTH)(\s+)(\S+)(\s+\S.*)?$/i.exec(line)
  if (auth) {
    state.inAuth = true
    return auth[4] === undefined ? line : `${auth[1]}${auth[2]}${auth[3]} ${credentialsMarker}`
  }
  return state.inAuth ? redactedMarker : line
}

/** Updates the AUTH state from one server line: a final line other than 334 ends the exchange. */
export function trackServerLine(line: string, state: AuthRedactionState): void {
  if (state.inAuth && /^\d{3}(?: |$)/.test(line) && !line.startsWith('334')) state.inAuth = false
}
