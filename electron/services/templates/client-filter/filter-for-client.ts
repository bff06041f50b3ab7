import render from 'dom-serializer'
import { Element, Text, type ChildNode, type ParentNode } from 'domhandler'
import { parseDocument } from 'htmlparser2'
import type { ClientRemoval, ClientView, EmailClient } from '../../../../shared/contract'
import { featureIndex, type EmailFeature, type FeatureIndex } from '../checks/caniemail-features'
import { filterStyleAttribute, filterStylesheet, type SupportJudge } from './css-filter'
import { clientViewDisclaimer, emailClient, type EmailClientProfile } from './email-clients'

// An unsupported element of these kinds disappears with its content; any other is unwrapped (its content stays).
const removedWithContent = new Set([
  'svg',
  'video',
  'audio',
  'object',
  'embed',
  'iframe',
  'canvas',
  'input',
  'select',
  'textarea',
  'button',
  'meter',
  'progress',
  'dialog',
  'marquee',
])

export interface ClientFilterOptions {
  /** Show remote images even where the client blocks them by default. */
  imagesOn?: boolean
}

/**
 * The final HTML as a client would roughly show it, from caniemail's data for that client: what it
 * does not support at all is taken out (CSS declarations, at-rules and selectors in <style> and
 * style attributes, <style> itself, elements, attributes, image formats); partly supported things
 * stay. Remote images are replaced by their alt text where the client blocks them by default, and
 * Gmail's clipping point is marked where it falls.
 */
export function filterForClient(html: string, clientId: EmailClient, options: ClientFilterOptions = {}): ClientView {
  const client = emailClient(clientId)
  const index = featureIndex()
  const removals = new Map<string, ClientRemoval>()
  const judge: SupportJudge = {
    drops: (features) => features?.find((feature) => supportIn(client, feature)?.support === 'none'),
    removed(what, feature) {
      const slot = removals.get(what) ?? { what, count: 0, ...(feature && { url: feature.url }) }
      slot.count++
      removals.set(what, slot)
    },
  }
  const document = parseDocument(html, { decodeEntities: false, lowerCaseAttributeNames: true })
  let imagesBlocked = 0
  const styleSupport = index.bySlug.get('html-style')
  const styleOnlyInHead = styleSupport
    ? (supportIn(client, styleSupport)?.notes ?? []).some((note) => /inside the `<body>`/.test(note))
    : false

  const visit = (parent: ParentNode, insideBody: boolean) => {
    for (const node of [...parent.children]) {
      if (!(node instanceof Element)) continue
      const name = node.name.toLowerCase()
      if (name === 'style') {
        const dropped = judge.drops(styleSupport ? [styleSupport] : undefined)
        if (dropped || (insideBody && styleOnlyInHead)) {
          judge.removed(insideBody && !dropped ? '<style> inside <body>' : '<style> element', styleSupport)
          removeNode(node)
          continue
        }
        const css = node.children.map((c) => ('data' in c ? c.data : '')).join('')
        let filtered: string
        try {
          filtered = filterStylesheet(css, index, judge)
        } catch {
          filtered = css // unreadable CSS is left as it is: the check report names it
        }
        if (filtered.trim() === '') {
          judge.removed('<style> element (nothing left in it)')
          removeNode(node)
        } else node.children = [new Text(filtered)]
        continue
      }
      const elementFeature = judge.drops(elementFeatures(index, node))
      if (elementFeature) {
        judge.removed(`<${name}> element`, elementFeature)
        if (removedWithContent.has(name)) removeNode(node)
        else unwrap(node)
        visit(parent, insideBody)
        return
      }
      for (const attribute of Object.keys(node.attribs)) {
        const feature = judge.drops(index.htmlAttributes.get(attribute))
        if (feature) {
          judge.removed(`${attribute} attribute`, feature)
          delete node.attribs[attribute]
        }
      }
      if (node.attribs.style !== undefined) {
        try {
          const style = filterStyleAttribute(node.attribs.style, index, judge)
          if (style.trim() === '') delete node.attribs.style
          else node.attribs.style = style
        } catch {
          // An unreadable style attribute stays as written.
        }
      }
      if (name === 'img') {
        const reason = imageHidden(node, client, index, judge, options.imagesOn === true)
        if (reason) {
          if (reason === 'blocked') imagesBlocked++
          replaceNode(node, altTextBox(node, reason))
          continue
        }
      }
      visit(node, insideBody || name === 'body')
    }
  }
  visit(document, false)

  let output = render(document, { decodeEntities: false })
  let clippedAtBytes: number | null = null
  if (client.clipsAtBytes !== undefined && Buffer.byteLength(output, 'utf8') > client.clipsAtBytes) {
    clippedAtBytes = client.clipsAtBytes
    output = clip(output, client.clipsAtBytes)
  }
  return {
    client: client.id,
    label: client.label,
    html: output,
    removed: [...removals.values()].sort((a, b) => b.count - a.count || a.what.localeCompare(b.what)),
    imagesBlocked,
    clippedAtBytes,
    disclaimer: clientViewDisclaimer,
  }
}

/** The client's support for a feature: the first of its caniemail clients that has data. */
function supportIn(client: EmailClientProfile, feature: EmailFeature) {
  for (const platform of client.platforms) {
    const support = feature.platforms.get(platform)
    if (support) return support
  }
  return undefined
}

function elementFeatures(index: FeatureIndex, element: Element): EmailFeature[] {
  const name = element.name.toLowerCase()
  const type = element.attribs.type?.toLowerCase()
  return [
    ...(index.htmlElements.get(name) ?? []),
    ...((type && index.htmlElements.get(`${name}[type=${type}]`)) || []),
    ...(name === 'link' && /stylesheet/i.test(element.attribs.rel ?? '') ? [index.bySlug.get('html-link')!] : []),
  ].filter(Boolean)
}

/** Why an image is not shown: blocked remote content, or a format the client cannot show. */
function imageHidden(
  image: Element,
  client: EmailClientProfile,
  index: FeatureIndex,
  judge: SupportJudge,
  imagesOn: boolean,
): 'blocked' | 'format' | undefined {
  const src = (image.attribs.src ?? '').trim().toLowerCase()
  const extension = src.startsWith('data:') ? 'data' : /\.([a-z0-9]+)(?:[?#]|$)/.exec(src)?.[1]
  const format = extension ? judge.drops(index.imageFormats.get(extension)) : undefined
  if (format) {
    judge.removed(`${extension === 'data' ? 'data: URL' : `.${extension}`} image`, format)
    return 'format'
  }
  if (client.blocksRemoteImages && !imagesOn && /^(https?:)?\/\//.test(src)) return 'blocked'
  return undefined
}

/** A box the image's size with its alt text, as clients show a picture they did not load. */
function altTextBox(image: Element, reason: 'blocked' | 'format'): Element {
  const size = (attribute: 'width' | 'height') => {
    const value = /^\d+/.exec(image.attribs[attribute] ?? '')?.[0]
    return value ? `${attribute}:${value}px;` : ''
  }
  const alt = image.attribs.alt ?? ''
  const box = new Element('span', {
    'data-sendsmith-image': reason,
    title:
      reason === 'blocked'
        ? 'Image not loaded: this client blocks remote images by default'
        : 'Image format not supported',
    style: `display:inline-block;box-sizing:border-box;max-width:100%;${size('width')}${size('height')}min-height:20px;border:1px solid #c8c8c8;padding:4px;font:13px/1.3 Segoe UI,Arial,sans-serif;color:#616161;background:#fafafa;overflow:hidden;vertical-align:top`,
  })
  box.children = [new Text(escapeText(alt || (reason === 'blocked' ? '' : '')))]
  box.children.forEach((c) => (c.parent = box))
  return box
}

/** Gmail cuts the HTML at the limit: everything after is behind "View entire message". */
function clip(html: string, limitBytes: number): string {
  let prefix = Buffer.from(html, 'utf8')
    .subarray(0, limitBytes)
    .toString('utf8')
    .replace(/\uFFFD$/, '')
  const lastOpen = prefix.lastIndexOf('<')
  if (lastOpen > prefix.lastIndexOf('>')) prefix = prefix.slice(0, lastOpen) // do not leave half a tag
  const banner =
    '<div data-sendsmith-clipped="" style="margin:16px 0;padding:8px 0;font:14px Arial,sans-serif;color:#222">[Message clipped]&nbsp;&nbsp;<span style="color:#1a73e8;text-decoration:underline">View entire message</span></div>'
  return render(parseDocument(prefix + banner, { decodeEntities: false }), { decodeEntities: false })
}

function removeNode(node: ChildNode): void {
  const parent = node.parent
  if (parent) parent.children = parent.children.filter((c) => c !== node)
}

function replaceNode(node: ChildNode, replacement: ChildNode): void {
  const parent = node.parent
  if (!parent) return
  replacement.parent = parent
  parent.children = parent.children.map((c) => (c === node ? replacement : c))
}

function unwrap(element: Element): void {
  const parent = element.parent
  if (!parent) return
  for (const child of element.children) child.parent = parent
  parent.children = parent.children.flatMap((c) => (c === element ? element.children : [c]))
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
