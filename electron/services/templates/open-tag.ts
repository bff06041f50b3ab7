/** One attribute of a start tag as written in the source, with where its name and value start. */
export interface SourceAttribute {
  name: string
  /** The value as written (entities not decoded); '' for a bare attribute. */
  value: string
  nameOffset: number
  /** Offset of the value's first character (after the quote), or -1 for a bare attribute. */
  valueOffset: number
}

/**
 * Reads the start tag that begins at `start` (the '<') straight from the source, so every
 * attribute keeps its offset; htmlparser2 reports where an element starts but not its attributes.
 */
export function scanOpenTag(
  source: string,
  start: number,
): { name: string; attributes: SourceAttribute[]; end: number } {
  let i = start + 1
  const nameStart = i
  while (i < source.length && !/[\s/>]/.test(source[i])) i++
  const name = source.slice(nameStart, i).toLowerCase()
  const attributes: SourceAttribute[] = []
  while (i < source.length) {
    while (i < source.length && /[\s/]/.test(source[i])) i++
    if (i >= source.length || source[i] === '>') break
    const nameOffset = i
    while (i < source.length && !/[\s=>/]/.test(source[i])) i++
    // A lone '/' or stray character: step over it so the scan always advances.
    if (i === nameOffset) {
      i++
      continue
    }
    const attrName = source.slice(nameOffset, i).toLowerCase()
    let j = i
    while (j < source.length && /\s/.test(source[j])) j++
    if (source[j] !== '=') {
      attributes.push({ name: attrName, value: '', nameOffset, valueOffset: -1 })
      continue
    }
    j++
    while (j < source.length && /\s/.test(source[j])) j++
    const quote = source[j]
    let valueOffset: number
    let valueEnd: number
    if (quote === '"' || quote === "'") {
      valueOffset = j + 1
      valueEnd = source.indexOf(quote, valueOffset)
      if (valueEnd === -1) valueEnd = source.length
      i = valueEnd + 1
    } else {
      valueOffset = j
      valueEnd = j
      while (valueEnd < source.length && !/[\s>]/.test(source[valueEnd])) valueEnd++
      i = valueEnd
    }
    attributes.push({ name: attrName, value: source.slice(valueOffset, valueEnd), nameOffset, valueOffset })
  }
  return { name, attributes, end: Math.min(i + 1, source.length) }
}
