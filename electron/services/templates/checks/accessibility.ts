import type { Element } from 'domhandler'
import { DomUtils } from 'htmlparser2'
import type { Finding } from '../../../../shared/contract'
import type { RenderedDocument } from './rendered-document'

/** lang and dir on <html>, role="presentation" on layout tables, heading levels in order. */
export function checkAccessibility(doc: RenderedDocument, fallbackLine: number): Finding[] {
  const findings: Finding[] = []
  const add = (severity: Finding['severity'], message: string, line: number) =>
    findings.push({ check: 'accessibility', severity, message, line })

  const html = doc.elements('html')[0]
  if (!html)
    add(
      'info',
      'There is no <html> element, so the language and text direction cannot be declared (lang, dir).',
      fallbackLine,
    )
  else {
    const line = doc.lineOf(html)
    const lang = html.attribs.lang?.trim()
    if (!lang)
      add(
        'warning',
        'The <html> element has no lang attribute: screen readers guess the language and may read it with the wrong voice. Add lang="en" (or the mail\'s language).',
        line,
      )
    else if (lang.toLowerCase() === 'und')
      add(
        'warning',
        'The language is "und" (undetermined): set it, e.g. <mjml lang="en"> in MJML or lang="en" on <html>.',
        line,
      )
    const dir = html.attribs.dir?.trim().toLowerCase()
    if (dir === undefined)
      add(
        'info',
        'The <html> element has no dir attribute: add dir="ltr" (or "rtl") so clients do not inherit their own direction.',
        line,
      )
    else if (!['ltr', 'rtl', 'auto'].includes(dir))
      add('warning', `dir="${dir}" on <html> is not a direction: use ltr, rtl or auto.`, line)
  }

  for (const table of doc.elements('table')) {
    const role = table.attribs.role?.trim().toLowerCase()
    if (role === 'presentation' || role === 'none') continue
    const isDataTable =
      DomUtils.findOne(
        (e: Element) => ['th', 'caption', 'thead'].includes(e.name) && nearestTable(e) === table,
        table.children,
        true,
      ) !== null
    if (!isDataTable)
      add(
        'warning',
        'A layout table has no role="presentation": screen readers announce its rows and columns before the content.',
        doc.lineOf(table),
      )
  }

  let previous = 0
  const headings = DomUtils.getElementsByTagName((name) => /^h[1-6]$/i.test(name), doc.document.children, true)
  for (const heading of headings) {
    const level = Number(heading.name[1])
    if (previous !== 0 && level > previous + 1)
      add(
        'warning',
        `An <h${level}> follows an <h${previous}>: heading levels should not skip (screen reader users navigate by them).`,
        doc.lineOf(heading),
      )
    previous = level
  }
  return findings.sort((a, b) => a.line - b.line)
}

function nearestTable(element: Element): Element | null {
  for (let node = element.parent; node && node.type !== 'root'; node = node.parent)
    if ((node as Element).name === 'table') return node as Element
  return null
}
