import {
  contract,
  isChannel,
  resultSchema,
  type Channel,
  type EventName,
  type EventPayload,
  type RequestOf,
  type ResponseOf,
  type Result,
} from './contract'

/** Sends one request over whatever carries IPC (ipcRenderer.invoke, a Playwright binding ...). */
export type Invoke = (channel: Channel, payload: unknown) => Promise<unknown>
/** Subscribes to one main->renderer event; returns the unsubscribe function. */
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void

type Domain<C extends string> = C extends `${infer D}:${string}` ? D : never
type Verb<C extends string, D extends string> = C extends `${D}:${infer V}` ? V : never

type Method<C extends Channel> = (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>

/** `window.sendsmith`: one method per contract channel, grouped by domain (`accounts.save`). */
export type SendsmithApi = {
  [D in Domain<Channel>]: {
    [V in Verb<Channel, D>]: Method<Extract<Channel, `${D}:${V}`>>
  }
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/**
 * Builds `window.sendsmith` from an invoke/subscribe pair. Used by the preload (over ipcRenderer)
 * and by the end-to-end harness (over a Playwright binding), so both expose the same API. Replies
 * are parsed against the contract: data crossing the bridge is checked, not trusted.
 */
export function buildSendsmithApi(invoke: Invoke, subscribe: Subscribe): SendsmithApi {
  const api: Record<string, Record<string, (request: unknown) => Promise<unknown>>> = {}
  for (const channel of Object.keys(contract)) {
    if (!isChannel(channel)) continue
    const [domain, verb] = channel.split(':')
    const replySchema = resultSchema(contract[channel].response)
    api[domain] ??= {}
    api[domain][verb] = async (request: unknown) => {
      const reply = replySchema.safeParse(await invoke(channel, request ?? {}))
      if (reply.success) return reply.data
      return { ok: false, error: { code: 'INTERNAL', message: `The reply to ${channel} did not match the contract` } }
    }
  }
  return Object.freeze({
    ...api,
    on: (event: EventName, listener: (payload: never) => void) =>
      subscribe(event, listener as (payload: unknown) => void),
  }) as unknown as SendsmithApi
}
