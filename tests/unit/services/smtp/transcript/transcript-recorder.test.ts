import { describe, expect, it } from 'vitest'
import { secretForms } from '../../../../../electron/services/errors/redact-secrets'
import { redactClientLine } from '../../../../../electron/services/smtp/transcript/redact-command'
import { TranscriptRecorder } from '../../../../../electron/services/smtp/transcript/transcript-recorder'

const texts = (recorder: TranscriptRecorder) => recorder.lines().map((l) => `${l.direction} ${l.text}`)

describe('redacting a transcript', () => {
  it('hides the AUTH PLAIN argument but keeps the mechanism', () => {
    const recorder = new TranscriptRecorder({ secrets: [] })
    recorder.client('AUTH PLAIN AGFkYQBzZWNyZXQ=')
    recorder.server('235 2.7.0 Authentication successful')
    recorder.client('MAIL FROM:<ada@example.test>')
    expect(texts(recorder)).toEqual([
      'client AUTH PLAIN [credentials redacted]',
      'server 235 2.7.0 Authentication successful',
      'client MAIL FROM:<ada@example.test>',
    ])
  })

  it('hides every continuation line of AUTH LOGIN until the server gives its final answer', () => {
    const recorder = new TranscriptRecorder({ secrets: [] })
    recorder.client('AUTH LOGIN')
    recorder.server('334 VXNlcm5hbWU6')
    recorder.client('YWRh')
    recorder.server('334 UGFzc3dvcmQ6')
    recorder.client('c2VjcmV0')
    recorder.server('535 5.7.8 Authentication credentials invalid')
    recorder.client('QUIT')
    expect(texts(recorder)).toEqual([
      'client AUTH LOGIN',
      'server 334 VXNlcm5hbWU6',
      'client [redacted]',
      'server 334 UGFzc3dvcmQ6',
      'client [redacted]',
      'server 535 5.7.8 Authentication credentials invalid',
      'client QUIT',
    ])
  })

  it('keeps redacting through a multi-line reply until its last line', () => {
    const state = { inAuth: false }
    expect(redactClientLine('AUTH XOAUTH2 dXNlcj1hZGEBYXV0aD1CZWFyZXIgdG9rZW4BAQ==', state)).toBe(
      'AUTH XOAUTH2 [credentials redacted]',
    )
    const recorder = new TranscriptRecorder({ secrets: [] })
    recorder.client('AUTH CRAM-MD5')
    recorder.server('334 PDEyMzQ1QGV4YW1wbGU+')
    recorder.client('YWRhIDBhMWIyYzNk')
    recorder.server('535-5.7.8 Username and Password not accepted.')
    recorder.client('should still be hidden: the reply is not finished')
    recorder.server('535 5.7.8 Learn more at https://example.test/help')
    recorder.client('RSET')
    expect(texts(recorder).filter((t) => t.startsWith('client'))).toEqual([
      'client AUTH CRAM-MD5',
      'client [redacted]',
      'client [redacted]',
      'client RSET',
    ])
  })

  it('replaces the secret and its base64 forms wherever they appear, in any direction', () => {
    const forms = secretForms('hunter2', 'ada')
    const recorder = new TranscriptRecorder({ secrets: forms })
    recorder.server(`535 wrong password hunter2 for ada`)
    recorder.info(`echo ${forms[1]}`)
    recorder.client(`NOOP ${forms[2]}`)
    const all = texts(recorder).join('\n')
    for (const form of forms) expect(all).not.toContain(form)
    expect(all).toContain('535 wrong password [redacted] for ada')
  })

  it('stamps each line with the milliseconds since the run started and reports it as it goes', () => {
    const seen: string[] = []
    const recorder = new TranscriptRecorder({
      secrets: [],
      startedAt: performance.now() - 50,
      onLine: (l) => seen.push(l.text),
    })
    recorder.info('Connected')
    expect(recorder.lines()[0].atMs).toBeGreaterThanOrEqual(50)
    expect(seen).toEqual(['Connected'])
  })
})
