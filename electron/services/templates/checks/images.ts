import type { Finding } from '../../../../shared/contract'
import { hasTemplateSyntax, type RenderedDocument } from './rendered-document'

export interface ImageCheckOptions {
  /** Known sizes in bytes by src (from a live check or the files on disk); data: URIs are measured. */
  imageBytes?: (src: string) => number | undefined
}

const largeBytes = 1024 * 1024
const heavyBytes = 200 * 1024

/** Images: alt text, width and height attributes (Outlook needs them), https sources, file sizes. */
export function checkImages(doc: RenderedDocument, options: ImageCheckOptions = {}): Finding[] {
  const findings: Finding[] = []
  for (const img of doc.elements('img')) {
    const line = doc.lineOf(img)
    const src = (img.attribs.src ?? '').trim()
    const name = src === '' ? 'An image' : `The image ${short(src)}`
    const add = (severity: Finding['severity'], message: string) =>
      findings.push({ check: 'images', severity, message, line })
    if (img.attribs.alt === undefined)
      add(
        'warning',
        `${name} has no alt text: screen readers read its file name, and it shows nothing when images are off. Use alt="" for decoration.`,
      )
    if (img.attribs.width === undefined)
      add(
        'warning',
        `${name} has no width attribute: Outlook desktop ignores CSS widths and shows it at its natural size.`,
      )
    if (img.attribs.height === undefined)
      add(
        'info',
        `${name} has no height attribute: the layout jumps while it loads, and its space is lost when images are off.`,
      )
    if (src === '') {
      add('error', 'An image has no src.')
      continue
    }
    if (hasTemplateSyntax(src)) continue
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(src)?.[1].toLowerCase()
    if (scheme === 'http')
      add('warning', `${name} is loaded over http: clients block or warn about insecure images; use https.`)
    else if (scheme === undefined)
      add(
        'error',
        `${name} has a relative address: a mail has no base address, so it never loads. Use a full https:// address.`,
      )
    else if (scheme === 'data')
      add(
        'warning',
        `${name} is embedded as a data: URI, which Gmail and Outlook do not show; host it, or attach it and use cid:.`,
      )
    else if (scheme === 'https' && !URL.canParse(src)) add('error', `${name} does not have a valid address.`)
    const bytes = scheme === 'data' ? Math.floor((src.length - src.indexOf(',') - 1) * 0.75) : options.imageBytes?.(src)
    if (bytes !== undefined && bytes > largeBytes)
      add(
        'warning',
        `${name} is ${(bytes / 1024 / 1024).toFixed(1)} MB: slow on mobile data, and some clients give up on it.`,
      )
    else if (bytes !== undefined && bytes > heavyBytes)
      add('info', `${name} is ${Math.round(bytes / 1024)} KB; compress it if you can.`)
  }
  return findings.sort((a, b) => a.line - b.line)
}

const short = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text)
