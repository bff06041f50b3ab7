import { describe, expect, it } from 'vitest'
import { guessHosts, orderMxRecords, registrableDomain } from '../../../../electron/services/autodetect/mx-guesses'

describe('MX-derived guesses', () => {
  it.each([
    ['aspmx.l.google.com', 'google.com'],
    ['aspmx.l.google.com.', 'google.com'],
    ['mx1.mail.example.co.uk', 'example.co.uk'],
    ['mx.example.com.au', 'example.com.au'],
    ['example.org', 'example.org'],
  ])('the registrable domain of %s is %s', (host, domain) => {
    expect(registrableDomain(host)).toBe(domain)
  })

  it("guesses smtp. and mail. of the domain, then of the MX host's domain", () => {
    expect(guessHosts('example.com', 'mx1.hosting-co.net').map((g) => g.host)).toEqual([
      'smtp.example.com',
      'mail.example.com',
      'smtp.hosting-co.net',
      'mail.hosting-co.net',
    ])
    expect(guessHosts('example.com', 'mx1.hosting-co.net')[2].sourceDetail).toBe('guessed from MX mx1.hosting-co.net')
  })

  it('does not repeat the domain when its MX is its own', () => {
    expect(guessHosts('example.com', 'mx.example.com').map((g) => g.host)).toEqual([
      'smtp.example.com',
      'mail.example.com',
    ])
  })

  it('uses the most preferred MX and ignores a null MX', () => {
    const ordered = orderMxRecords([
      { exchange: 'backup.example.net', priority: 20 },
      { exchange: 'primary.example.net', priority: 5 },
      { exchange: '', priority: 0 },
    ])
    expect(ordered.map((r) => r.exchange)).toEqual(['primary.example.net', 'backup.example.net'])
  })
})
