import { describe, expect, it } from 'vitest'
import { sendWarnings } from '../../../../renderer/src/features/compose/send-warnings'

const message = (over: Partial<Parameters<typeof sendWarnings>[0]> = {}) => ({
  subject: 'Figures',
  html: '<p>Here are the figures.</p>',
  attachments: [],
  ...over,
})
const pdf = { filename: 'q3.pdf', contentType: 'application/pdf', contentBase64: 'JVBERi0=' }

describe('warnings before sending', () => {
  it('asks about an empty or blank subject', () => {
    expect(sendWarnings(message({ subject: '  ' }))).toEqual([{ field: 'subject', message: 'The subject is empty.' }])
    expect(sendWarnings(message())).toEqual([])
  })

  it.each([
    ['<p>The report is attached.</p>', 'attached'],
    ['<p>Please find the Attachment below</p>', 'Attachment'],
    ['<p>Die Zahlen sind angehängt.</p>', 'angehängt'],
    ['<p>Vous trouverez la pièce jointe.</p>', 'pièce jointe'],
    ['<p>Te envío el archivo adjunto.</p>', 'archivo adjunto'],
    ['<p>Отчёт во вложении.</p>', 'во вложении'],
  ])('asks when %s has no attachment', (html, word) => {
    expect(sendWarnings(message({ html }))).toEqual([
      { field: 'attachments', message: `The message says “${word}”, but nothing is attached.` },
    ])
    expect(sendWarnings(message({ html, attachments: [pdf] }))).toEqual([])
  })

  it('ignores the word inside another word, in markup, or in a quoted earlier message', () => {
    expect(sendWarnings(message({ html: '<p>We are unattached to the outcome.</p>' }))).toEqual([])
    expect(sendWarnings(message({ html: '<p data-x="attached">Hello</p>' }))).toEqual([])
    expect(sendWarnings(message({ html: '<p>Thanks!</p><blockquote>See attached.</blockquote>' }))).toEqual([])
    expect(sendWarnings(message({ html: undefined, text: 'Thanks!\n> see the attached file' }))).toEqual([])
  })
})
