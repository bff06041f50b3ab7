import { events, type EventName, type EventPayload } from '../../../shared/contract'

export type AppEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/**
 * Events that belong to no single request (an outbox entry changing state in the background); each
 * door forwards them to its windows. Payloads are checked against the contract on the way out.
 */
export class AppEvents {
  private readonly listeners = new Set<AppEventListener>()

  on(listener: AppEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].parse(payload) as EventPayload<E>
    for (const listener of this.listeners) listener(event, checked)
  }
}
