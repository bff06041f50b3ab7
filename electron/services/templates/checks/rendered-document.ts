import type { Document, Element } from 'domhandler'
import { DomUtils, parseDocument } from 'htmlparser2'
import { markedLine } from '../line-markers'

/** The rendered HTML (with line markers), parsed once for the checks that read elements. */
export interface RenderedDocument {
  document: Document
  /** Source line of an element; `fallbackLine` for elements the user did not write (MJML's wrappers). */
  lineOf(element: Element): number
  elements(name: string): Element[]
}

export function readRenderedDocument(markedHtml: string, fallbackLine: number): RenderedDocument {
  const document = parseDocument(markedHtml)
  const all = DomUtils.getElementsByTagName(() => true, document.children, true)
  const byName = new Map<string, Element[]>()
  for (const element of all) {
    const name = element.name.toLowerCase()
    byName.set(name, [...(byName.get(name) ?? []), element])
  }
  return {
    document,
    lineOf: (element) => markedLine(element) ?? fallbackLine,
    elements: (name) => byName.get(name) ?? [],
  }
}

/** Text that is a merge field or other template syntax, which the merge-fields check reports. */
export const hasTemplateSyntax = (value: string): boolean => /\{\{|\}\}|\*\|.*\|\*|\{%|%\}/.test(value)
