import type { SendsmithApi } from '../../shared/api'
import type { Result } from '../../shared/contract'

declare global {
  interface Window {
    /** Exposed by the preload (or the end-to-end harness); the renderer's only way out. */
    readonly sendsmith: SendsmithApi
  }
}

/** The typed bridge to main. A function, not a constant, so a harness may inject it after load. */
export function sendsmith(): SendsmithApi {
  return window.sendsmith
}

/** A call's Result, with a broken bridge (a rejected promise) turned into an INTERNAL error like any other. */
export async function settle<T>(call: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call
  } catch (error) {
    return { ok: false, error: { code: 'INTERNAL', message: `The app could not reach its back end: ${String(error)}` } }
  }
}
