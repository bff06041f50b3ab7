import { describe, expect, it } from 'vitest'
import {
  envelopeAddress,
  mailFromCommand,
} from '../../../../../electron/services/smtp/connection-test/envelope-address'

describe('envelope addresses', () => {
  it('refuses an address that would smuggle another command', () => {
    expect(() => envelopeAddress('a@example.test>\r\nRCPT TO:<b@example.test', 'rcptTo')).toThrow(
      expect.objectContaining({ code: 'VALIDATION', field: 'rcptTo' }),
    )
    expect(envelopeAddress(' ada@example.test ', 'mailFrom')).toBe('ada@example.test')
  })

  it('asks for SMTPUTF8 only for a non-ASCII address on a server that offers it', () => {
    const caps = {
      raw: [],
      size: null,
      authMechanisms: [],
      startTls: false,
      pipelining: false,
      eightBitMime: false,
      smtpUtf8: true,
    }
    expect(mailFromCommand('jörg@example.test', caps)).toBe('MAIL FROM:<jörg@example.test> SMTPUTF8')
    expect(mailFromCommand('ada@example.test', caps)).toBe('MAIL FROM:<ada@example.test>')
    expect(mailFromCommand('jörg@example.test', { ...caps, smtpUtf8: false })).toBe('MAIL FROM:<jörg@example.test>')
  })
})
