import { promises as dns } from 'node:dns'
import { isIP } from 'node:net'
import type { Network } from '../../electron/services/net/network'

export interface TestNetworkOptions {
  /** The port of a `startDnsTestServer()` on 127.0.0.1: every name is resolved there. */
  dnsPort: number
  /** HTTP(S) for autoconfig, usually `httpsServer.fetch`; by default every request fails as if offline. */
  fetch?: typeof fetch
  /** How long one DNS query may take (default 1000 ms; the server is local, so only silence is slow). */
  dnsTimeoutMs?: number
}

/**
 * A `Network` that never leaves the machine: names resolve at the local test DNS server (A records;
 * "localhost" and IP literals answer directly), SRV and MX come from it too, and fetch is the one
 * given. Pass it wherever the app takes a Network (`createAppServices({ network })`, `detectSettings`).
 *
 *   const network = testNetwork({ dnsPort: dns.port, fetch: https.fetch })
 */
export function testNetwork(options: TestNetworkOptions): Network {
  const resolver = new dns.Resolver({ timeout: options.dnsTimeoutMs ?? 1000, tries: 1 })
  resolver.setServers([`127.0.0.1:${options.dnsPort}`])
  return {
    async lookup(host) {
      const bare = host.replace(/^\[(.*)\]$/, '$1')
      const family = isIP(bare)
      if (family) return [{ address: bare, family: family as 4 | 6 }]
      if (bare.toLowerCase() === 'localhost') return [{ address: '127.0.0.1', family: 4 }]
      const addresses = await resolver.resolve4(bare)
      return addresses.map((address) => ({ address, family: 4 as const }))
    },
    resolveSrv: (name) => resolver.resolveSrv(name),
    resolveMx: (name) => resolver.resolveMx(name),
    fetch: options.fetch ?? offlineFetch,
  }
}

/** Fails like the platform fetch does when the name does not resolve, so nothing reaches the internet. */
const offlineFetch: typeof fetch = async (input) => {
  const url = input instanceof Request ? input.url : String(input)
  const hostname = new URL(url).hostname
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }),
  })
}
