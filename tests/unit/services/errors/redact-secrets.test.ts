import { describe, expect, it } from 'vitest'
import { redactError, redactText, secretForms } from '../../../../electron/services/errors/redact-secrets'

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')

describe('secret forms and redaction', () => {
  it('lists the secret as typed and as AUTH PLAIN, LOGIN and XOAUTH2 encode it', () => {
    expect(secretForms('pw', 'ada')).toEqual([
      'pw',
      b64('pw'),
      b64('\u0000ada\u0000pw'),
      b64('ada\u0000ada\u0000pw'),
      b64('user=ada\u0001auth=Bearer pw\u0001\u0001'),
    ])
    expect(secretForms('', 'ada')).toEqual([])
  })

  it('replaces every form, the longer first, so no fragment stays', () => {
    const forms = secretForms('hunter2', 'ada')
    expect(redactText(`a ${forms[2]} b hunter2 c ${forms[1]}`, forms)).toBe('a [redacted] b [redacted] c [redacted]')
  })

  it('cleans every text field of an error', () => {
    const forms = secretForms('hunter2', 'ada')
    const clean = redactError(
      { code: 'AUTH_FAILED', message: 'bad hunter2', hint: `sent ${forms[1]}`, response: `535 ${forms[2]}` },
      forms,
    )
    expect(JSON.stringify(clean)).not.toMatch(/hunter2|aHVudGVyMg/)
    expect(clean).toEqual({
      code: 'AUTH_FAILED',
      message: 'bad [redacted]',
      hint: 'sent [redacted]',
      response: '535 [redacted]',
    })
  })
})
