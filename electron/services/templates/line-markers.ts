import type { ChildNode, Element } from 'domhandler'
import { parseDocument } from 'htmlparser2'
import type { TemplateKind } from '../../../shared/contract'
import { scanOpenTag } from './open-tag'

/**
 * Source lines survive merging, MJML and inlining as markers on the elements: a data attribute on
 * HTML elements, and (MJML drops unknown attributes) a css-class on MJML components, which MJML
 * passes on to the element it renders. Checks read them to point at the line the user edits; the
 * final HTML is given without them.
 */
export const lineAttribute = 'data-sendsmith-line'
const classPrefix = 'sendsmith-line-'

// Components that render no element of their own, or where a css-class would change the output.
const unmarkedMjml = new Set(['mjml', 'mj-head', 'mj-body', 'mj-raw', 'mj-include'])

/** Adds a line marker to every start tag (no line breaks are added, so line numbers stay put). */
export function markSourceLines(source: string, kind: TemplateKind): string {
  const document = parseDocument(source, { withStartIndices: true, recognizeSelfClosing: true })
  const insertions: { offset: number; text: string }[] = []
  const templateSpans = handlebarsSpans(source)
  let span = 0
  // Elements are visited in source order, so one pointer walks the spans once.
  const insideTemplateSyntax = (offset: number) => {
    while (span < templateSpans.length && templateSpans[span][1] <= offset) span++
    return span < templateSpans.length && offset > templateSpans[span][0]
  }
  // mj-attributes can set css-class defaults, which an explicit css-class would override.
  const mjmlClassDefaults = kind === 'mjml' && /<mj-attributes[\s\S]*?css-class[\s\S]*?<\/mj-attributes>/i.test(source)
  let line = 1
  let lineCountedTo = 0
  const lineAt = (offset: number) => {
    for (let i = source.indexOf('\n', lineCountedTo); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) line++
    lineCountedTo = offset
    return line
  }

  const visit = (nodes: ChildNode[], inBody: boolean) => {
    for (const node of nodes) {
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue
      const element = node as Element
      const start = element.startIndex
      const name = element.name.toLowerCase()
      const childrenInBody = inBody || name === 'mj-body'
      if (start !== null && source[start] === '<' && !insideTemplateSyntax(start)) {
        const at = lineAt(start)
        if (kind !== 'mjml') insertions.push({ offset: start + 1 + name.length, text: ` ${lineAttribute}="${at}"` })
        else if (inBody && !name.startsWith('mj'))
          insertions.push({ offset: start + 1 + name.length, text: ` ${lineAttribute}="${at}"` })
        else if (inBody && name.startsWith('mj-') && !unmarkedMjml.has(name) && !mjmlClassDefaults) {
          const insertion = mjmlClassInsertion(source, start, at)
          if (insertion) insertions.push(insertion)
        }
      }
      visit(element.children, childrenInBody)
    }
  }
  visit(document.children, false)

  let out = ''
  let last = 0
  for (const { offset, text } of insertions.sort((a, b) => a.offset - b.offset)) {
    out += source.slice(last, offset) + text
    last = offset
  }
  return out + source.slice(last)
}

function mjmlClassInsertion(source: string, start: number, line: number): { offset: number; text: string } | undefined {
  const tag = scanOpenTag(source, start)
  if (tag.attributes.some((a) => a.name === 'mj-class')) return undefined
  const cssClass = tag.attributes.find((a) => a.name === 'css-class')
  if (!cssClass) return { offset: start + 1 + tag.name.length, text: ` css-class="${classPrefix}${line}"` }
  if (cssClass.valueOffset === -1) return undefined
  return { offset: cssClass.valueOffset + cssClass.value.length, text: ` ${classPrefix}${line}` }
}

/** Removes every line marker from rendered HTML. */
export function stripLineMarkers(html: string): string {
  return html
    .replace(/ data-sendsmith-line="\d+"/g, '')
    .replace(/class="([^"]*)"/g, (whole, value: string) => {
      if (!value.includes(classPrefix)) return whole
      const kept = value.split(/\s+/).filter((c) => c !== '' && !c.startsWith(classPrefix))
      return kept.length === 0 ? '\u0000' : `class="${kept.join(' ')}"`
    })
    .replace(/ ?\u0000/g, '')
}

/** The source line an element of the rendered (marked) HTML came from: its own marker or its nearest ancestor's. */
export function markedLine(element: Element | null): number | undefined {
  for (
    let node: Element | null = element;
    node;
    node = node.parent && node.parent.type !== 'root' ? (node.parent as Element) : null
  ) {
    const attribute = node.attribs?.[lineAttribute]
    if (attribute) return Number(attribute)
    const marker = node.attribs?.class?.split(/\s+/).find((c) => c.startsWith(classPrefix))
    if (marker) return Number.parseInt(marker.slice(classPrefix.length), 10)
  }
  return undefined
}

function handlebarsSpans(source: string): [number, number][] {
  const spans: [number, number][] = []
  for (const match of source.matchAll(/\{\{[\s\S]*?\}\}/g)) spans.push([match.index, match.index + match[0].length])
  return spans
}

export const internals = { handlebarsSpans }
