import postcss, { type AtRule, type Declaration, type Rule } from 'postcss'
import type { EmailFeature, FeatureIndex } from '../checks/caniemail-features'

/** Tells whether a feature survives in the client, and records what is taken out. */
export interface SupportJudge {
  /** True when the client does not support the feature at all (unknown and partial support are kept). */
  drops(features: EmailFeature[] | undefined): EmailFeature | undefined
  removed(what: string, feature?: EmailFeature): void
}

/** The features a declaration uses: its property, property:value pair, functions and units. */
function declarationFeatures(index: FeatureIndex, property: string, value: string): EmailFeature[] {
  const prop = property.toLowerCase()
  const v = value.toLowerCase().trim()
  const bare = v.replace(/url\([^)]*\)/g, 'url()').replace(/"[^"]*"|'[^']*'/g, '""')
  return [
    ...((prop.startsWith('--') ? index.cssProperties.get('--*') : index.cssProperties.get(prop)) ?? []),
    ...(index.cssPropertyValues.get(`${prop}:${v.split(/\s+/)[0]}`) ?? []),
    ...[...bare.matchAll(/([a-z-]+)\(/g)].flatMap(([, name]) => index.cssFunctions.get(name) ?? []),
    ...[...bare.matchAll(/(?<![\w#-])[+-]?(?:\d+\.?\d*|\.\d+)(%|[a-z]+)/g)].flatMap(
      ([, unit]) => index.cssUnits.get(unit) ?? [],
    ),
  ]
}

function dropDeclaration(declaration: Declaration, index: FeatureIndex, judge: SupportJudge): boolean {
  const feature = judge.drops(declarationFeatures(index, declaration.prop, declaration.value))
  if (!feature) return false
  judge.removed(`${declaration.prop}: ${declaration.value.trim().split(/\s+/)[0]}`, feature)
  return true
}

/** A stylesheet without the at-rules, media features, selectors and declarations the client drops. */
export function filterStylesheet(css: string, index: FeatureIndex, judge: SupportJudge): string {
  const root = postcss.parse(css)
  root.walkAtRules((rule: AtRule) => {
    const name = rule.name.toLowerCase()
    let feature = judge.drops(index.atRules.get(name))
    if (!feature && name === 'media')
      for (const [, media] of rule.params.toLowerCase().matchAll(/\(\s*([a-z-]+)/g))
        feature ??= judge.drops(index.mediaFeatures.get(media))
    if (feature) {
      judge.removed(`@${name}${rule.params ? ` ${rule.params}` : ''}`.slice(0, 80), feature)
      rule.remove()
    }
  })
  root.walkRules((rule: Rule) => {
    if (rule.parent?.type === 'atrule' && /keyframes/i.test((rule.parent as AtRule).name)) return
    for (const selector of rule.selectors) {
      for (const [pseudo] of selector.toLowerCase().matchAll(/::?[a-z-]+/g)) {
        const feature = judge.drops(index.pseudoSelectors.get(pseudo))
        if (feature) {
          judge.removed(`${selector} (selector)`, feature)
          rule.remove()
          return
        }
      }
    }
  })
  root.walkDecls((declaration) => {
    if (dropDeclaration(declaration, index, judge)) declaration.remove()
  })
  root.walkRules((rule) => {
    if (rule.nodes.length === 0) rule.remove()
  })
  root.walkAtRules((rule) => {
    if (rule.nodes !== undefined && rule.nodes.length === 0) rule.remove()
  })
  return root.toString()
}

/** A style attribute's declarations without those the client drops. */
export function filterStyleAttribute(style: string, index: FeatureIndex, judge: SupportJudge): string {
  const root = postcss.parse(`x{${style}}`)
  root.walkDecls((declaration) => {
    if (dropDeclaration(declaration, index, judge)) declaration.remove()
  })
  const rule = root.first as Rule
  return rule.nodes.map((node) => node.toString()).join('; ')
}
