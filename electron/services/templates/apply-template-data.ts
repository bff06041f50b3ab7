import Handlebars from 'handlebars'
import type { MissingVariable, PipelineWarning } from '../../../shared/contract'

interface PathUse {
  parts: string[]
  line: number
}

// Properties Handlebars itself probes on values (escapeExpression asks for toHTML): not variables.
const probedByHandlebars = new Set(['toHTML', 'toJSON', 'then'])

/**
 * Merges data into a template with Handlebars. Nothing missing throws: variables the data lacks
 * render empty and are listed with the lines that use them, missing helpers and partials render
 * empty with a warning, and a template Handlebars cannot parse is returned unmerged with a warning.
 */
export function applyTemplateData(
  source: string,
  data: unknown,
): { output: string; missingVariables: MissingVariable[]; warnings: PipelineWarning[] } {
  const warnings: PipelineWarning[] = []
  let ast: hbs.AST.Program
  try {
    ast = Handlebars.parse(source)
  } catch (error) {
    const message = (error as Error).message
    const line = /on line (\d+)/.exec(message)?.[1]
    warnings.push({
      stage: 'merge',
      message: `Handlebars cannot read the template, so nothing was merged: ${message.split('\n')[0]}`,
      ...(line && { line: Number(line) }),
    })
    return { output: source, missingVariables: [], warnings }
  }
  const uses: PathUse[] = []
  const partials = new Map<string, number>()
  collect(ast, uses, partials)

  const handlebars = Handlebars.create()
  for (const [name, line] of partials) {
    handlebars.registerPartial(name, '')
    warnings.push({ stage: 'merge', message: `The partial "${name}" is not available here; it renders empty`, line })
  }
  const missingHelpers = new Map<string, number>()
  handlebars.registerHelper('helperMissing', function (...args: unknown[]) {
    const options = args[args.length - 1] as { name: string; loc?: { start: { line: number } } }
    // Called with no arguments for a plain {{name}} the data lacks: the data proxy reports those.
    if (args.length > 1 && !missingHelpers.has(options.name))
      missingHelpers.set(options.name, options.loc?.start.line ?? 1)
    return ''
  })

  const missingPaths = new Set<string>()
  let output: string
  try {
    output = handlebars.compile(source, { preventIndent: true })(watch(data, [], missingPaths))
  } catch (error) {
    warnings.push({
      stage: 'merge',
      message: `Merging failed, so nothing was merged: ${(error as Error).message.split('\n')[0]}`,
    })
    return { output: source, missingVariables: [], warnings }
  }
  for (const [name, line] of missingHelpers)
    warnings.push({ stage: 'merge', message: `The helper "${name}" is not available here; it renders empty`, line })
  const missingVariables = [...missingPaths].map((name) => ({ name, lines: linesUsing(name, uses) }))
  return { output, missingVariables: missingVariables.sort((a, b) => (a.lines[0] ?? 0) - (b.lines[0] ?? 0)), warnings }
}

/** Wraps the data so every property the template asks for and the data lacks is recorded. */
function watch(value: unknown, path: string[], missing: Set<string>, seen = new WeakMap<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null) return value
  const cached = seen.get(value)
  if (cached) return cached
  const isArray = Array.isArray(value)
  const proxy = new Proxy(value, {
    get(target, property, receiver) {
      const result = Reflect.get(target, property, receiver)
      if (typeof property === 'symbol') return result
      if (result === undefined && !(property in target)) {
        if (!probedByHandlebars.has(property)) missing.add([...path, property].join('.').replace(/\.\[\]/g, '[]'))
        return undefined
      }
      return watch(result, isArray && /^\d+$/.test(property) ? [...path, '[]'] : [...path, property], missing, seen)
    },
  })
  seen.set(value, proxy)
  return proxy
}

/** Every line where the template uses a missing data path, best match first. */
function linesUsing(name: string, uses: PathUse[]): number[] {
  const segments = name.split(/\.|\[\]/).filter((s) => s !== '')
  const endsWith = (parts: string[]) =>
    parts.length > 0 &&
    parts.length <= segments.length &&
    parts.every((p, i) => p === segments[segments.length - parts.length + i])
  let found = uses.filter((u) => endsWith(u.parts))
  if (found.length === 0) found = uses.filter((u) => u.parts.includes(segments[segments.length - 1]))
  return [...new Set(found.map((u) => u.line))].sort((a, b) => a - b)
}

/** Walks the Handlebars syntax tree for variable uses and partial names, with their lines. */
function collect(node: unknown, uses: PathUse[], partials: Map<string, number>): void {
  if (Array.isArray(node)) {
    for (const child of node) collect(child, uses, partials)
    return
  }
  if (typeof node !== 'object' || node === null) return
  const typed = node as {
    type?: string
    parts?: string[]
    loc?: { start: { line: number } }
    name?: { original?: unknown }
  }
  if (typed.type === 'PathExpression' && typed.parts)
    uses.push({ parts: typed.parts, line: typed.loc?.start.line ?? 1 })
  if (
    (typed.type === 'PartialStatement' || typed.type === 'PartialBlockStatement') &&
    typeof typed.name?.original === 'string' &&
    !partials.has(typed.name.original)
  ) {
    partials.set(typed.name.original, typed.loc?.start.line ?? 1)
  }
  for (const [key, child] of Object.entries(node))
    if (key !== 'loc' && typeof child === 'object') collect(child, uses, partials)
}
