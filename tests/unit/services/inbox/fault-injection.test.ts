import { describe, expect, it } from 'vitest'
import { FaultInjector, formatFault, parseFault } from '../../../../electron/services/inbox/fault-injection'

describe('--fault STAGE:ACTION[:WHEN]', () => {
  it('reads reply codes with text, drops, delays, shares and patterns, and writes them back the same way', () => {
    expect(parseFault('rcpt:450:grey*')).toEqual({
      stage: 'rcpt',
      action: { kind: 'reply', code: 450 },
      when: { kind: 'match', pattern: 'grey*' },
    })
    expect(parseFault('data:451:30%')).toEqual({
      stage: 'data',
      action: { kind: 'reply', code: 451 },
      when: { kind: 'share', percent: 30 },
    })
    expect(parseFault('connect:drop')).toEqual({ stage: 'connect', action: { kind: 'drop' }, when: { kind: 'always' } })
    expect(parseFault('HELO:554 Go away').action).toEqual({ kind: 'reply', code: 554, text: 'Go away' })
    expect(parseFault('mail:delay=2000').action).toEqual({ kind: 'delay', ms: 2000 })
    for (const spec of ['rcpt:450:grey*', 'data:451:30%', 'connect:drop', 'ehlo:554 Go away', 'mail:delay=2000'])
      expect(formatFault(parseFault(spec))).toBe(spec)
  })

  it('names the mistake and shows the form', () => {
    expect(() => parseFault('quit:421')).toThrow(/the stage is one of connect, ehlo, auth, mail, rcpt, data/)
    expect(() => parseFault('rcpt:250')).toThrow(/not a 4xx or 5xx reply code/)
    expect(() => parseFault('rcpt')).toThrow(/give a reply code, drop or delay=MS/)
    expect(() => parseFault('data:451:0%')).toThrow(/more than 0%/)
  })

  it('applies a share by the random draw and a pattern case-insensitively, first matching rule first', () => {
    const draws = [0.1, 0.9]
    const injector = new FaultInjector([parseFault('data:451:50%'), parseFault('rcpt:550:*@Blocked.test')], () =>
      draws.shift()!,
    )
    expect(injector.decide('data', ['a@x.test'])?.action).toEqual({ kind: 'reply', code: 451 })
    expect(injector.decide('data', ['a@x.test'])).toBeUndefined()
    expect(injector.decide('rcpt', ['someone@blocked.test'])?.action).toEqual({ kind: 'reply', code: 550 })
    expect(injector.decide('rcpt', ['someone@open.test'])).toBeUndefined()
    expect(injector.decide('mail', ['someone@blocked.test'])).toBeUndefined()
  })
})
