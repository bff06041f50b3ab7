// Runs inside the page before the app: builds window.sendsmith with the same shared function the
// preload uses, over a Playwright binding instead of ipcRenderer.
import { buildSendsmithApi } from '../../../shared/api'
import type { EventName } from '../../../shared/contract'

declare global {
  interface Window {
    __sendsmithInvoke(channel: string, payload: unknown): Promise<unknown>
    __sendsmithEmit(event: string, payload: unknown): void
  }
}

const listeners = new Map<string, Set<(payload: unknown) => void>>()

// Playwright may evaluate an init script more than once in the same document; the bridge is set up
// once (window.sendsmith is not configurable, as the preload's contextBridge property is not).
if (!Object.hasOwn(window, 'sendsmith')) install()

function install(): void {
  window.__sendsmithEmit = (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload))

  Object.defineProperty(window, 'sendsmith', {
    value: buildSendsmithApi(
      (channel, payload) => window.__sendsmithInvoke(channel, payload),
      (event: EventName, listener) => {
        const set = listeners.get(event) ?? new Set()
        listeners.set(event, set.add(listener))
        return () => set.delete(listener)
      },
    ),
  })
}
