import { parseAddressList } from '../../../../shared/addresses'
import type { Finding, Severity } from '../../../../shared/contract'
import { hasTemplateSyntax, type RenderedDocument } from './rendered-document'

/** Link problems a recipient would hit: empty or malformed targets, http, broken mailto:/tel:. */
export function checkLinks(doc: RenderedDocument): Finding[] {
  const findings: Finding[] = []
  for (const element of [...doc.elements('a'), ...doc.elements('area')]) {
    const href = element.attribs.href
    if (href === undefined) continue
    const problem = hrefProblem(href)
    if (problem)
      findings.push({ check: 'links', severity: problem.severity, message: problem.message, line: doc.lineOf(element) })
  }
  return findings.sort((a, b) => a.line - b.line)
}

/** What is wrong with one link target, or null when nothing is. */
export function hrefProblem(raw: string): { severity: Severity; message: string } | null {
  const href = raw.trim()
  if (href === '')
    return { severity: 'error', message: 'A link has an empty href: it goes nowhere (or reloads the webmail page).' }
  if (hasTemplateSyntax(href)) return null
  if (href === '#')
    return { severity: 'warning', message: 'A link points at "#", a placeholder: give it its real address.' }
  if (href !== raw)
    return { severity: 'warning', message: `The link "${short(raw)}" has spaces around it; some clients break it.` }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1].toLowerCase()
  if (scheme === undefined) {
    if (href.startsWith('#')) return null
    if (href.startsWith('//'))
      return {
        severity: 'warning',
        message: `The link "${short(href)}" has no scheme ("//..."): mail clients cannot tell http from https; write https://.`,
      }
    return {
      severity: 'error',
      message: `The link "${short(href)}" is relative: a mail has no base address, so it leads nowhere. Use a full https:// address.`,
    }
  }
  if (scheme === 'http' || scheme === 'https') {
    let url: URL
    try {
      url = new URL(href)
    } catch {
      return { severity: 'error', message: `The link "${short(href)}" is not a valid web address.` }
    }
    if (/\s/.test(href))
      return { severity: 'warning', message: `The link "${short(href)}" contains a space; encode it as %20.` }
    if (!url.hostname.includes('.') && url.hostname !== 'localhost' && !url.hostname.startsWith('['))
      return {
        severity: 'warning',
        message: `The link "${short(href)}" has the host "${url.hostname}", which is not a full domain name.`,
      }
    if (scheme === 'http')
      return {
        severity: 'warning',
        message: `The link "${short(href)}" uses http: use https, or clients and spam filters flag it.`,
      }
    return null
  }
  if (scheme === 'mailto') return mailtoProblem(href)
  if (scheme === 'tel') {
    const number = decodeURIComponent(href.slice(4).split(/[;?]/)[0])
    if (!/^\+?[\d\s().-]+$/.test(number) || (number.match(/\d/g) ?? []).length < 3)
      return {
        severity: 'error',
        message: `The phone link "${short(href)}" is not a phone number (digits, an optional leading +, and - . ( ) as separators).`,
      }
    if (/\s/.test(number))
      return {
        severity: 'info',
        message: `The phone link "${short(href)}" contains spaces; "-" is the separator the tel: format allows.`,
      }
    return null
  }
  if (scheme === 'javascript')
    return { severity: 'error', message: 'A link runs javascript: mail clients remove it or block the message.' }
  if (scheme === 'file')
    return { severity: 'error', message: `The link "${short(href)}" points at a file on your computer.` }
  return null
}

function mailtoProblem(href: string): { severity: Severity; message: string } | null {
  const [addressPart, query = ''] = href.slice('mailto:'.length).split('?')
  let addresses: string
  try {
    addresses = decodeURIComponent(addressPart)
  } catch {
    return { severity: 'error', message: `The mail link "${short(href)}" has a broken %-escape.` }
  }
  const toInQuery = new URLSearchParams(query).get('to') ?? ''
  const all = [addresses, toInQuery].filter((s) => s.trim() !== '').join(',')
  if (all === '') return { severity: 'error', message: `The mail link "${short(href)}" has no address.` }
  const { invalid } = parseAddressList(all)
  if (invalid.length > 0)
    return {
      severity: 'error',
      message: `The mail link "${short(href)}" has an invalid address "${invalid[0].input}": ${invalid[0].reason}.`,
    }
  return null
}

const short = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text)
