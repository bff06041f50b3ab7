/** One element of a parsed XML document: enough of the DOM to read an autoconfig file. */
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  /** The element's own text (CDATA included), entities decoded, not trimmed. */
  text: string
}

/** The document is not well-formed XML; `line` is where reading stopped (1-based). */
export class XmlSyntaxError extends Error {
  readonly line: number
  constructor(message: string, line: number) {
    super(`${message} (line ${line})`)
    this.name = 'XmlSyntaxError'
    this.line = line
  }
}

const namePattern = /[A-Za-z_:][\w.:-]*/y
const predefinedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/**
 * Parses a small XML document strictly enough to tell a real autoconfig file from an error page:
 * tags must nest and close, entities must be known. DOCTYPE is refused rather than expanded, so a
 * hostile server cannot use entity tricks (the only documents we read come from the network).
 */
export function parseXml(source: string): XmlElement {
  let i = source.charCodeAt(0) === 0xfeff ? 1 : 0
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, source.slice(0, i).split('\n').length)
  }
  const skipTo = (end: string, what: string) => {
    const at = source.indexOf(end, i)
    if (at < 0) fail(`Unterminated ${what}`)
    const body = source.slice(i, at)
    i = at + end.length
    return body
  }
  const decode = (raw: string) =>
    raw.replace(/&([^;&\s]*);?/g, (whole, entity: string) => {
      if (!whole.endsWith(';')) fail(`Bare "&" in text: write &amp;`)
      if (entity in predefinedEntities) return predefinedEntities[entity]
      const code = /^#x[0-9a-f]+$/i.test(entity)
        ? parseInt(entity.slice(2), 16)
        : /^#\d+$/.test(entity)
          ? parseInt(entity.slice(1), 10)
          : NaN
      if (Number.isNaN(code) || code > 0x10ffff) fail(`Unknown entity &${entity};`)
      return String.fromCodePoint(code)
    })
  const readName = (what: string) => {
    namePattern.lastIndex = i
    const match = namePattern.exec(source)
    if (!match) fail(`Expected ${what}`)
    i = namePattern.lastIndex
    return match![0]
  }
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i])) i++
  }

  while (i < source.length) {
    if (source.startsWith('<?', i)) {
      i += 2
      skipTo('?>', 'processing instruction')
    } else if (source.startsWith('<!--', i)) {
      i += 4
      skipTo('-->', 'comment')
    } else if (source.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) fail('CDATA outside the root element')
      i += 9
      stack[stack.length - 1].text += skipTo(']]>', 'CDATA section')
    } else if (source.startsWith('<!', i)) {
      fail('DOCTYPE and other declarations are not accepted')
    } else if (source.startsWith('</', i)) {
      i += 2
      const name = readName('a closing tag name')
      skipSpace()
      if (source[i] !== '>') fail(`Expected ">" after </${name}`)
      i++
      const open = stack.pop()
      if (!open) fail(`Closing tag </${name}> without an opening tag`)
      if (open!.name !== name) fail(`</${name}> closes <${open!.name}>`)
    } else if (source[i] === '<') {
      i++
      const element: XmlElement = { name: readName('a tag name'), attributes: {}, children: [], text: '' }
      for (;;) {
        const before = i
        skipSpace()
        if (i >= source.length) fail(`Unterminated tag <${element.name}>`)
        if (source.startsWith('/>', i) || source[i] === '>') break
        if (i === before) fail(`Expected a space before the next attribute of <${element.name}>`)
        const attribute = readName('an attribute name')
        skipSpace()
        if (source[i] !== '=') fail(`Attribute ${attribute} has no value`)
        i++
        skipSpace()
        const quote = source[i]
        if (quote !== '"' && quote !== "'") fail(`The value of ${attribute} must be quoted`)
        i++
        const value = skipTo(quote, `value of ${attribute}`)
        if (value.includes('<')) fail(`"<" in the value of ${attribute}`)
        element.attributes[attribute] = decode(value)
      }
      if (stack.length > 0) stack[stack.length - 1].children.push(element)
      else if (root) fail('More than one root element')
      else root = element
      if (source.startsWith('/>', i)) {
        i += 2
      } else {
        i++
        stack.push(element)
      }
    } else {
      const next = source.indexOf('<', i)
      const end = next < 0 ? source.length : next
      const text = source.slice(i, end)
      if (stack.length === 0) {
        if (text.trim()) fail('Text outside the root element')
      } else {
        stack[stack.length - 1].text += decode(text)
      }
      i = end
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1].name}> is never closed`)
  if (!root) fail('No XML element found')
  return root!
}

/** The direct children of `element` called `name`. */
export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name)
}

/** The trimmed text of the first direct child called `name`, or undefined. */
export function childText(element: XmlElement, name: string): string | undefined {
  return childElements(element, name)[0]?.text.trim()
}
