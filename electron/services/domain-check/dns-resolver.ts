import { promises as dns } from 'node:dns'
import { SendsmithError } from '../errors/app-error'

/**
 * A DNS lookup as mailauth takes it (`resolver(name, 'TXT')`, answers shaped like node:dns's
 * `resolve`), so the domain check, the inbox's verifier and tests share one injectable seam.
 */
export type DnsResolver = (name: string, rrtype: string) => Promise<never>

/**
 * The system's resolver, or the DNS server at `server` ("HOST:PORT", for tests and split-horizon
 * setups). Lookups give up after a few seconds: a check must never hang on a silent server.
 */
export function dnsResolver(server?: string, timeoutMs = 2500): DnsResolver {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 2 })
  if (server) resolver.setServers([parseDnsServer(server)])
  return (name, rrtype) => resolver.resolve(name, rrtype) as Promise<never>
}

/** Checks "HOST:PORT" (or "[v6]:PORT", or a bare host for port 53) and returns it as c-ares takes it. */
export function parseDnsServer(value: string): string {
  const match = /^(\[[0-9a-f:.]+\]|[0-9.]+|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value.trim())
  const port = match?.[2] === undefined ? 53 : Number(match[2])
  if (!match || port < 1 || port > 65535)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'dnsServer',
      message: `"${value}" is not a DNS server address`,
      hint: 'Give HOST:PORT, for example 127.0.0.1:5353.',
    })
  return `${match[1]}:${port}`
}

/** TXT strings of a name, each record's pieces joined; an empty list when the name or the type does not exist. */
export async function txtRecords(resolver: DnsResolver, name: string): Promise<string[]> {
  try {
    const rows = (await resolver(name, 'TXT')) as string[][]
    return rows.map((row) => row.join(''))
  } catch (error) {
    if (isNotFound(error)) return []
    throw error
  }
}

/** NXDOMAIN and NODATA: "there is no such record", as opposed to a lookup that failed. */
export function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string }).code
  return code === 'ENOTFOUND' || code === 'ENODATA'
}
