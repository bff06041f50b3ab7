import type { SendRequest } from '../../../../shared/contract'

/** Words that say a file comes with the message, in the languages our users write most. */
const attachmentWords = [
  'attached',
  'attachment',
  'attaching',
  'enclosed', // English
  'anbei',
  'anhang',
  'angehängt',
  'beigefügt', // German
  'pièce jointe',
  'pièces jointes',
  'ci-joint',
  'en pj', // French
  'adjunto',
  'adjunta',
  'adjuntos',
  'archivo adjunto', // Spanish
  'in allegato',
  'allegato',
  'allegati', // Italian
  'bijlage',
  'bijgevoegd', // Dutch
  'em anexo',
  'anexo',
  'anexado', // Portuguese
  'załącznik',
  'w załączniku', // Polish
  'вложение',
  'во вложении',
  'прикреп', // Russian
  'bifogad',
  'bilaga',
  'vedhæftet',
  'vedlagt',
  'liitteenä', // Nordic
]

// Word boundaries that understand letters beyond ASCII (\b does not: "angehängt" would never match).
const attachmentPattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(${attachmentWords.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
  'iu',
)

/** The text a reader sees, without quoted earlier messages (a quoted "attached" is someone else's). */
function ownText(request: Pick<SendRequest, 'html' | 'text'>): string {
  if (request.text)
    return request.text
      .split('\n')
      .filter((line) => !line.startsWith('>'))
      .join('\n')
  return (request.html ?? '')
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, ' ')
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
}

export interface SendWarning {
  /** The form field to show the user. */
  field: 'subject' | 'attachments'
  message: string
}

/**
 * What a careful colleague would ask before the message goes: no subject, or a text that speaks of
 * an attachment while none is attached. Warnings, not errors: the user may send anyway.
 */
export function sendWarnings(request: Pick<SendRequest, 'subject' | 'html' | 'text' | 'attachments'>): SendWarning[] {
  const warnings: SendWarning[] = []
  if (request.subject.trim() === '') warnings.push({ field: 'subject', message: 'The subject is empty.' })
  const mention = attachmentPattern.exec(ownText(request))
  if ((request.attachments ?? []).length === 0 && mention)
    warnings.push({
      field: 'attachments',
      message: `The message says “${mention[1]}”, but nothing is attached.`,
    })
  return warnings
}
