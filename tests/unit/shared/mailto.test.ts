import { describe, expect, it } from 'vitest'
import { isMailtoUrl, mailtoDraft, mailtoMaxLength, parseMailto } from '../../../shared/mailto'

describe('mailto: links (RFC 6068)', () => {
  it('reads the address in the path', () => {
    expect(parseMailto('mailto:chris@example.com')).toEqual({
      to: ['chris@example.com'],
      cc: [],
      bcc: [],
      subject: '',
      body: '',
      ignored: [],
    })
  })

  it('reads subject and body with percent-encoded UTF-8 and line breaks (RFC 6068 section 6.1 examples)', () => {
    expect(parseMailto('mailto:infobot@example.com?subject=current-issue')?.subject).toBe('current-issue')
    expect(parseMailto('mailto:infobot@example.com?body=send%20current-issue%0D%0Asend%20index')?.body).toBe(
      'send current-issue\nsend index',
    )
    expect(parseMailto('mailto:user@example.org?subject=caf%C3%A9%20%E2%98%95')?.subject).toBe('café ☕')
  })

  it('combines the path with several to fields and comma lists; cc and bcc apart', () => {
    const parsed = parseMailto(
      'mailto:joe@example.com,%22Doe%2C%20Jane%22%20%3Cjane@example.com%3E?to=ann@example.com&TO=bob@example.com&cc=bob@example.com&Bcc=boss@example.com',
    )
    expect(parsed?.to).toEqual([
      'joe@example.com',
      '"Doe, Jane" <jane@example.com>',
      'ann@example.com',
      'bob@example.com',
    ])
    expect(parsed?.cc).toEqual(['bob@example.com'])
    expect(parsed?.bcc).toEqual(['boss@example.com'])
  })

  it('header names are case-insensitive, and "+" is a plus sign, not a space', () => {
    const parsed = parseMailto('MAILTO:list+tag@example.com?SUBJECT=1+1%3D2&Body=a+b')
    expect(parsed).toMatchObject({ to: ['list+tag@example.com'], subject: '1+1=2', body: 'a+b' })
  })

  it('works without an address in the path (to= only) and with a fragment', () => {
    expect(parseMailto('mailto:?to=a@example.com&subject=Hi#ignored')).toMatchObject({
      to: ['a@example.com'],
      subject: 'Hi',
    })
  })

  it('ignores headers a web page must not set, and says which', () => {
    const parsed = parseMailto(
      'mailto:a@example.com?from=ceo@example.com&reply-to=evil@example.net&attach=/etc/passwd&X-Mailer=x&in-reply-to=%3Cid%3E',
    )
    expect(parsed?.ignored).toEqual(['from', 'reply-to', 'attach', 'x-mailer', 'in-reply-to'])
    expect(JSON.stringify(parsed)).not.toContain('evil@example.net')
    expect(JSON.stringify(parsed)).not.toContain('/etc/passwd')
  })

  it('a line break in the subject or an address cannot add a header', () => {
    const parsed = parseMailto(
      'mailto:a@example.com%0D%0ABcc:%20spy@example.net?subject=Hi%0D%0ABcc:%20spy@example.net',
    )
    expect(parsed?.subject).toBe('Hi Bcc: spy@example.net')
    expect(parsed?.to).toEqual(['a@example.com Bcc: spy@example.net'])
    expect(parsed?.bcc).toEqual([])
  })

  it('keeps a malformed percent sequence as written instead of failing the whole link', () => {
    expect(parseMailto('mailto:a@example.com?subject=100%25%20sure%zz%E2%82%AC')?.subject).toBe('100% sure%zz€')
  })

  it('refuses what is not a mailto: link, or is too long', () => {
    expect(parseMailto('https://example.com/?to=a@example.com')).toBeNull()
    expect(parseMailto(`mailto:a@example.com?body=${'x'.repeat(mailtoMaxLength)}`)).toBeNull()
    expect(isMailtoUrl('  MailTo:a@example.com')).toBe(true)
    expect(isMailtoUrl('/home/me/mailto:x')).toBe(false)
  })
})

describe('a mailto: link as a draft', () => {
  it('lists the addresses and turns the body into paragraphs, with markup shown as text', () => {
    const fields = parseMailto(
      'mailto:a@example.com?cc=b@example.com&subject=Hi&body=Line%201%0ALine%202%0A%0A%3Cscript%3Ex%3C/script%3E',
    )!
    expect(mailtoDraft(fields)).toEqual({
      to: 'a@example.com',
      cc: 'b@example.com',
      bcc: '',
      subject: 'Hi',
      html: '<p>Line 1<br>Line 2</p><p>&#60;script&#62;x&#60;/script&#62;</p>',
    })
  })
})
