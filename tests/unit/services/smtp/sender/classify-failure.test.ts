import { describe, expect, it } from 'vitest'
import { toAppError } from '../../../../../electron/services/errors/to-app-error'
import {
  classifyFailure,
  classifyRecipient,
  isTooManyRecipients,
} from '../../../../../electron/services/smtp/sender/classify-failure'
import { SmtpError, type SmtpFailure, type SmtpStage } from '../../../../../electron/services/smtp/sender/smtp-sender'

const failure = (fields: Partial<SmtpFailure> & { message?: string }): SmtpFailure =>
  Object.assign(new Error(fields.message ?? 'failed'), fields)
const at = (stage: SmtpStage, fields: Partial<SmtpFailure>, afterFinalDot = false) =>
  new SmtpError(failure(fields), stage, afterFinalDot, afterFinalDot)
const timeout = (stage: SmtpStage, afterFinalDot = false) =>
  at(stage, { code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout' }, afterFinalDot)

describe('the one failure classifier', () => {
  it.each([
    [
      'a lost connection after the final "."',
      at('after-data', { code: 'ECONNECTION' }, true),
      'CONNECTION_LOST',
      'uncertain',
    ],
    [
      '451 after the final "."',
      at('after-data', { responseCode: 451, response: '451 4.3.0 Later' }, true),
      'MESSAGE_REFUSED',
      'temporary',
    ],
    [
      '554 after the final "."',
      at('after-data', { responseCode: 554, response: '554 5.7.1 Spam' }, true),
      'MESSAGE_REFUSED',
      'final',
    ],
    [
      '550 to MAIL FROM',
      at('envelope', { responseCode: 550, command: 'MAIL FROM', response: '550 No' }),
      'SENDER_REFUSED',
      'sender-refused',
    ],
    ['a refused connection', at('connect', { code: 'ECONNREFUSED' }), 'CONNECTION_REFUSED', 'requeue'],
    ['a timeout while the data goes out', timeout('data'), 'TIMEOUT', 'requeue'],
    ['a refused login', at('auth', { code: 'EAUTH', responseCode: 535 }), 'AUTH_FAILED', 'final'],
    [
      'TLS spoken to a plain port',
      at('connect', { code: 'ESOCKET', message: 'wrong version number' }),
      'TLS_FAILED',
      'final',
    ],
    ['a locked keyring', new Error('locked'), 'KEYCHAIN_UNAVAILABLE', 'temporary'],
  ] as const)('%s is %s', (_name, error, code, kind) => {
    expect(classifyFailure(error, code).kind).toBe(kind)
  })

  it('"slow down" replies (421, 450, 451, 452, 4.7.x) are flagged for the merge, others not', () => {
    for (const [code, response] of [
      [421, '421 4.7.0 Too many connections'],
      [450, '450 4.7.1 Rate limit'],
      [451, '451 4.3.0 Later'],
      [452, '452 4.5.3 Too many recipients'],
      [454, '454 4.7.0 Slow down'],
    ] as const)
      expect(classifyFailure(at('envelope', { responseCode: code, response }), 'RECIPIENT_REFUSED').slowDown).toBe(true)
    expect(
      classifyFailure(at('envelope', { responseCode: 550, response: '550 5.1.1 Unknown' }), 'RECIPIENT_REFUSED')
        .slowDown,
    ).toBe(false)
  })

  it('STARTTLS or plain on port 465 (no greeting) is final, with advice naming the security setting', () => {
    const error = timeout('connect')
    const appError = toAppError(error.failure, {
      host: 'mail.example.test',
      port: 465,
      security: 'starttls',
      stage: 'connect',
    })
    expect(appError).toMatchObject({
      code: 'TIMEOUT',
      field: 'security',
      message: expect.stringContaining('sent no greeting'),
      hint: expect.stringContaining('This port expects TLS from the first byte: choose SSL/TLS'),
    })
    expect(classifyFailure(error, appError.code, { port: 465, security: 'starttls' }).kind).toBe('final')
    // Elsewhere a server that never greets may only be busy: tried again.
    expect(classifyFailure(error, appError.code, { port: 587, security: 'starttls' }).kind).toBe('requeue')
  })

  it('a timeout after the data names that stage, not a missing greeting', () => {
    const afterData = toAppError(timeout('after-data', true).failure, { host: 'h', port: 587, stage: 'after-data' })
    expect(afterData.message).toBe('h:587 did not answer after the whole message was sent')
    expect(afterData.message).not.toContain('greeting')
    expect(afterData.hint).toMatch(/may have been delivered/)
    const data = toAppError(timeout('data').failure, { host: 'h', port: 587, stage: 'data' })
    expect(data.message).toBe('h:587 stopped answering while the message was being sent')
  })

  it('recipients: 4xx waits, 5xx is refused, 452 / 4.5.3 means "the rest in another transaction"', () => {
    expect(classifyRecipient({ address: 'a', accepted: true, response: '250' })).toBe('accepted')
    expect(classifyRecipient({ address: 'a', accepted: false, responseCode: 450, response: '450 grey' })).toBe(
      'waiting',
    )
    expect(classifyRecipient({ address: 'a', accepted: false, responseCode: 550, response: '550 no' })).toBe('refused')
    expect(
      isTooManyRecipients({ address: 'a', accepted: false, responseCode: 452, response: '452 4.5.3 Too many' }),
    ).toBe(true)
    expect(
      isTooManyRecipients({ address: 'a', accepted: false, responseCode: 451, response: '451 4.5.3 Too many' }),
    ).toBe(true)
    expect(isTooManyRecipients({ address: 'a', accepted: false, responseCode: 450, response: '450 4.2.0 Grey' })).toBe(
      false,
    )
  })
})
