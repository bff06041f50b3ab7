import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { checkNames, type CheckReport, type Finding } from '../../../shared/contract'
import { clientFamilies } from '../../services/templates/checks/client-families'
import { readMergeDataFile, readTemplateFile } from '../../services/templates/template-files'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'
import { templateUsage } from '../usage'

/** `sendsmith template render|check`. */
export async function templateCommand(args: string[], ctx: CliContext): Promise<number> {
  const [verb, ...rest] = args
  if (verb === 'render') return render(rest, ctx)
  if (verb === 'check') return check(rest, ctx)
  throw usageError(verb ? `Unknown template command "${verb}"` : 'Missing template command', templateUsage)
}

async function render(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      row: { type: 'string' },
      out: { type: 'string' },
      'text-out': { type: 'string' },
    },
  })
  const file = onlyFile(positionals)
  const input = await readInput(file, values.data, values.row)
  const result = await ctx.services.templates.render(input)
  for (const w of result.warnings) ctx.stderr.write(`warning: ${file}${w.line ? `:${w.line}` : ''} ${w.message}\n`)
  for (const v of result.missingVariables)
    ctx.stderr.write(
      `warning: ${file}:${v.lines[0] ?? 1} "${v.name}" is not in the merge data${v.lines.length > 1 ? ` (lines ${v.lines.join(', ')})` : ''}\n`,
    )
  if (values.out) await writeFile(values.out, result.html)
  else ctx.stdout.write(result.html.endsWith('\n') ? result.html : `${result.html}\n`)
  if (values['text-out']) await writeFile(values['text-out'], `${result.text}\n`)
  if (values.out)
    ctx.stderr.write(`${file} -> ${values.out} (${formatBytes(result.sizeBytes)}, ${result.timings.total} ms)\n`)
  return exitCodes.ok
}

async function check(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      row: { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'live-links': { type: 'boolean', default: false },
      'allow-host': { type: 'string', multiple: true, default: [] },
    },
  })
  const file = onlyFile(positionals)
  const input = await readInput(file, values.data, values.row)
  const report = await ctx.services.templates.check(input)
  if (values['live-links'])
    report.findings.push(...(await ctx.services.templates.checkLinksLive(input, { allowHosts: values['allow-host'] })))
  if (values.json) ctx.stdout.write(`${JSON.stringify({ file, ...report }, null, 2)}\n`)
  else printReport(ctx.stdout, file, report, values.verbose)
  return report.findings.some((f) => f.severity === 'error') ? exitCodes.failed : exitCodes.ok
}

function onlyFile(positionals: string[]): string {
  if (positionals.length === 0) throw usageError('Give the template file', templateUsage)
  if (positionals.length > 1) throw usageError(`Give one template file, not ${positionals.length}`, templateUsage)
  return positionals[0]
}

async function readInput(file: string, dataFile: string | undefined, rowText: string | undefined) {
  const row = rowText === undefined ? undefined : Number(rowText)
  if (row !== undefined && (!Number.isInteger(row) || row < 1))
    throw usageError(`--row must be a row number from 1, not "${rowText}"`)
  if (row !== undefined && dataFile === undefined)
    throw usageError('--row picks a row of the --data file: give --data too')
  const template = await readTemplateFile(file)
  return { ...template, ...(dataFile !== undefined && (await readMergeDataFile(dataFile, row))) }
}

function printReport(out: NodeJS.WritableStream, file: string, report: CheckReport, verbose: boolean): void {
  const count = (severity: Finding['severity']) => report.findings.filter((f) => f.severity === severity).length
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  out.write(
    `${file}: ${formatBytes(report.sizeBytes)}, ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'note')}\n`,
  )
  const shown = (f: Finding) => verbose || f.severity !== 'info'
  const line = (f: Finding, indent: string) =>
    `${indent}${file}:${f.line}${f.column ? `:${f.column}` : ''}  ${f.severity.padEnd(7)}  ${f.message}\n`
  for (const check of checkNames) {
    const findings = report.findings.filter((f) => f.check === check)
    if (findings.length === 0) continue
    const visible = findings.filter(shown).sort((a, b) => a.line - b.line)
    const hidden = findings.length - visible.length
    out.write(`\n${check}${hidden > 0 ? ` (${plural(hidden, 'note')} not shown; --verbose lists them)` : ''}\n`)
    if (check !== 'compatibility') {
      for (const f of visible) out.write(line(f, '  '))
      continue
    }
    for (const { family, label } of clientFamilies) {
      const mine = visible.filter((v) => v.clientFamily === family)
      if (mine.length === 0) continue
      out.write(`  ${label}\n`)
      for (const f of mine) out.write(line(f, '    '))
    }
    for (const f of visible.filter((v) => v.clientFamily === undefined)) out.write(line(f, '  '))
  }
  out.write('\nClient support (share of the HTML and CSS features used that each client family supports)\n')
  for (const s of report.scores)
    out.write(
      `  ${s.label.padEnd(58)} ${String(s.score).padStart(3)}%  ${s.unsupported} unsupported, ${s.partial} partial\n`,
    )
}

const formatBytes = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`)
