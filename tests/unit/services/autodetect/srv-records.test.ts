import { describe, expect, it } from 'vitest'
import { orderSrvRecords, saysNoService, srvCandidates } from '../../../../electron/services/autodetect/srv-records'

const srv = (name: string, priority: number, weight: number, port = 587) => ({ name, priority, weight, port })

describe('SRV records', () => {
  it('orders by priority, then by the heavier weight', () => {
    const ordered = orderSrvRecords([
      srv('c.example.com', 20, 0),
      srv('b.example.com', 10, 5),
      srv('a.example.com', 10, 50),
      srv('d.example.com', 5, 0),
    ])
    expect(ordered.map((r) => r.name)).toEqual(['d.example.com', 'a.example.com', 'b.example.com', 'c.example.com'])
  })

  it('treats a "." target as "no service here" (RFC 2782)', () => {
    expect(saysNoService([srv('.', 0, 0, 0)])).toBe(true)
    expect(saysNoService([srv('', 0, 0, 0)])).toBe(true)
    expect(saysNoService([srv('smtp.example.com', 0, 0)])).toBe(false)
    expect(orderSrvRecords([srv('.', 0, 0, 0)])).toEqual([])
  })

  it('suggests _submissions as SSL/TLS before _submission as STARTTLS', () => {
    const candidates = srvCandidates('example.com', [
      { service: '_submission._tcp', security: 'starttls', records: [srv('Submit.Example.com.', 10, 0, 587)] },
      { service: '_submissions._tcp', security: 'tls', records: [srv('smtps.example.com.', 10, 0, 465)] },
    ])
    expect(candidates.map((c) => [c.host, c.port, c.security, c.sourceDetail])).toEqual([
      ['submit.example.com', 587, 'starttls', 'SRV _submission._tcp.example.com'],
      ['smtps.example.com', 465, 'tls', 'SRV _submissions._tcp.example.com'],
    ])
  })
})
