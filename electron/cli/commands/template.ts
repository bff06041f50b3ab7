import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import {
  checkNames,
  emailClientIds,
  emailClientSchema,
  snapshotEngineSchema,
  type CheckReport,
  type ClientView,
  type EmailClient,
  type Finding,
  type SnapshotEngine,
} from '../../../shared/contract'
import { clientFamilies } from '../../services/templates/checks/client-families'
import { clientViewDisclaimer, emailClients } from '../../services/templates/client-filter/email-clients'
import { filterForClient } from '../../services/templates/client-filter/filter-for-client'
import { readMergeDataFile, readTemplateFile } from '../../services/templates/template-files'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'
import { templateUsage } from '../usage'

/** `sendsmith template render|check`. */
export async function templateCommand(args: string[], ctx: CliContext): Promise<number> {
  const [verb, ...rest] = args
  if (verb === 'render') return render(rest, ctx)
  if (verb === 'check') return check(rest, ctx)
  if (verb === 'clients') return clients(rest, ctx)
  if (verb === 'snapshot') return snapshot(rest, ctx)
  if (verb === 'diff') return diff(rest, ctx)
  throw usageError(verb ? `Unknown template command "${verb}"` : 'Missing template command', templateUsage)
}

async function render(args: string[], ctx: CliContext): Promise<number> {
  const { values, file } = parseFileCommand(args, {
    ...mergeDataOptions,
    out: { type: 'string' },
    'text-out': { type: 'string' },
    as: { type: 'string' },
    'images-on': { type: 'boolean', default: false },
  })
  const client = parseClient(values.as)
  if (values['images-on'] && !client) throw usageError('--images-on goes with --as CLIENT')
  const input = await readInput(file, values.data, values.row)
  const rendered = await ctx.services.templates.render(input)
  const view = client ? filterForClient(rendered.html, client, { imagesOn: values['images-on'] }) : undefined
  const result = view ? { ...rendered, html: view.html, sizeBytes: Buffer.byteLength(view.html) } : rendered
  if (view) printClientView(ctx.stderr, view)
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
  const { values, file } = parseFileCommand(args, {
    ...mergeDataOptions,
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    'live-links': { type: 'boolean', default: false },
    'allow-host': { type: 'string', multiple: true, default: [] },
  })
  const input = await readInput(file, values.data, values.row)
  const report = await ctx.services.templates.check(input)
  if (values['live-links'])
    report.findings.push(...(await ctx.services.templates.checkLinksLive(input, { allowHosts: values['allow-host'] })))
  if (values.json) ctx.stdout.write(`${JSON.stringify({ file, ...report }, null, 2)}\n`)
  else printReport(ctx.stdout, file, report, values.verbose)
  return report.findings.some((f) => f.severity === 'error') ? exitCodes.failed : exitCodes.ok
}

async function clients(args: string[], ctx: CliContext): Promise<number> {
  parseArgs({ args, strict: true, options: {} })
  for (const c of emailClients)
    ctx.stdout.write(
      `${c.id.padEnd(16)} ${c.label.padEnd(22)} ${c.blocksRemoteImages ? 'images off by default' : 'images shown'}${c.clipsAtBytes ? `, clips at ${c.clipsAtBytes / 1024} KB` : ''}\n`,
    )
  ctx.stdout.write(`\n${clientViewDisclaimer}\n`)
  return exitCodes.ok
}

async function snapshot(args: string[], ctx: CliContext): Promise<number> {
  const { values, file } = parseFileCommand(args, {
    ...mergeDataOptions,
    ...drawingOptions,
    width: { type: 'string' },
    out: { type: 'string' },
  })
  if (!values.out) throw usageError('Give the PNG file to write: --out FILE.png', templateUsage)
  const options = {
    width: parseWidth(values.width ?? '600'),
    dark: values.dark,
    engine: parseEngine(values.engine),
    ...(values.as !== undefined && { client: parseClient(values.as) }),
  }
  const input = await readInput(file, values.data, values.row)
  const shot = await ctx.services.snapshots.snapshot(input, options, values.browser)
  await writeFile(values.out, Buffer.from(shot.pngBase64, 'base64'))
  ctx.stderr.write(
    `${file} -> ${values.out} (${shot.engine}, ${shot.width}×${shot.height} px${options.dark ? ', dark' : ''}${options.client ? `, as ${options.client}` : ''}, ${shot.ms} ms)\n`,
  )
  return exitCodes.ok
}

async function diff(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      ...drawingOptions,
      width: { type: 'string', multiple: true },
      threshold: { type: 'string' },
      out: { type: 'string' },
    },
  })
  if (positionals.length !== 2) throw usageError('Give two template files to compare: A B', templateUsage)
  if (!values.out) throw usageError('Give the folder for the images: --out DIR', templateUsage)
  const threshold = values.threshold === undefined ? 0 : Number(values.threshold.replace(/%$/, ''))
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100)
    throw usageError(`--threshold is a percentage from 0 to 100, not "${values.threshold}"`)
  const widths = (values.width ?? ['600']).map(parseWidth)
  const engine = parseEngine(values.engine)
  const client = values.as !== undefined ? parseClient(values.as) : undefined
  const [a, b] = positionals
  const before = await readTemplateFile(a)
  const after = await readTemplateFile(b)
  await mkdir(values.out, { recursive: true })
  let over = 0
  for (const width of widths) {
    const result = await ctx.services.snapshots.diff(
      before,
      after,
      { width, engine, dark: values.dark, ...(client && { client }) },
      values.browser,
    )
    const name = (what: string) => join(values.out!, `${what}-${width}.png`)
    await writeFile(name('before'), result.beforePng)
    await writeFile(name('after'), result.afterPng)
    await writeFile(name('diff'), result.diffPng)
    const beyond = result.changedPercent > threshold
    if (beyond) over++
    ctx.stdout.write(
      `${String(width).padStart(5)} px  ${result.changedPercent.toFixed(3).padStart(8)} % changed (${result.changedPixels} of ${result.totalPixels} pixels)  ${beyond ? `over the ${threshold} % threshold` : 'ok'}  ${name('diff')}\n`,
    )
  }
  return over > 0 ? exitCodes.failed : exitCodes.ok
}

function parseClient(value: string | undefined): EmailClient | undefined {
  if (value === undefined) return undefined
  const parsed = emailClientSchema.safeParse(value)
  if (!parsed.success)
    throw usageError(`--as: unknown client "${value}"`, `Known clients: ${emailClientIds.join(', ')}`)
  return parsed.data
}

function parseEngine(value: string | undefined): SnapshotEngine {
  const parsed = snapshotEngineSchema.safeParse(value ?? 'chromium')
  if (!parsed.success) throw usageError(`--engine is chromium, gecko or webkit, not "${value}"`)
  return parsed.data
}

function parseWidth(value: string): number {
  const width = Number(value.replace(/px$/, ''))
  if (!Number.isInteger(width) || width < 200 || width > 2400)
    throw usageError(`--width is a number of CSS pixels from 200 to 2400, not "${value}"`)
  return width
}

function printClientView(out: NodeJS.WritableStream, view: ClientView): void {
  out.write(`As ${view.label}: ${view.disclaimer}\n`)
  for (const r of view.removed) out.write(`  removed: ${r.what}${r.count > 1 ? ` (${r.count}×)` : ''}\n`)
  if (view.imagesBlocked > 0)
    out.write(`  ${view.imagesBlocked} remote image(s) shown as alt text: this client blocks images by default\n`)
  if (view.clippedAtBytes !== null) out.write(`  clipped at ${view.clippedAtBytes / 1024} KB ("[Message clipped]")\n`)
}

/** What render, check and snapshot take: the merge data file and the row of it to merge. */
const mergeDataOptions = { data: { type: 'string' }, row: { type: 'string' } } as const

/** What snapshot and diff take: dark mode, a client's view, the engine and the browser binary. */
const drawingOptions = {
  dark: { type: 'boolean', default: false },
  as: { type: 'string' },
  engine: { type: 'string' },
  browser: { type: 'string' },
} as const

/** A command on one template file: its options parsed strictly, and the file. */
function parseFileCommand<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options })
  return { values, file: onlyFile(positionals) }
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
