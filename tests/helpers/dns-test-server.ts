import { createSocket, type RemoteInfo } from 'node:dgram'
import { isIPv4, isIPv6 } from 'node:net'

/** A record the test DNS server answers with. Names are matched without case and without a trailing dot. */
export type DnsRecord =
  | { type: 'A'; name: string; address: string }
  | { type: 'AAAA'; name: string; address: string }
  | { type: 'MX'; name: string; exchange: string; priority: number }
  /** A target of "." says "no such service here" (RFC 2782). */
  | { type: 'SRV'; name: string; target: string; port: number; priority?: number; weight?: number }
  /** A TXT record (SPF, DKIM, DMARC ...); a value over 255 bytes is split into several strings, as zone files do. */
  | { type: 'TXT'; name: string; value: string }

export interface DnsTestServer {
  /** The UDP port on 127.0.0.1; give it to `testNetwork({ dnsPort })`. */
  port: number
  /** Every question asked so far, to assert what a lookup did (`{ name: 'example.test', type: 'MX' }`). */
  queries: { name: string; type: string }[]
  /** Adds records; they are answered from the next query on. */
  add(...records: DnsRecord[]): void
  /** Removes every record of a name (and type, when given), e.g. to publish a changed key. */
  remove(name: string, type?: DnsRecord['type']): void
  /** Names whose queries are never answered, to test timeouts. */
  silence(name: string): void
  close(): Promise<void>
}

const typeCodes = { A: 1, MX: 15, TXT: 16, AAAA: 28, SRV: 33 } as const
const typeNames: Record<number, string> = { 1: 'A', 15: 'MX', 28: 'AAAA', 33: 'SRV', 5: 'CNAME', 16: 'TXT', 255: 'ANY' }

/**
 * An authoritative DNS server for test zones on 127.0.0.1 (UDP, a random port) answering A, AAAA,
 * MX, SRV and TXT from a list. A name with records of other types gets an empty answer (NODATA); any
 * other name gets NXDOMAIN, exactly the two "not found" cases a real resolver reports.
 *
 *   const dns = await startDnsTestServer([
 *     { type: 'A', name: 'smtp.example.test', address: '127.0.0.1' },
 *     { type: 'MX', name: 'example.test', exchange: 'mx.example.test', priority: 10 },
 *   ])
 *   const network = testNetwork({ dnsPort: dns.port })
 */
export async function startDnsTestServer(records: DnsRecord[] = []): Promise<DnsTestServer> {
  const zone: DnsRecord[] = [...records]
  const silent = new Set<string>()
  const queries: DnsTestServer['queries'] = []
  const socket = createSocket('udp4')
  socket.on('message', (message: Buffer, peer: RemoteInfo) => {
    let reply: Buffer | undefined
    try {
      const question = readQuestion(message)
      queries.push({ name: question.name, type: typeNames[question.type] ?? String(question.type) })
      if (silent.has(question.name)) return
      reply = answer(message, question, zone)
    } catch {
      reply = formatError(message)
    }
    if (reply) socket.send(reply, peer.port, peer.address)
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject)
      resolve()
    })
  })
  return {
    port: socket.address().port,
    queries,
    add: (...more) => void zone.push(...more),
    remove(name, type) {
      const kept = zone.filter((r) => normalize(r.name) !== normalize(name) || (type !== undefined && r.type !== type))
      zone.splice(0, zone.length, ...kept)
    },
    silence: (name) => void silent.add(normalize(name)),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  }
}

const normalize = (name: string) => name.toLowerCase().replace(/\.$/, '')

interface Question {
  id: number
  flags: number
  name: string
  type: number
  /** Where the question section ends in the query, to copy it into the answer. */
  end: number
}

function readQuestion(message: Buffer): Question {
  if (message.length < 12 || message.readUInt16BE(4) !== 1) throw new Error('expected exactly one question')
  const labels: string[] = []
  let offset = 12
  for (;;) {
    const length = message[offset]
    if (length === undefined || length > 63) throw new Error('bad name')
    offset++
    if (length === 0) break
    labels.push(message.toString('latin1', offset, offset + length))
    offset += length
  }
  const type = message.readUInt16BE(offset)
  return {
    id: message.readUInt16BE(0),
    flags: message.readUInt16BE(2),
    name: normalize(labels.join('.')),
    type,
    end: offset + 4,
  }
}

function answer(query: Buffer, question: Question, zone: DnsRecord[]): Buffer {
  const named = zone.filter((r) => normalize(r.name) === question.name)
  const matching = named.filter((r) => typeCodes[r.type] === question.type)
  const rcode = named.length === 0 ? 3 : 0 // NXDOMAIN when the name has no records at all
  const header = Buffer.alloc(12)
  header.writeUInt16BE(question.id, 0)
  // QR=1, opcode copied, AA=1, RD copied, RA=1, then the response code.
  header.writeUInt16BE(0x8000 | (question.flags & 0x7800) | 0x0400 | (question.flags & 0x0100) | 0x0080 | rcode, 2)
  header.writeUInt16BE(1, 4)
  header.writeUInt16BE(matching.length, 6)
  const answers = matching.map((record) => {
    const data = recordData(record)
    const fixed = Buffer.alloc(12)
    fixed.writeUInt16BE(0xc00c, 0) // a pointer to the name in the question
    fixed.writeUInt16BE(typeCodes[record.type], 2)
    fixed.writeUInt16BE(1, 4) // class IN
    fixed.writeUInt32BE(60, 6)
    fixed.writeUInt16BE(data.length, 10)
    return Buffer.concat([fixed, data])
  })
  return Buffer.concat([header, query.subarray(12, question.end), ...answers])
}

function recordData(record: DnsRecord): Buffer {
  switch (record.type) {
    case 'A':
      if (!isIPv4(record.address)) throw new Error(`not an IPv4 address: ${record.address}`)
      return Buffer.from(record.address.split('.').map(Number))
    case 'AAAA': {
      if (!isIPv6(record.address)) throw new Error(`not an IPv6 address: ${record.address}`)
      return ipv6Bytes(record.address)
    }
    case 'MX': {
      const preference = Buffer.alloc(2)
      preference.writeUInt16BE(record.priority)
      return Buffer.concat([preference, encodeName(record.exchange)])
    }
    case 'TXT': {
      const bytes = Buffer.from(record.value, 'utf8')
      const strings: Buffer[] = []
      for (let at = 0; at < bytes.length || strings.length === 0; at += 255) {
        const piece = bytes.subarray(at, at + 255)
        strings.push(Buffer.concat([Buffer.from([piece.length]), piece]))
      }
      return Buffer.concat(strings)
    }
    case 'SRV': {
      const fixed = Buffer.alloc(6)
      fixed.writeUInt16BE(record.priority ?? 10, 0)
      fixed.writeUInt16BE(record.weight ?? 0, 2)
      fixed.writeUInt16BE(record.port, 4)
      return Buffer.concat([fixed, encodeName(record.target)])
    }
  }
}

function encodeName(name: string): Buffer {
  const labels = normalize(name).split('.').filter(Boolean)
  return Buffer.concat([
    ...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')])),
    Buffer.from([0]),
  ])
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail = ''] = address.split('::')
  const groups = (part: string) => (part ? part.split(':') : [])
  const left = groups(head)
  const right = address.includes('::') ? groups(tail) : []
  const all = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
  const bytes = Buffer.alloc(16)
  all.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2))
  return bytes
}

/** FORMERR for a query we cannot read, so the client does not wait for a timeout. */
function formatError(query: Buffer): Buffer | undefined {
  if (query.length < 12) return undefined
  const header = Buffer.from(query.subarray(0, 12))
  header.writeUInt16BE(0x8000 | 0x0080 | 1, 2)
  header.fill(0, 4, 12)
  return header
}
