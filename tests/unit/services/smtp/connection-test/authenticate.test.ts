import { describe, expect, it } from 'vitest'
import { chooseMechanism } from '../../../../../electron/services/smtp/connection-test/smtp-client/authenticate'

describe('choosing how to sign in', () => {
  it('auto takes PLAIN, then LOGIN, then CRAM-MD5 from what the server offers', () => {
    expect(chooseMechanism('auto', ['LOGIN', 'PLAIN'])).toBe('PLAIN')
    expect(chooseMechanism('auto', ['CRAM-MD5', 'LOGIN'])).toBe('LOGIN')
    expect(chooseMechanism('auto', ['XOAUTH2', 'CRAM-MD5'])).toBe('CRAM-MD5')
  })

  it('a chosen method the server does not offer is refused, naming what it offers', () => {
    expect(() => chooseMechanism('CRAM-MD5', ['PLAIN', 'LOGIN'])).toThrow(
      'The server does not offer CRAM-MD5 (it offers: PLAIN LOGIN)',
    )
  })

  it('a server offering no AUTH explains that AUTH often comes only after STARTTLS', () => {
    expect(() => chooseMechanism('auto', [])).toThrow(
      expect.objectContaining({ code: 'AUTH_FAILED', hint: expect.stringMatching(/after STARTTLS/) }),
    )
  })

  it('auto against an XOAUTH2-only server suggests choosing XOAUTH2', () => {
    expect(() => chooseMechanism('auto', ['XOAUTH2'])).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/Choose XOAUTH2/) }),
    )
  })
})
