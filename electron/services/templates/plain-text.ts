import { convert } from 'html-to-text'

/** The plain-text part made from the final HTML: wrapped at 78 columns, link targets in brackets. */
export function htmlToPlainText(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim()
}
