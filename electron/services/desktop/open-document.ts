import { readFile, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import type { AddressObject } from 'mailparser'
import { mailtoDraft, parseMailto } from '../../../shared/mailto'
import type { DraftInput } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import type { TemplateService } from '../templates/template-service'
import { isOpenableFile } from './openable-files'

/** Larger files are refused before they are read: a message body, not a mailbox. */
export const openableMaxBytes = 20 * 1024 * 1024

/** A mailto: link as a new draft (RFC 6068: only to, cc, bcc, subject and body are taken). */
export function draftFromMailto(url: string): DraftInput {
  const fields = parseMailto(url)
  if (!fields)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'url',
      message: 'This mailto: link cannot be read',
      hint: 'A link looks like mailto:someone@example.com?subject=Hello',
    })
  return mailtoDraft(fields)
}

/**
 * A file the system asked us to open, as a new draft: a saved message (.eml) with its recipients,
 * subject and body; an HTML file or an MJML template (rendered) as the body of a new message.
 */
export async function draftFromFile(path: string, templates: TemplateService): Promise<DraftInput> {
  const extension = extname(path).toLowerCase()
  if (!isOpenableFile(path))
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'path',
      message: `Sendsmith does not open ${extension || 'files without an extension'} files`,
      hint: 'Open a .eml message, an .html file or an .mjml template.',
    })
  const size = (await stat(path)).size
  if (size > openableMaxBytes)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'path',
      message: `The file is ${Math.round(size / 1024 / 1024)} MB; Sendsmith opens files up to 20 MB`,
    })
  const text = await readFile(path, 'utf8')
  if (extension === '.eml') {
    const { simpleParser } = await import('mailparser') // loaded on first use (issue 19)
    const mail = await simpleParser(text)
    const list = (value: AddressObject | AddressObject[] | undefined) =>
      (Array.isArray(value) ? value : value ? [value] : []).map((v) => v.text).join(', ')
    return {
      to: list(mail.to).slice(0, 20_000),
      cc: list(mail.cc).slice(0, 20_000),
      bcc: list(mail.bcc).slice(0, 20_000),
      subject: (mail.subject ?? '').slice(0, 2_000),
      html: typeof mail.html === 'string' ? mail.html : (mail.textAsHtml ?? ''),
    }
  }
  const rendered = await templates.render({ source: text, kind: extension === '.mjml' ? 'mjml' : 'html' })
  // The document's own title is the best guess at a subject.
  const title = /<(?:mj-)?title>([^<]{0,2000})<\/(?:mj-)?title>/i.exec(text)?.[1]?.trim() ?? ''
  return { subject: title.replace(/\s+/g, ' '), html: rendered.html }
}
