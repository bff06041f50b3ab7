import Handlebars from 'handlebars'
import type { TemplateKind } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { dataObject } from '../templates/data-keys'
import { sharedRenderPool, type RenderPool } from '../templates/render-pool'

/** The fields a template (or subject, or URL) uses: all of them, and those every row must fill. */
export interface TemplateFields {
  /** First segment of every path used anywhere (`{{user.name}}` -> user). */
  used: string[]
  /** Plain `{{field}}` outside blocks and conditions: a row without it would read wrong. */
  required: string[]
}

/** A template made ready for many rows: merging a row is a function call, not a pipeline run. */
export interface CompiledTemplate {
  render(context: Record<string, unknown>): Promise<{ html: string; text: string }>
  fields: TemplateFields
  /**
   * How rows are merged: `precompiled` (MJML and CSS inlining ran once, with the merge fields
   * kept as placeholders; each row only fills them) or `per-row` (the whole pipeline per row, when
   * MJML moved or dropped a placeholder, e.g. a {{#if}} between sections).
   */
  mode: 'precompiled' | 'per-row'
}

const mustachePattern = /\{\{\{[\s\S]*?\}\}\}|\{\{!--[\s\S]*?--\}\}|\{\{[\s\S]*?\}\}/g
const tokenPattern = /ssmerge(\d+)q/gi
const simpleMustache = /^\{\{\s*([\w@.\-/[\]]+)\s*\}\}$/

/** Handlebars that, like the workbench's merge, renders missing helpers and partials empty instead of throwing. */
function lenientHandlebars(source: string): typeof Handlebars {
  const handlebars = Handlebars.create()
  handlebars.registerHelper('helperMissing', () => '')
  handlebars.registerHelper('sendsmithUpper', (value: unknown) =>
    value === undefined || value === null ? '' : String(value).toUpperCase(),
  )
  for (const name of partialNames(Handlebars.parse(source))) handlebars.registerPartial(name, '')
  return handlebars
}

/** A one-line Handlebars template for the subject or a URL (no HTML escaping; `encode` filters each value). */
export function compileLine(
  source: string,
  encode: (value: string) => string = (v) => v,
): (context: Record<string, unknown>) => string {
  parseOrThrow(source, 'subject')
  const template = lenientHandlebars(source).compile(source, { noEscape: true })
  return (context) => template(encode === identity ? context : mapStrings(context, encode))
}
const identity = (v: string) => v

/**
 * Compiles a template once for a merge. MJML and CSS inlining run once on the source with every
 * {{...}} swapped for a placeholder word; if every placeholder comes out once and in order, they
 * are swapped back and the result is compiled with Handlebars, so each row costs one template call
 * (plus the same for the text part). Otherwise each row runs the whole pipeline, which is slower
 * but always right.
 */
export async function compileTemplate(
  source: string,
  kind: TemplateKind,
  // MJML, juice and html-to-text run in render threads: a hostile template never blocks main's sending.
  pool: RenderPool = sharedRenderPool(),
): Promise<CompiledTemplate> {
  const ast = parseOrThrow(source, 'template')
  const fields = templateFields(ast)
  const mustaches: string[] = []
  const tokenized = source.replace(mustachePattern, (m) => `ssmerge${mustaches.push(m) - 1}q`)
  const prepared = await pool.mergePrepare(tokenized, kind)
  if (!placeholdersIntact(prepared.html, mustaches.length))
    return { fields, mode: 'per-row', render: (context) => pool.mergeRow(source, kind, context) }

  const handlebars = lenientHandlebars(source)
  const htmlTemplate = handlebars.compile(restore(prepared.html, mustaches, false), { preventIndent: true })
  const textTemplate = compileTextTemplate(handlebars, prepared.text, mustaches)
  return {
    fields,
    mode: 'precompiled',
    async render(context) {
      const merged = htmlTemplate(context)
      return { html: merged, text: textTemplate ? textTemplate(context) : await pool.plainText(merged) }
    },
  }
}

/**
 * The text part as a template. The text drops some of the HTML (the <title>, images), so a
 * placeholder may be missing from it; those present must be in order, and the result must compile
 * (a dropped {{/if}} would not): otherwise each row's text is made from its merged HTML.
 */
function compileTextTemplate(
  handlebars: typeof Handlebars,
  text: string,
  mustaches: string[],
): HandlebarsTemplateDelegate | undefined {
  let last = -1
  for (const match of text.matchAll(tokenPattern)) {
    if (Number(match[1]) <= last) return undefined
    last = Number(match[1])
  }
  try {
    const template = handlebars.compile(restore(text, mustaches, true), { noEscape: true, preventIndent: true })
    template({}) // compiling is lazy: this is where an unbalanced block shows
    return template
  } catch {
    return undefined
  }
}

/** Every placeholder appears exactly once, in source order. */
function placeholdersIntact(text: string, count: number): boolean {
  let expected = 0
  for (const match of text.matchAll(tokenPattern)) {
    if (Number(match[1]) !== expected) return false
    expected++
  }
  return expected === count
}

/** Puts the original {{...}} back; a placeholder the text part upper-cased (a heading) upper-cases its value. */
function restore(text: string, mustaches: string[], inText: boolean): string {
  return text.replace(tokenPattern, (token, index: string) => {
    const original = mustaches[Number(index)]
    const simple = simpleMustache.exec(original)
    if (inText && simple && token === token.toUpperCase()) return `{{sendsmithUpper ${simple[1]}}}`
    return original
  })
}

function parseOrThrow(source: string, field: string): hbs.AST.Program {
  try {
    return Handlebars.parse(source)
  } catch (error) {
    throw new SendsmithError({
      code: 'VALIDATION',
      field,
      message: `Handlebars cannot read the ${field}: ${(error as Error).message.split('\n')[0]}`,
      hint: 'Check that every {{#if}} or {{#each}} has its {{/if}} or {{/each}}.',
    })
  }
}

/** The fields of a template, subject or URL, as TemplateFields. */
export function fieldsOf(source: string): TemplateFields {
  return templateFields(parseOrThrow(source, 'template'))
}

function templateFields(ast: hbs.AST.Program): TemplateFields {
  const used = new Set<string>()
  const required = new Set<string>()
  const visit = (node: unknown, topLevel: boolean): void => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, topLevel))
    if (typeof node !== 'object' || node === null) return
    const typed = node as {
      type?: string
      parts?: string[]
      data?: boolean
      depth?: number
      params?: unknown[]
      hash?: unknown
      path?: unknown
    }
    if (typed.type === 'PathExpression' && typed.parts && typed.parts.length > 0 && !typed.data && typed.depth === 0)
      used.add(typed.parts[0])
    if (typed.type === 'MustacheStatement' && topLevel && (typed.params?.length ?? 0) === 0 && !typed.hash) {
      const path = typed.path as { type?: string; parts?: string[]; data?: boolean }
      if (path.type === 'PathExpression' && path.parts && path.parts.length > 0 && !path.data)
        required.add(path.parts[0])
    }
    const inside = typed.type === 'BlockStatement' || typed.type === 'PartialBlockStatement' ? false : topLevel
    // A block's or a call's path names a helper (if, each, upper), not a field.
    const callsHelper =
      typed.type === 'BlockStatement' ||
      typed.type === 'SubExpression' ||
      (typed.type === 'MustacheStatement' && ((typed.params?.length ?? 0) > 0 || Boolean(typed.hash)))
    for (const [key, child] of Object.entries(node))
      if (key !== 'loc' && !(callsHelper && key === 'path') && typeof child === 'object') visit(child, inside)
  }
  visit(ast, true)
  return { used: [...used], required: [...required] }
}

function partialNames(ast: hbs.AST.Program): string[] {
  const names = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (typeof node !== 'object' || node === null) return
    const typed = node as { type?: string; name?: { original?: unknown } }
    if (
      (typed.type === 'PartialStatement' || typed.type === 'PartialBlockStatement') &&
      typeof typed.name?.original === 'string'
    )
      names.add(typed.name.original)
    for (const [key, child] of Object.entries(node)) if (key !== 'loc' && typeof child === 'object') visit(child)
  }
  visit(ast)
  return [...names]
}

function mapStrings(value: Record<string, unknown>, encode: (v: string) => string): Record<string, unknown> {
  const out = dataObject() // keys come from the recipient list

  for (const [key, v] of Object.entries(value)) {
    out[key] =
      typeof v === 'string'
        ? encode(v)
        : typeof v === 'number' || typeof v === 'boolean'
          ? encode(String(v))
          : v && typeof v === 'object' && !Array.isArray(v)
            ? mapStrings(v as Record<string, unknown>, encode)
            : v
  }
  return out
}

export const internals = { placeholdersIntact, restore, templateFields }
