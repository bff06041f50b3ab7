import { describe, expect, it } from 'vitest'
import {
  describeCapabilities,
  parseCapabilities,
} from '../../../../../electron/services/smtp/connection-test/capabilities'

describe('reading EHLO capabilities', () => {
  it('reads a typical submission server', () => {
    const caps = parseCapabilities([
      '250-smtp.example.test at your service, [192.0.2.1]',
      '250-SIZE 35882577',
      '250-8BITMIME',
      '250-STARTTLS',
      '250-ENHANCEDSTATUSCODES',
      '250-PIPELINING',
      '250-CHUNKING',
      '250 SMTPUTF8',
    ])
    expect(caps).toEqual({
      raw: ['SIZE 35882577', '8BITMIME', 'STARTTLS', 'ENHANCEDSTATUSCODES', 'PIPELINING', 'CHUNKING', 'SMTPUTF8'],
      size: 35882577,
      authMechanisms: [],
      startTls: true,
      pipelining: true,
      eightBitMime: true,
      smtpUtf8: true,
    })
    expect(describeCapabilities(caps)).toBe('SIZE 34.2 MB, no AUTH, STARTTLS, PIPELINING, 8BITMIME, SMTPUTF8')
  })

  it('reads AUTH in both forms, upper-cased and without duplicates', () => {
    const caps = parseCapabilities([
      '250-mail.example.test',
      '250-AUTH PLAIN login XOAUTH2',
      '250-AUTH=PLAIN LOGIN',
      '250 size',
    ])
    expect(caps.authMechanisms).toEqual(['PLAIN', 'LOGIN', 'XOAUTH2'])
    expect(caps.size).toBeNull() // SIZE without a number announces no limit
    expect(caps.startTls).toBe(false)
  })

  it('does not mistake an extension that starts with a known name for it', () => {
    const caps = parseCapabilities(['250-host', '250-STARTTLSX', '250 AUTHX PLAIN'])
    expect(caps.startTls).toBe(false)
    expect(caps.authMechanisms).toEqual([])
  })

  it('gives nothing for a HELO reply (a server without extensions)', () => {
    expect(parseCapabilities(['250 old.example.test'])).toMatchObject({
      raw: [],
      size: null,
      authMechanisms: [],
      pipelining: false,
    })
  })
})
