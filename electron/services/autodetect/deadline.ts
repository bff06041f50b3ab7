/** An error carrying Node's ETIMEDOUT code, so toAppError and step details read "timed out". */
export function timeoutError(what: string, timeoutMs: number): Error {
  return Object.assign(new Error(`${what} timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })
}

/** The error an aborted operation rejects with, shaped like the platform's own AbortError. */
export function abortError(): Error {
  return Object.assign(new Error('The operation was cancelled'), { name: 'AbortError', code: 'ABORT_ERR' })
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR')
}

/**
 * Settles with `promise`, or rejects when the time is up or the signal aborts, whichever is first.
 * Node's resolver cannot be cancelled, so a late answer is simply ignored.
 */
export function withDeadline<T>(
  promise: Promise<T>,
  options: { timeoutMs: number; signal?: AbortSignal; what: string },
): Promise<T> {
  const { timeoutMs, signal, what } = options
  if (signal?.aborted) return Promise.reject(abortError())
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(timeoutError(what, timeoutMs))), timeoutMs)
    const onAbort = () => finish(() => reject(abortError()))
    const finish = (settle: () => void) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      settle()
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    )
  })
}

/** A signal that aborts when the caller's does or after `timeoutMs`, for fetch. */
export function deadlineSignal(timeoutMs: number, signal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs)
  return signal ? AbortSignal.any([signal, timeout]) : timeout
}

/** A short reason for a failed network call, for a step's detail line. */
export function describeFailure(error: unknown): string {
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } }
  const code = err?.code ?? err?.cause?.code
  switch (code) {
    case 'ENOTFOUND':
    case 'ENODATA':
    case 'NXDOMAIN':
      return 'no such host'
    case 'ECONNREFUSED':
      return 'connection refused'
    case 'ETIMEDOUT':
    case 'ETIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'timed out'
    case 'ECONNRESET':
      return 'connection reset'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'network unreachable'
  }
  if ((error as Error)?.name === 'TimeoutError') return 'timed out'
  const message = err?.cause?.message ?? err?.message ?? String(error)
  return message.length > 120 ? `${message.slice(0, 117)}...` : message
}
