import type { Attachment } from '../../../../shared/contract'

/**
 * True for a whole HTML document (doctype, <html>, <head>, <style>, <body>): the rich editor would
 * drop its head and styles, so such a document is edited in the source view and sent as written.
 */
export function isWholeDocument(html: string): boolean {
  return /<!doctype\s|<(html|head|style|body)[\s>]/i.test(html)
}

/**
 * The HTML without <style> and <link> elements, for parsing with DOMParser: Chromium checks a parsed
 * document's <style> against the page's CSP (and reports it), though nothing is ever shown from it.
 */
export function withoutStyleSheets(html: string): string {
  return html.replace(/<style\b[\s\S]*?<\/style\s*>/gi, '').replace(/<link\b[^>]*>/gi, '')
}

export const dataUrl = (a: Pick<Attachment, 'contentType' | 'contentBase64'>) =>
  `data:${a.contentType};base64,${a.contentBase64}`

/** The content IDs the HTML names as `cid:` (in src, background or url()). */
export function referencedCids(html: string): Set<string> {
  return new Set([...html.matchAll(/cid:([^\s"'<>)]+)/gi)].map((m) => m[1]))
}

/** For display while editing (the CSP allows data: images): `cid:x` becomes the image's data: URL. */
export function cidsToDataUrls(html: string, attachments: Attachment[]): string {
  const inline = new Map(attachments.filter((a) => a.contentId).map((a) => [a.contentId!, dataUrl(a)]))
  return html.replace(/(["'(])cid:([^\s"'<>)]+)/gi, (whole, open: string, id: string) =>
    inline.has(id) ? `${open}${inline.get(id)}` : whole,
  )
}

/** Back to what is sent: each inline image's data: URL becomes `cid:<contentId>` again. */
export function dataUrlsToCids(html: string, attachments: Attachment[]): string {
  let out = html
  for (const a of attachments) if (a.contentId) out = out.split(dataUrl(a)).join(`cid:${a.contentId}`)
  return out
}

const blocks = new Set([
  'P',
  'DIV',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'PRE',
  'UL',
  'OL',
  'TABLE',
  'TR',
  'HR',
  'SECTION',
  'ARTICLE',
  'HEADER',
  'FOOTER',
])

/**
 * A preview of the plain-text part main will generate (with html-to-text) when the user leaves it
 * alone: headings, paragraphs, list bullets, table rows and link targets, nothing more.
 */
export function plainTextPreview(html: string): string {
  const doc = new DOMParser().parseFromString(withoutStyleSheets(html), 'text/html')
  const out: string[] = []
  const walk = (node: Node, quote: string) => {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push((node.textContent ?? '').replace(/\s+/g, ' '))
      return
    }
    if (!(node instanceof Element) || ['STYLE', 'SCRIPT', 'HEAD', 'TITLE'].includes(node.tagName)) return
    const tag = node.tagName
    const innerQuote = tag === 'BLOCKQUOTE' ? `${quote}> ` : quote
    if (tag === 'BR') out.push(`\n${quote}`)
    if (blocks.has(tag)) out.push(`\n${quote}`)
    if (tag === 'LI')
      out.push(
        `\n${quote}${node.parentElement?.tagName === 'OL' ? `${[...node.parentElement.children].indexOf(node) + 1}.` : ' *'} `,
      )
    if (tag === 'TD' || tag === 'TH') out.push('\t')
    if (/^H[1-6]$/.test(tag)) {
      out.push((node.textContent ?? '').toUpperCase().trim())
    } else node.childNodes.forEach((child) => walk(child, innerQuote))
    if (tag === 'A') {
      const href = node.getAttribute('href')
      if (href && !href.startsWith('mailto:') && href !== node.textContent) out.push(` [${href}]`)
    }
    if (tag === 'IMG' && node.getAttribute('alt')) out.push(`[${node.getAttribute('alt')}]`)
    if (blocks.has(tag)) out.push('\n')
  }
  walk(doc.body, '')
  return out
    .join('')
    .split('\n')
    .map((line) => line.replace(/^\t+/, '').replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
