import { rawData } from 'caniemail'
import type { ClientFamily } from '../../../../shared/contract'
import { familyOf } from './client-families'

export type Support = 'full' | 'partial' | 'none'

/** One caniemail feature with its support summarised per client family (latest tested versions). */
export interface EmailFeature {
  slug: string
  title: string
  url: string
  support: Map<ClientFamily, { support: Support; notes: string[] }>
  /** Support in each caniemail client (`vendor/platform`, latest tested version), for per-client views. */
  platforms: Map<string, { support: Support; notes: string[] }>
}

interface RawFeature {
  slug: string
  title: string
  url: string
  category: string
  keywords: string | null
  stats: Record<string, Record<string, Record<string, string>>>
  notes_by_num: Record<string, string> | null
}

/** Lookup tables from what a template can contain to the caniemail features it uses. */
export interface FeatureIndex {
  bySlug: Map<string, EmailFeature>
  cssProperties: Map<string, EmailFeature[]>
  cssPropertyValues: Map<string, EmailFeature[]>
  cssFunctions: Map<string, EmailFeature[]>
  cssUnits: Map<string, EmailFeature[]>
  cssKeywords: Map<string, EmailFeature[]>
  atRules: Map<string, EmailFeature[]>
  mediaFeatures: Map<string, EmailFeature[]>
  pseudoSelectors: Map<string, EmailFeature[]>
  htmlElements: Map<string, EmailFeature[]>
  htmlAttributes: Map<string, EmailFeature[]>
  imageFormats: Map<string, EmailFeature[]>
}

// Features whose title is not a property name: the properties they cover are in their keywords.
const propertiesFromKeywords = new Set([
  'css-margin',
  'css-border',
  'css-overflow',
  'css-inset',
  'css-grid-template',
  'css-column-layout-properties',
  'css-border-inline-block-individual',
  'css-border-inline-block-longhand',
  'css-border-radius-logical',
  'css-block-inline-size',
  'css-margin-block-start-end',
  'css-margin-inline-block',
  'css-margin-inline-start-end',
  'css-padding-block-start-end',
  'css-padding-inline-block',
  'css-padding-inline-start-end',
  'css-border-inline-block',
  'css-gap',
])
const valueKeywordSlugs = new Set(['css-intrinsic-size', 'css-sytem-ui', 'css-unit-initial'])
const elementsBySlug: Record<string, string[]> = {
  'html-address': ['address'],
  'html-base': ['base'],
  'html-lists': ['ul', 'ol', 'dl'],
  'html-h1-h6': ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  'html-image-maps': ['map', 'area'],
  'html-svg': ['svg'],
  'html-semantics': [
    'article',
    'aside',
    'details',
    'figcaption',
    'figure',
    'footer',
    'header',
    'main',
    'mark',
    'nav',
    'section',
    'summary',
    'time',
  ],
}
const imageExtensions: Record<string, string[]> = {
  'image-apng': ['apng'],
  'image-avif': ['avif'],
  'image-bmp': ['bmp'],
  'image-gif': ['gif'],
  'image-heif': ['heif', 'heic'],
  'image-ico': ['ico'],
  'image-jpg': ['jpg', 'jpeg'],
  'image-png': ['png'],
  'image-svg': ['svg'],
  'image-tiff': ['tif', 'tiff'],
  'image-webp': ['webp'],
  'image-base64': ['data'],
}
const mediaFeaturesBySlug: Record<string, string[]> = {
  'css-at-media-device-pixel-ratio': [
    '-webkit-device-pixel-ratio',
    '-webkit-min-device-pixel-ratio',
    '-webkit-max-device-pixel-ratio',
  ],
  'css-at-media-hover': ['hover', 'any-hover'],
  'css-at-media-orientation': ['orientation'],
  'css-at-media-prefers-color-scheme': ['prefers-color-scheme'],
  'css-at-media-prefers-reduced-motion': ['prefers-reduced-motion'],
}

let cached: FeatureIndex | undefined

/** The index, built once from the caniemail package's data. */
export function featureIndex(): FeatureIndex {
  cached ??= buildIndex((rawData as unknown as { data: RawFeature[] }).data)
  return cached
}

function buildIndex(raw: RawFeature[]): FeatureIndex {
  const index: FeatureIndex = {
    bySlug: new Map(),
    cssProperties: new Map(),
    cssPropertyValues: new Map(),
    cssFunctions: new Map(),
    cssUnits: new Map(),
    cssKeywords: new Map(),
    atRules: new Map(),
    mediaFeatures: new Map(),
    pseudoSelectors: new Map(),
    htmlElements: new Map(),
    htmlAttributes: new Map(),
    imageFormats: new Map(),
  }
  const add = (map: Map<string, EmailFeature[]>, key: string, feature: EmailFeature) =>
    map.set(key, [...(map.get(key) ?? []), feature])
  const words = (text: string | null) =>
    (text ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => /^[a-z-]+$/.test(k))

  for (const entry of raw) {
    const feature: EmailFeature = {
      slug: entry.slug,
      title: entry.title,
      url: entry.url,
      ...familySupport(entry),
    }
    index.bySlug.set(entry.slug, feature)
    const title = entry.title.trim()
    if (entry.category === 'css') {
      if (entry.slug.startsWith('css-pseudo-')) {
        const name = entry.slug === 'css-pseudo-class-lang' ? ':lang' : title.replace(/\(\)$/, '')
        add(index.pseudoSelectors, name, feature)
        continue
      }
      if (entry.slug.startsWith('css-selector-')) continue // matched by slug in the CSS scanner
      if (title.startsWith('@')) {
        const media = mediaFeaturesBySlug[entry.slug]
        if (media) for (const name of media) add(index.mediaFeatures, name, feature)
        else add(index.atRules, title.slice(1), feature)
        continue
      }
      const pair = /^([a-z-]+):\s*([a-z-]+)$/.exec(title)
      if (pair) {
        add(index.cssPropertyValues, `${pair[1]}:${pair[2]}`, feature)
        continue
      }
      if (entry.slug.startsWith('css-unit-') && entry.slug !== 'css-unit-calc' && !valueKeywordSlugs.has(entry.slug)) {
        add(index.cssUnits, title.replace(/ unit$/, ''), feature)
        continue
      }
      if (valueKeywordSlugs.has(entry.slug)) {
        for (const keyword of title
          .replace(/ unit$/, '')
          .split(',')
          .map((k) => k.trim()))
          add(index.cssKeywords, keyword, feature)
        continue
      }
      if (entry.slug === 'css-important') {
        add(index.cssKeywords, '!important', feature)
        continue
      }
      if (entry.slug === 'css-variables') {
        add(index.cssFunctions, 'var', feature)
        add(index.cssProperties, '--*', feature)
        continue
      }
      const functions = [...title.matchAll(/([a-z-]+)\(\)/g)].map((m) => m[1])
      if (functions.length > 0) {
        for (const name of functions) add(index.cssFunctions, name, feature)
        continue
      }
      if (propertiesFromKeywords.has(entry.slug)) {
        for (const name of [
          ...title.split(/,\s*|\s*&\s*/).filter((t) => /^[a-z-]+$/.test(t)),
          ...words(entry.keywords),
        ])
          add(index.cssProperties, name, feature)
        continue
      }
      if (entry.slug === 'css-left-right-top-bottom') {
        for (const name of ['left', 'right', 'top', 'bottom']) add(index.cssProperties, name, feature)
        continue
      }
      const property = title.replace(/ (shorthand|property|CSS property)$/, '').trim()
      if (/^[a-z-]+$/.test(property)) add(index.cssProperties, property, feature)
    } else if (entry.category === 'html') {
      const element = /^<([a-z0-9]+)>(?: element)?$/.exec(title)
      const elementWithType = /^<(\w+) type="(\w+)"> element$/.exec(title)
      if (elementsBySlug[entry.slug])
        for (const name of elementsBySlug[entry.slug]) add(index.htmlElements, name, feature)
      else if (elementWithType) add(index.htmlElements, `${elementWithType[1]}[type=${elementWithType[2]}]`, feature)
      else if (element) add(index.htmlElements, element[1], feature)
      else if (entry.slug === 'html-srcset')
        for (const name of ['srcset', 'sizes']) add(index.htmlAttributes, name, feature)
      else if (title.endsWith(' attribute')) add(index.htmlAttributes, title.replace(/ attribute$/, ''), feature)
      // Pairs and document-level features (anchors, mailto:, doctype, comments, color-scheme meta) are matched by slug.
    } else if (entry.category === 'image') {
      for (const extension of imageExtensions[entry.slug] ?? []) add(index.imageFormats, extension, feature)
    }
  }
  return index
}

/** Support per family: full when every client of the family with data supports it, none when none does. */
function familySupport(entry: RawFeature): Pick<EmailFeature, 'support' | 'platforms'> {
  const perPlatform: EmailFeature['platforms'] = new Map()
  const perFamily = new Map<ClientFamily, { values: Support[]; notes: Set<string> }>()
  for (const [vendor, platforms] of Object.entries(entry.stats ?? {})) {
    for (const [platform, versions] of Object.entries(platforms)) {
      const latest = Object.keys(versions)
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .at(-1)
      if (latest === undefined) continue
      const value = versions[latest]
      const support: Support | undefined = value.startsWith('y')
        ? 'full'
        : value.startsWith('n')
          ? 'none'
          : value.startsWith('a')
            ? 'partial'
            : undefined
      if (support === undefined) continue
      perPlatform.set(`${vendor}/${platform}`, {
        support,
        notes: [...value.matchAll(/#(\d+)/g)].flatMap(([, n]) => entry.notes_by_num?.[n] ?? []),
      })
      const family = familyOf(vendor, platform)
      const slot = perFamily.get(family) ?? { values: [], notes: new Set<string>() }
      slot.values.push(support)
      if (support !== 'full')
        for (const [, number] of value.matchAll(/#(\d+)/g))
          if (entry.notes_by_num?.[number]) slot.notes.add(entry.notes_by_num[number])
      perFamily.set(family, slot)
    }
  }
  const result: EmailFeature['support'] = new Map()
  for (const [family, { values, notes }] of perFamily) {
    const support: Support = values.every((v) => v === 'full')
      ? 'full'
      : values.every((v) => v === 'none')
        ? 'none'
        : 'partial'
    result.set(family, { support, notes: [...notes] })
  }
  return { support: result, platforms: perPlatform }
}
