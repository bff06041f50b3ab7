import { BlockList, isIP } from 'node:net'

/** Ranges a fetch from main must not reach unless the user allows the host, each with its reason. */
const ranges: { subnet: string; prefix: number; type: 'ipv4' | 'ipv6'; reason: string }[] = [
  { subnet: '0.0.0.0', prefix: 8, type: 'ipv4', reason: 'an unspecified ("this network") address' },
  { subnet: '10.0.0.0', prefix: 8, type: 'ipv4', reason: 'a private address' },
  { subnet: '100.64.0.0', prefix: 10, type: 'ipv4', reason: 'a carrier-grade NAT address' },
  { subnet: '127.0.0.0', prefix: 8, type: 'ipv4', reason: 'a loopback address' },
  // 169.254.169.254 is the cloud metadata service.
  { subnet: '169.254.0.0', prefix: 16, type: 'ipv4', reason: 'a link-local or cloud metadata address' },
  { subnet: '172.16.0.0', prefix: 12, type: 'ipv4', reason: 'a private address' },
  { subnet: '192.0.0.0', prefix: 24, type: 'ipv4', reason: 'a reserved address' },
  { subnet: '192.0.2.0', prefix: 24, type: 'ipv4', reason: 'a documentation address' },
  { subnet: '192.168.0.0', prefix: 16, type: 'ipv4', reason: 'a private address' },
  { subnet: '198.18.0.0', prefix: 15, type: 'ipv4', reason: 'a benchmarking address' },
  { subnet: '198.51.100.0', prefix: 24, type: 'ipv4', reason: 'a documentation address' },
  { subnet: '203.0.113.0', prefix: 24, type: 'ipv4', reason: 'a documentation address' },
  { subnet: '224.0.0.0', prefix: 4, type: 'ipv4', reason: 'a multicast address' },
  { subnet: '240.0.0.0', prefix: 4, type: 'ipv4', reason: 'a reserved or broadcast address' },
  { subnet: '::', prefix: 128, type: 'ipv6', reason: 'the unspecified address' },
  { subnet: '::1', prefix: 128, type: 'ipv6', reason: 'a loopback address' },
  // IPv4-compatible and IPv4-mapped IPv6 would smuggle any IPv4 address past the checks above.
  { subnet: '::', prefix: 96, type: 'ipv6', reason: 'an IPv4-compatible IPv6 address' },
  { subnet: '::ffff:0:0', prefix: 96, type: 'ipv6', reason: 'an IPv4-mapped IPv6 address' },
  { subnet: '64:ff9b:1::', prefix: 48, type: 'ipv6', reason: 'a local NAT64 address' },
  { subnet: '100::', prefix: 64, type: 'ipv6', reason: 'a discard address' },
  { subnet: '2001:db8::', prefix: 32, type: 'ipv6', reason: 'a documentation address' },
  // fd00:ec2::254 (the AWS metadata service over IPv6) is in here.
  { subnet: 'fc00::', prefix: 7, type: 'ipv6', reason: 'a private (unique local) or cloud metadata address' },
  { subnet: 'fe80::', prefix: 10, type: 'ipv6', reason: 'a link-local address' },
  { subnet: 'fec0::', prefix: 10, type: 'ipv6', reason: 'a site-local address' },
  { subnet: 'ff00::', prefix: 8, type: 'ipv6', reason: 'a multicast address' },
]

const lists = ranges.map((range) => {
  const list = new BlockList()
  list.addSubnet(range.subnet, range.prefix, range.type)
  return { list, type: range.type, reason: range.reason }
})

/**
 * Why an address is not a public internet address (loopback, private, link-local, CGNAT, cloud
 * metadata, unspecified, multicast, reserved, IPv4-mapped IPv6), or null when it is public.
 */
export function nonPublicReason(address: string): string | null {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')
  const family = isIP(bare)
  if (family === 0) return 'not an IP address'
  const type = family === 4 ? 'ipv4' : 'ipv6'
  for (const { list, type: rangeType, reason } of lists) if (rangeType === type && list.check(bare, type)) return reason
  return null
}
