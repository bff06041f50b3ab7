import type { SendsmithApi } from '../../shared/api'

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
