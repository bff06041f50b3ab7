import type { Finding, MissingVariable } from '../../../../shared/contract'
import { LineIndex } from '../source-lines'

const syntaxes = [
  { pattern: /\{\{\{?[^{}]*\}?\}\}/g, name: 'merge field', fill: 'Handlebars' },
  { pattern: /\*\|[^|*\n]{1,100}\|\*/g, name: 'Mailchimp merge tag', fill: 'Mailchimp' },
  { pattern: /\{%[^%]{0,200}%\}/g, name: 'template tag', fill: 'Liquid, Jinja or Django templates' },
]

/**
 * Merge fields: variables the data lacks (errors, from the render), and template syntax left in
 * the final HTML: Handlebars fields when no data was given (warnings), and syntax Sendsmith never
 * fills, such as Mailchimp's *|FNAME|* or Liquid's {% if %} (errors: recipients would see it).
 */
export function checkUnresolvedFields(input: {
  source: string
  finalHtml: string
  merged: boolean
  missingVariables: MissingVariable[]
}): Finding[] {
  const findings: Finding[] = []
  const lines = new LineIndex(input.source)
  for (const variable of input.missingVariables) {
    const [first = 1, ...rest] = variable.lines
    findings.push({
      check: 'merge-fields',
      severity: 'error',
      message: `"${variable.name}" is used but not in the merge data, so it renders empty.${also(rest)}`,
      line: first,
    })
  }
  for (const { pattern, name, fill } of syntaxes) {
    const seen = new Set<string>()
    for (const [token] of input.finalHtml.matchAll(pattern)) {
      if (seen.has(token)) continue
      seen.add(token)
      const found = occurrences(input.source, token).map((o) => lines.lineOf(o))
      const [first = 1, ...rest] = [...new Set(found)]
      const handlebars = fill === 'Handlebars'
      const message = handlebars
        ? input.merged
          ? `The merge field ${token} is still in the final HTML (escaped or not understood by Handlebars).${also(rest)}`
          : `The merge field ${token} is not merged: give merge data (JSON or a CSV row) to fill it.${also(rest)}`
        : `The ${name} ${token} is not resolved: only ${fill} fills it, and Sendsmith sends it as written.${also(rest)}`
      findings.push({
        check: 'merge-fields',
        severity: handlebars && !input.merged ? 'warning' : 'error',
        message,
        line: first,
      })
    }
  }
  return findings.sort((a, b) => a.line - b.line)
}

function occurrences(text: string, token: string): number[] {
  const out: number[] = []
  for (let i = text.indexOf(token); i !== -1 && out.length < 200; i = text.indexOf(token, i + token.length)) out.push(i)
  return out
}

const also = (lines: number[]) =>
  lines.length === 0
    ? ''
    : ` Also on line${lines.length === 1 ? '' : 's'} ${lines.slice(0, 8).join(', ')}${lines.length > 8 ? ` and ${lines.length - 8} more` : ''}.`
