import { describe, expect, it } from 'vitest'
import { addressProblem, asciiDomain, formatMailbox, parseAddressList } from '../../../shared/addresses'

describe('parseAddressList', () => {
  it('reads display names, quoted names and both separators people type', () => {
    const { mailboxes, invalid } = parseAddressList(
      'Ada Lovelace <ada@example.com>; "Smith, Bob" <bob@example.com>, carol@example.org',
    )
    expect(invalid).toEqual([])
    expect(mailboxes).toEqual([
      { name: 'Ada Lovelace', address: 'ada@example.com' },
      { name: 'Smith, Bob', address: 'bob@example.com' },
      { name: '', address: 'carol@example.org' },
    ])
  })

  it('names each bad entry with the reason', () => {
    const { mailboxes, invalid } = parseAddressList('good@example.com, bob@@example.com, no-at-sign, x@localhost')
    expect(mailboxes.map((m) => m.address)).toEqual(['good@example.com'])
    expect(invalid).toEqual([
      { input: 'bob@@example.com', reason: 'it has more than one @ sign' },
      { input: 'no-at-sign', reason: 'it has no @ sign' },
      { input: 'x@localhost', reason: 'the domain "localhost" has no dot (such as example.com)' },
    ])
  })

  it('accepts international domains and an empty field', () => {
    expect(parseAddressList('jörg@bücher.example').invalid).toEqual([])
    expect(parseAddressList('  ')).toEqual({ mailboxes: [], invalid: [] })
  })
})

describe('addressProblem', () => {
  it.each([
    ['a b@example.com', 'it contains a space or a control character'],
    ['@example.com', 'nothing comes before the @ sign'],
    ['a@', 'nothing comes after the @ sign'],
    ['a..b@example.com', 'the part before the @ sign has a misplaced dot'],
    ['a@exa_mple.com', 'the domain "exa_mple.com" is not a valid host name'],
  ])('%s: %s', (address, reason) => {
    expect(addressProblem(address)).toBe(reason)
  })

  it('accepts an address literal', () => {
    expect(addressProblem('postmaster@[127.0.0.1]')).toBeNull()
  })
})

describe('formatMailbox', () => {
  it('quotes names that need it', () => {
    expect(formatMailbox({ name: 'Smith, Bob', address: 'bob@example.com' })).toBe('"Smith, Bob" <bob@example.com>')
    expect(formatMailbox({ name: 'Ada', address: 'ada@example.com' })).toBe('Ada <ada@example.com>')
    expect(formatMailbox({ name: '', address: 'ada@example.com' })).toBe('ada@example.com')
  })
})

describe('asciiDomain', () => {
  it('turns an international domain into punycode and leaves the rest alone', () => {
    expect(asciiDomain('bob@bücher.example')).toBe('bob@xn--bcher-kva.example')
    expect(asciiDomain('jörg@münchen.example')).toBe('jörg@xn--mnchen-3ya.example')
    expect(asciiDomain('ada@example.com')).toBe('ada@example.com')
    expect(asciiDomain('postmaster@[127.0.0.1]')).toBe('postmaster@[127.0.0.1]')
  })
})
