import type { Element } from 'domhandler'
import { DomUtils, parseDocument } from 'htmlparser2'
import { markedLine } from '../line-markers'
import { LineIndex } from '../source-lines'
import type { LocateOffset } from './compatibility'

/** Said on findings from the HTML MJML generates around the user's components (no source line of their own). */
export const generatedByMjml = "(In MJML's output: markup MJML adds itself, shown at the <mjml> line.)"
/** Said on findings mapped back to the MJML component (or CSS) they came from. */
export const fromMjmlOutput = "(In MJML's output, from this line's component.)"

// Output lines shorter than this are too common ("}", "<tr>") to be found in the source by their text.
const minimumTextMatch = 8

/**
 * Maps an offset of MJML's output (rendered with line markers) to the MJML source line it came
 * from: the line marker of the innermost element around it (or its nearest marked ancestor); for
 * text without one (an <mj-style> block copied into <head>, <mj-raw>), the source line holding
 * exactly the same text; otherwise the <mjml> line, saying it is MJML's own markup.
 */
export function locateInMjmlOutput(markedHtml: string, source: string, fallbackLine: number): LocateOffset {
  const document = parseDocument(markedHtml, { withStartIndices: true, withEndIndices: true })
  const elements = DomUtils.getElementsByTagName(() => true, document.children, true).filter(
    (e) => e.startIndex !== null && e.endIndex !== null,
  )
  elements.sort((a, b) => (a.startIndex ?? 0) - (b.startIndex ?? 0))
  const outputLines = new LineIndex(markedHtml)
  const sourceLines = new LineIndex(source)

  const innermostAround = (offset: number): Element | null => {
    let low = 0
    let high = elements.length - 1
    let found = -1
    while (low <= high) {
      const mid = (low + high) >> 1
      if ((elements[mid].startIndex ?? 0) <= offset) {
        found = mid
        low = mid + 1
      } else high = mid - 1
    }
    // The last element starting at or before the offset, or the ancestor of it that still contains it.
    for (let node: Element | null = found === -1 ? null : elements[found]; node;) {
      if ((node.endIndex ?? -1) >= offset) return node
      node = node.parent && node.parent.type !== 'root' ? (node.parent as Element) : null
    }
    return null
  }

  const sameTextInSource = (offset: number): number | undefined => {
    const line = outputLines.lineOf(offset)
    const start = markedHtml.lastIndexOf('\n', offset - 1) + 1
    const end = markedHtml.indexOf('\n', offset)
    const text = markedHtml.slice(start, end === -1 ? undefined : end).trim()
    if (text.length < minimumTextMatch || line < 1) return undefined
    const at = source.indexOf(text)
    return at !== -1 && source.indexOf(text, at + 1) === -1 ? sourceLines.lineOf(at) : undefined
  }

  return (offset) => {
    const marked = markedLine(innermostAround(offset))
    if (marked !== undefined) return { line: marked, note: fromMjmlOutput }
    const copied = sameTextInSource(offset)
    if (copied !== undefined) return { line: copied, note: fromMjmlOutput }
    return { line: fallbackLine, note: generatedByMjml }
  }
}
