/** How the copy of a message shown in a preview frame is made. */
export interface MailDocumentOptions {
  /** Every image off (as a client that blocks images shows it): alt text stays. */
  imagesOff: boolean
  /** Remote images the user allowed and main fetched, by URL (data: URLs); others stay blocked. */
  remoteImages?: ReadonlyMap<string, string>
  /** Simulated dark mode: the message's own dark rules switched on, else forced inversion (see invertStyle). */
  darkMode: boolean
}

export interface MailDocument {
  /** The HTML for the frame's srcdoc. */
  srcdoc: string
  /** Hosts the message would contact to show itself (images, backgrounds, style sheets), sorted. */
  remoteHosts: string[]
  /** Remote image URLs (img, background attributes, CSS url()) that main can fetch once allowed. */
  remoteImageUrls: string[]
  /** Relative image URLs: they point at files beside the template, which a preview cannot reach. */
  relativeImages: number
}

// A grey box the size of the image it replaces (SVG scales to the img's width/height attributes).
const blockedImage = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" height="16" fill="#e1dfdd"/><path d="M0 16L16 0" stroke="#c8c6c4"/></svg>')}`
const cssUrl = /url\(\s*(['"]?)([^'")]+)\1\s*\)/gi
const darkQuery = /\(\s*prefers-color-scheme\s*:\s*dark\s*\)/gi
const lightQuery = /\(\s*prefers-color-scheme\s*:\s*light\s*\)/gi

/**
 * Dark mode, simulated two ways, as clients do it: a message with its own
 * `@media (prefers-color-scheme: dark)` rules gets them switched on (Apple Mail, iOS, Outlook.com);
 * a message without gets its colours inverted with images turned back (Gmail's and Outlook's forced
 * dark mode). The rules are rewritten in the copy, as a sandboxed frame's own media state cannot be set.
 */
const invertStyle =
  'html{filter:invert(1) hue-rotate(180deg);background:#fff}img,picture,video,[background]{filter:invert(1) hue-rotate(180deg)}'

const cache: { key: string; html: string; value: MailDocument }[] = []

/**
 * The copy of a message a preview frame shows: remote content blocked (listed by host) unless
 * allowed, images off on request, dark mode simulated. The original HTML is never changed. The last
 * few results are kept, so several previews of one message (side by side) parse it once.
 */
export function prepareMailDocument(html: string, options: MailDocumentOptions): MailDocument {
  const key = `${options.imagesOff}|${options.darkMode}|${options.remoteImages ? [...options.remoteImages.keys()].join(' ') : ''}`
  const hit = cache.find((c) => c.html === html && c.key === key)
  if (hit) return hit.value
  const value = prepare(html, options)
  cache.unshift({ key, html, value })
  cache.length = Math.min(cache.length, 4)
  return value
}

function prepare(html: string, options: MailDocumentOptions): MailDocument {
  const doc = new DOMParser().parseFromString(html, 'text/html')
  const hosts = new Set<string>()
  const imageUrls = new Set<string>()
  let relativeImages = 0

  /** What an image URL becomes in the copy: kept (data:, cid:), fetched copy, or the blocked placeholder. */
  const imageUrl = (raw: string): string => {
    const url = raw.trim()
    if (/^(data|cid):/i.test(url)) return options.imagesOff ? blockedImage : url
    const remote = remoteUrl(url)
    if (!remote) {
      if (url !== '') relativeImages++
      return blockedImage
    }
    hosts.add(remote.host)
    imageUrls.add(remote.href)
    if (options.imagesOff) return blockedImage
    return options.remoteImages?.get(remote.href) ?? blockedImage
  }
  const rewriteCss = (css: string): string =>
    css.replace(cssUrl, (_match, _quote, url: string) => `url("${imageUrl(url)}")`)

  for (const element of doc.querySelectorAll<HTMLElement>('*')) {
    const tag = element.localName
    if (tag === 'img' || (tag === 'input' && element.getAttribute('type')?.toLowerCase() === 'image')) {
      const src = element.getAttribute('src')
      if (src !== null) element.setAttribute('src', imageUrl(src))
      if (options.imagesOff && tag === 'img') element.removeAttribute('src')
    }
    if (element.hasAttribute('srcset')) {
      // Each candidate is counted (hosts listed); the copy keeps src only, which every client reads.
      for (const candidate of element.getAttribute('srcset')!.split(','))
        imageUrl(candidate.trim().split(/\s+/)[0] ?? '')
      element.removeAttribute('srcset')
    }
    for (const attribute of ['background', 'poster']) {
      const value = element.getAttribute(attribute)
      if (value !== null) element.setAttribute(attribute, imageUrl(value))
    }
    const style = element.getAttribute('style')
    if (style && /url\(/i.test(style)) element.setAttribute('style', rewriteCss(style))
    if (tag === 'link') {
      const href = element.getAttribute('href') ?? ''
      const remote = remoteUrl(href)
      if (remote) hosts.add(remote.host)
      // Style sheets and fonts from elsewhere are not fetched (the renderer has no network).
      if (/stylesheet|preload|icon/i.test(element.getAttribute('rel') ?? '')) element.remove()
    }
    if (tag === 'meta' && element.getAttribute('http-equiv')?.toLowerCase() === 'refresh') element.remove()
  }
  for (const style of doc.querySelectorAll('style')) {
    let css = rewriteCss(style.textContent ?? '').replace(
      /@import\s+(url\()?\s*['"]?([^'")\s;]+)['"]?\s*\)?[^;]*;/gi,
      (_m, _u, url: string) => {
        const remote = remoteUrl(url)
        if (remote) hosts.add(remote.host)
        return ''
      },
    )
    // The message's own light or dark rules, chosen by the preview's switch, never by the app's theme
    // or the system's (a frame would otherwise follow the system into the message's dark rules).
    css = options.darkMode
      ? css.replace(darkQuery, '(min-width: 0)').replace(lightQuery, '(max-width: 0)')
      : css.replace(darkQuery, '(max-width: 0)').replace(lightQuery, '(min-width: 0)')
    style.textContent = css
  }
  // The message's colours as it set them: no light/dark switch by the frame, no recolouring by a
  // high-contrast (forced colours) system theme, which the message's recipients would not see either.
  const ownColours = doc.createElement('style')
  ownColours.textContent = `:root{color-scheme:${options.darkMode ? 'dark' : 'light'} only;forced-color-adjust:none}`
  doc.head.prepend(ownColours)
  if (options.darkMode && !/prefers-color-scheme\s*:\s*dark/i.test(html)) {
    const invert = doc.createElement('style')
    invert.textContent = invertStyle
    doc.head.append(invert)
  }

  const doctype = doc.doctype
    ? `<!DOCTYPE ${doc.doctype.name}${doc.doctype.publicId ? ` PUBLIC "${doc.doctype.publicId}"` : ''}${doc.doctype.systemId ? ` "${doc.doctype.systemId}"` : ''}>`
    : ''
  return {
    srcdoc: doctype + doc.documentElement.outerHTML,
    remoteHosts: [...hosts].sort(),
    remoteImageUrls: [...imageUrls],
    relativeImages,
  }
}

/** The URL when it is http(s) (or protocol-relative, which a mail client reads as https), else null. */
function remoteUrl(raw: string): URL | null {
  const url = raw.trim()
  if (!/^(https?:)?\/\//i.test(url)) return null
  try {
    return new URL(url.startsWith('//') ? `https:${url}` : url)
  } catch {
    return null
  }
}
