import { promises as dns, type MxRecord, type SrvRecord } from 'node:dns'
import { isIP } from 'node:net'

/**
 * Everything that reaches the network by name, in one place, so tests can point it at a local DNS
 * server and local HTTP(S) servers on 127.0.0.1 while the app uses the system's resolver.
 */
export interface Network {
  /** The addresses of a host name, as connecting to it would use them. */
  lookup(host: string): Promise<{ address: string; family: 4 | 6 }[]>
  resolveSrv(name: string): Promise<SrvRecord[]>
  resolveMx(name: string): Promise<MxRecord[]>
  fetch: typeof fetch
}

/** The operating system's resolver and the platform fetch. */
export function systemNetwork(): Network {
  return {
    async lookup(host) {
      const family = isIP(host)
      if (family) return [{ address: host, family: family as 4 | 6 }]
      const found = await dns.lookup(host, { all: true })
      return found.map((a) => ({ address: a.address, family: a.family as 4 | 6 }))
    },
    resolveSrv: (name) => dns.resolveSrv(name),
    resolveMx: (name) => dns.resolveMx(name),
    fetch: (input, init) => globalThis.fetch(input, init),
  }
}
