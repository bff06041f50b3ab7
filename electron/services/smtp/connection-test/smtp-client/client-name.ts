import { hostname } from 'node:os'
import { isIP } from 'node:net'

/**
 * The name to send with EHLO: the account's, else this machine's if it is a full domain name, else
 * an address literal of our end of the connection (what RFC 5321 asks for when there is no name).
 */
export function clientName(configured: string, localAddress: string | undefined): string {
  if (configured) return configured
  const machine = safeHostname()
  if (machine.includes('.') && !isIP(machine)) return machine
  const address = (localAddress ?? '127.0.0.1').replace(/^::ffff:/, '')
  return isIP(address) === 6 ? `[IPv6:${address}]` : `[${address}]`
}

function safeHostname(): string {
  try {
    return hostname()
  } catch {
    return '' // no name is fine: the address literal is used
  }
}
