/** One reply from the server: the code and every line as sent ("250-SIZE 1000", "250 OK"). */
export interface SmtpReply {
  code: number
  lines: string[]
}

/** The reply as one text, lines joined: what errors carry as `response`. */
export function replyText(reply: SmtpReply): string {
  return reply.lines.join('\n')
}

/**
 * Errors shaped like nodemailer's (code, command, response, responseCode), so toAppError maps
 * the test's failures and sending's failures the same way.
 */
export interface SmtpClientError extends Error {
  code: string
  command?: string
  response?: string
  responseCode?: number
  rejected?: string[]
}

export function smtpError(
  code: string,
  message: string,
  extra: Omit<Partial<SmtpClientError>, 'code' | 'message'> = {},
): SmtpClientError {
  return Object.assign(new Error(message), { code, ...extra })
}

/** The server answered a command with something other than what the protocol needs next. */
export function replyError(
  code: string,
  command: string,
  reply: SmtpReply,
  extra: { rejected?: string[] } = {},
): SmtpClientError {
  const response = replyText(reply)
  return smtpError(code, `${command}: ${response}`, { command, response, responseCode: reply.code, ...extra })
}

export function abortError(): Error {
  return Object.assign(new Error('The test was cancelled'), { name: 'AbortError', code: 'ABORT_ERR' })
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError'
}

/** Rejects as soon as the signal fires, for steps whose I/O takes no signal (DNS lookups). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(abortError())
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError())
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
