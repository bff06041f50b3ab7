import type { ChildNode, Element } from 'domhandler'
import { parseDocument } from 'htmlparser2'
import postcss, { type AtRule, type Declaration, type Rule } from 'postcss'
import type { ClientFamily, FamilyScore, Finding, TemplateKind } from '../../../../shared/contract'
import { scanOpenTag } from '../open-tag'
import { LineIndex } from '../source-lines'
import { featureIndex, type EmailFeature, type FeatureIndex } from './caniemail-features'
import { clientFamilies, familyLabel } from './client-families'

/** One use of a caniemail feature in the source, by offset. */
interface FeatureUse {
  feature: EmailFeature
  offset: number
}

/** Where an offset of the checked text is in the user's source, with a note for the message when it is not the source itself. */
export interface SourcePosition {
  line: number
  column?: number
  note?: string
}

/** Maps offsets of the checked text to the source; the default is the checked text itself. */
export type LocateOffset = (offset: number) => SourcePosition

/**
 * Client compatibility from caniemail's data, over the source the user edits: every HTML
 * element, attribute and CSS feature used (in <style>, <mj-style> and style attributes) that a
 * client family supports only partly (info) or not at all (warning), one finding per feature and
 * family at its first use, and a score per family. MJML's own components are left out: what MJML
 * generates from them is its tested output, not the user's choice. For MJML templates the checks
 * run on MJML's output instead (`kind` 'html', with `locate` from mjml-output-lines.ts), since that
 * is what is sent.
 */
export function checkCompatibility(
  source: string,
  kind: TemplateKind,
  locate?: LocateOffset,
): { findings: Finding[]; scores: FamilyScore[] } {
  const index = featureIndex()
  const lines = new LineIndex(source)
  const positionOf: LocateOffset = locate ?? ((offset) => lines.positionOf(offset))
  const uses: FeatureUse[] = []
  const findings: Finding[] = []
  const use = (feature: EmailFeature | undefined, offset: number) => {
    if (feature) uses.push({ feature, offset })
  }
  const useAll = (features: EmailFeature[] | undefined, offset: number) => features?.forEach((f) => use(f, offset))

  const scanCss = (css: string, baseOffset: number, isInline: boolean) => {
    try {
      scanStylesheet(
        postcss.parse(isInline ? `x{${css}}` : css),
        index,
        (features, offset) => useAll(features, baseOffset + offset - (isInline ? 2 : 0)),
        isInline,
      )
    } catch (error) {
      const { line, column, note } = positionOf(baseOffset)
      findings.push({
        check: 'compatibility',
        severity: 'info',
        message: `This CSS could not be read, so it was not checked: ${(error as Error).message.split('\n')[0]}${note ? ` ${note}` : ''}`,
        line,
        ...(column !== undefined && { column }),
      })
    }
  }

  const document = parseDocument(source, {
    withStartIndices: true,
    withEndIndices: true,
    recognizeSelfClosing: kind === 'mjml',
  })
  const visit = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type === 'comment') use(index.bySlug.get('html-comments'), node.startIndex ?? 0)
      else if (node.type === 'directive') {
        if (/^!doctype\s+html\s*$/i.test(node.data)) use(index.bySlug.get('html-doctype'), node.startIndex ?? 0)
      } else if (node.type === 'tag' || node.type === 'style' || node.type === 'script') {
        const element = node as Element
        const start = element.startIndex ?? 0
        const name = element.name.toLowerCase()
        const isMjml = kind === 'mjml' && (name === 'mjml' || name.startsWith('mj-'))
        if (name === 'style' || name === 'mj-style') {
          const text = element.children[0]
          if (text && text.type === 'text' && text.startIndex !== null)
            scanCss(element.children.map((c) => ('data' in c ? c.data : '')).join(''), text.startIndex, false)
        }
        if (isMjml) {
          if (name === 'mj-image')
            imageFormat(
              index,
              scanOpenTag(source, start).attributes.find((a) => a.name === 'src'),
              use,
            )
        } else {
          const tag = scanOpenTag(source, start)
          const attribute = (attr: string) => tag.attributes.find((a) => a.name === attr)
          useAll(index.htmlElements.get(name), start)
          const type = attribute('type')?.value.toLowerCase()
          if (type) useAll(index.htmlElements.get(`${name}[type=${type}]`), start)
          for (const a of tag.attributes) {
            useAll(index.htmlAttributes.get(a.name), a.nameOffset)
            if (a.name === 'style' && a.valueOffset !== -1 && a.value.trim() !== '')
              scanCss(a.value, a.valueOffset, true)
          }
          const href = attribute('href')?.value.trim()
          if (name === 'a' && href?.startsWith('#')) use(index.bySlug.get('html-anchor-links'), start)
          if (name === 'a' && /^mailto:/i.test(href ?? '')) use(index.bySlug.get('html-mailto-links'), start)
          if (name === 'html' && (attribute('amp4email') || attribute('⚡4email'))) use(index.bySlug.get('amp'), start)
          if (name === 'meta' && attribute('name')?.value.toLowerCase() === 'color-scheme')
            use(index.bySlug.get('html-meta-color-scheme'), start)
          if (name === 'img') imageFormat(index, attribute('src'), use)
        }
        visit(element.children)
      }
    }
  }
  visit(document.children)

  findings.push(...familyFindings(uses, positionOf))
  return { findings, scores: familyScores(uses) }
}

function imageFormat(
  index: FeatureIndex,
  src: { value: string; nameOffset: number } | undefined,
  use: (feature: EmailFeature | undefined, offset: number) => void,
): void {
  const value = src?.value.trim().toLowerCase()
  if (!src || !value || value.includes('{{')) return
  const extension = value.startsWith('data:') ? 'data' : /\.([a-z0-9]+)(?:[?#]|$)/.exec(value)?.[1]
  for (const feature of (extension && index.imageFormats.get(extension)) || []) use(feature, src.nameOffset)
}

type Report = (features: EmailFeature[] | undefined, offset: number) => void

/** Every CSS feature a stylesheet (or a style attribute wrapped as `x{...}`) uses, by offset. */
function scanStylesheet(root: postcss.Root, index: FeatureIndex, report: Report, isInline: boolean): void {
  const at = (node: postcss.Node) => node.source?.start?.offset ?? 0
  const slug = (name: string) => [index.bySlug.get(name)].filter((f): f is EmailFeature => f !== undefined)
  root.walkComments((comment) => report(slug('css-comments'), at(comment)))
  root.walkAtRules((rule: AtRule) => {
    const name = rule.name.toLowerCase()
    report(index.atRules.get(name), at(rule))
    if (name === 'media')
      for (const [, feature] of rule.params.toLowerCase().matchAll(/\(\s*([a-z-]+)/g))
        report(index.mediaFeatures.get(feature), at(rule))
  })
  root.walkDecls((declaration: Declaration) => {
    const offset = at(declaration)
    const property = declaration.prop.toLowerCase()
    const value = declaration.value.toLowerCase().trim()
    report(property.startsWith('--') ? index.cssProperties.get('--*') : index.cssProperties.get(property), offset)
    report(index.cssPropertyValues.get(`${property}:${value.split(/\s+/)[0]}`), offset)
    if (declaration.important) report(index.cssKeywords.get('!important'), offset)
    // Units and keywords outside url(...) and strings, which can contain anything.
    const bare = value.replace(/url\([^)]*\)/g, 'url()').replace(/"[^"]*"|'[^']*'/g, '""')
    for (const [, name] of bare.matchAll(/([a-z-]+)\(/g)) report(index.cssFunctions.get(name), offset)
    for (const [, unit] of bare.matchAll(/(?<![\w#-])[+-]?(?:\d+\.?\d*|\.\d+)(%|[a-z]+)/g))
      report(index.cssUnits.get(unit), offset)
    for (const word of bare.split(/[\s,()/]+/)) report(index.cssKeywords.get(word), offset)
  })
  if (isInline) return
  root.walkRules((rule: Rule) => {
    if (rule.parent?.type === 'atrule' && /keyframes/i.test((rule.parent as AtRule).name)) return
    const offset = at(rule)
    if (rule.parent?.type === 'rule') report(slug('css-nesting'), offset)
    if (rule.selectors.length > 1) report(slug('css-selector-grouping'), offset)
    for (const selector of rule.selectors) {
      for (const [pseudo] of selector.toLowerCase().matchAll(/::?[a-z-]+/g))
        report(index.pseudoSelectors.get(pseudo), offset)
      const plain = selector.replace(/\[[^\]]*\]/g, '[]').replace(/\([^)]*\)/g, '()')
      if (plain.includes('[]')) report(slug('css-selector-attribute'), offset)
      if (/#[\w-]/.test(plain)) report(slug('css-selector-id'), offset)
      if (/\.[\w-]/.test(plain)) report(slug('css-selector-class'), offset)
      if (/(^|[\s>+~])\*/.test(plain)) report(slug('css-selector-universal'), offset)
      if (plain.includes('>')) report(slug('css-selector-child'), offset)
      if (plain.includes('+')) report(slug('css-selector-adjacent-sibling'), offset)
      if (plain.includes('~')) report(slug('css-selector-general-sibling'), offset)
      if (/[\w\])*]\s+(?=[\w.#*[:])/.test(plain.replace(/\s*([>+~])\s*/g, '$1')))
        report(slug('css-selector-descendant'), offset)
      if (/(^|[\s>+~])[a-z][\w-]*/i.test(plain)) report(slug('css-selector-type'), offset)
      if (/[\w\]][.#[][\w-]/.test(plain)) report(slug('css-selector-chaining'), offset)
    }
  })
}

/** One finding per feature and family that does not fully support it, at the feature's first use. */
function familyFindings(uses: FeatureUse[], positionOf: LocateOffset): Finding[] {
  const byFeature = new Map<string, { feature: EmailFeature; offsets: number[] }>()
  for (const u of uses) {
    const slot = byFeature.get(u.feature.slug) ?? { feature: u.feature, offsets: [] }
    slot.offsets.push(u.offset)
    byFeature.set(u.feature.slug, slot)
  }
  const findings: Finding[] = []
  for (const { feature, offsets } of byFeature.values()) {
    const sorted = [...offsets].sort((a, b) => a - b)
    const first = positionOf(sorted[0])
    const otherLines = [...new Set(sorted.map((o) => positionOf(o).line))]
      .filter((l) => l !== first.line)
      .sort((a, b) => a - b)
    const elsewhere =
      otherLines.length === 0
        ? ''
        : ` Also on line${otherLines.length === 1 ? '' : 's'} ${otherLines.slice(0, 8).join(', ')}${otherLines.length > 8 ? ` and ${otherLines.length - 8} more` : ''}.`
    for (const { family } of clientFamilies) {
      const support = feature.support.get(family)
      if (!support || support.support === 'full') continue
      const what = support.support === 'none' ? 'is not supported by' : 'is only partly supported by'
      const notes = support.notes.length > 0 ? ` ${support.notes.join(' ')}` : ''
      const where = first.note ? ` ${first.note}` : ''
      findings.push({
        check: 'compatibility',
        severity: support.support === 'none' ? 'warning' : 'info',
        message: `${feature.title} ${what} ${familyLabel(family)}.${notes}${where}${elsewhere}`,
        line: first.line,
        ...(first.column !== undefined && { column: first.column }),
        clientFamily: family,
        url: feature.url,
        feature: feature.title,
      })
    }
  }
  return findings.sort((a, b) => a.line - b.line)
}

/** Per family: the share of distinct features used that it supports (partial support counts half). */
function familyScores(uses: FeatureUse[]): FamilyScore[] {
  const features = new Map(uses.map((u) => [u.feature.slug, u.feature]))
  return clientFamilies.map(({ family, label }) => {
    let known = 0
    let points = 0
    let unsupported = 0
    let partial = 0
    for (const feature of features.values()) {
      const support = feature.support.get(family as ClientFamily)?.support
      if (!support) continue
      known++
      if (support === 'full') points += 1
      else if (support === 'partial') {
        points += 0.5
        partial++
      } else unsupported++
    }
    return { family, label, score: known === 0 ? 100 : Math.round((points / known) * 100), unsupported, partial }
  })
}
