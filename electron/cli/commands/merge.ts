import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import type { MergeLimits, MergeProgress, MergeRunSummary, MergeValidation } from '../../../shared/contract'
import { SendsmithError } from '../../services/errors/app-error'
import type { MergeJob } from '../../services/merge/merge-service'
import { readinessText } from '../../services/merge/readiness'
import { readTemplateFile } from '../../services/templates/template-files'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'
import { mergeReadiness } from './merge-readiness'
import { mergeUsage } from '../usage'
import { ProgressBar } from '../progress-bar'

/** `sendsmith merge`: validate and send a mail merge, or list, resume, cancel and export runs. */
export async function mergeCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      template: { type: 'string' },
      data: { type: 'string' },
      account: { type: 'string' },
      subject: { type: 'string' },
      rate: { type: 'string', multiple: true, default: [] },
      connections: { type: 'string' },
      'per-connection': { type: 'string' },
      'address-column': { type: 'string' },
      'name-column': { type: 'string' },
      field: { type: 'string', multiple: true, default: [] },
      'unsubscribe-url': { type: 'string' },
      'unsubscribe-mailto': { type: 'string' },
      'one-click': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'override-readiness': { type: 'boolean', default: false },
      'dns-server': { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
      'save-sent-copy': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      resume: { type: 'string' },
      'retry-failed': { type: 'string' },
      'resend-uncertain': { type: 'string' },
      cancel: { type: 'string' },
      results: { type: 'string' },
      out: { type: 'string' },
    },
  })
  if (values.list) return listRuns(ctx, values.json)
  if (values.results !== undefined) return exportResults(ctx, values.results, values.out)
  if (values.cancel !== undefined) {
    const summary = await ctx.services.merge.cancel(values.cancel)
    ctx.stdout.write(
      values.json
        ? `${JSON.stringify(summary)}\n`
        : `Run ${summary.runId} is ${summary.state}: ${summary.sent} sent, ${summary.remaining} not sent\n`,
    )
    return exitCodes.ok
  }
  if (values.resume !== undefined) {
    const run = await ctx.services.merge.resume(values.resume)
    return follow(ctx, run, values.json)
  }
  if (values['retry-failed'] !== undefined) {
    const run = await ctx.services.merge.sendAgain(values['retry-failed'], 'failed')
    return follow(ctx, run, values.json)
  }
  if (values['resend-uncertain'] !== undefined) {
    const run = await ctx.services.merge.sendAgain(values['resend-uncertain'], 'uncertain')
    return follow(ctx, run, values.json)
  }

  if (values.template === undefined || values.data === undefined)
    throw usageError('Give --template FILE and --data FILE', mergeUsage)
  const template = await readTemplateFile(values.template)
  const subject = values.subject ?? titleOf(template.source)
  if (subject === undefined) throw usageError(`${values.template} has no <title>: give the subject with --subject`)
  const account =
    values.account === undefined ? ctx.services.accounts.defaultAccount() : ctx.services.accounts.find(values.account)
  const job: MergeJob = {
    accountId: account.id,
    template,
    subject,
    data: { format: dataFormat(values.data), path: values.data },
    mapping: {
      ...(values['address-column'] !== undefined && { addressColumn: values['address-column'] }),
      ...(values['name-column'] !== undefined && { nameColumn: values['name-column'] }),
      fields: Object.fromEntries(values.field.map(fieldMapping)),
    },
    ...((values['unsubscribe-url'] !== undefined || values['unsubscribe-mailto'] !== undefined) && {
      listUnsubscribe: {
        ...(values['unsubscribe-url'] !== undefined && { url: values['unsubscribe-url'] }),
        ...(values['unsubscribe-mailto'] !== undefined && { mailto: values['unsubscribe-mailto'] }),
        oneClick: values['one-click'],
      },
    }),
  }

  // Gmail, Yahoo and Outlook.com reject bulk mail that breaks their rules: say so before sending.
  const readiness = await mergeReadiness(ctx, job, values['dns-server'])
  if (!values.json) ctx.stdout.write(readinessText(readiness))
  if (readiness.blocked && !values['dry-run'] && !values['override-readiness']) {
    if (values.json) ctx.stdout.write(`${JSON.stringify({ event: 'readiness', ...readiness })}\n`)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'readiness',
      message: `Not sent: the merge breaks the bulk-sender rules of ${readiness.providerRecipients} recipient(s)' providers`,
      hint: 'Fix the errors in the readiness report, or give --override-readiness to send anyway.',
    })
  }

  if (values['dry-run']) {
    const dry = await ctx.services.merge.dryRun(job)
    if (values.json)
      ctx.stdout.write(
        `${JSON.stringify({ event: 'dry-run', readiness, ...counts(dry.validation), invalidRows: dry.validation.invalidRows, ...suppressedOf(dry.validation), warnings: dry.validation.warnings, built: dry.built, bytes: dry.bytes, ms: dry.ms })}\n`,
      )
    else {
      reportValidation(ctx, dry.validation)
      ctx.stdout.write(
        `Dry run: ${dry.built} message${dry.built === 1 ? '' : 's'} built (${(dry.bytes / 1024 / 1024).toFixed(1)} MB) in ${dry.ms} ms; nothing was sent.\n`,
      )
    }
    // With --skip-invalid, invalid rows are the ones the real run would leave out: the dry run passes
    // as long as some valid rows remain to be sent.
    const skipped = values['skip-invalid'] && dry.validation.valid > 0
    if (skipped && dry.validation.invalid > 0 && !values.json)
      ctx.stdout.write(`With --skip-invalid, the ${dry.validation.invalid} invalid row(s) would be left out.\n`)
    return dry.validation.invalid > 0 && !skipped ? exitCodes.failed : exitCodes.ok
  }

  const { validation, run } = await ctx.services.merge.create({
    ...job,
    limits: parseRates(values.rate),
    ...(values.connections !== undefined && { connections: positiveInt('--connections', values.connections) }),
    ...(values['per-connection'] !== undefined && {
      messagesPerConnection: positiveInt('--per-connection', values['per-connection']),
    }),
    skipInvalid: values['skip-invalid'],
    saveSentCopy: values['save-sent-copy'],
  })
  if (!run) {
    if (values.json)
      ctx.stdout.write(
        `${JSON.stringify({ event: 'invalid', ...counts(validation), invalidRows: validation.invalidRows })}\n`,
      )
    else reportValidation(ctx, validation)
    throw usageError(
      `${validation.invalid} of ${validation.total} rows are invalid, so nothing was sent`,
      'Fix those rows, or give --skip-invalid to send to the others.',
    )
  }
  if (values.json)
    ctx.stdout.write(
      `${JSON.stringify({ event: 'run', runId: run.runId, ...counts(validation), ...suppressedOf(validation) })}\n`,
    )
  else {
    if (validation.invalid > 0 || validation.suppressed) reportValidation(ctx, validation)
    ctx.stdout.write(
      `Run ${run.runId}: sending ${validation.valid} message${validation.valid === 1 ? '' : 's'}${validation.invalid > 0 ? ` (${validation.invalid} invalid rows skipped)` : ''}${validation.suppressed ? ` (${validation.suppressed} suppressed rows skipped)` : ''}\n`,
    )
  }
  return follow(ctx, run, values.json)
}

/** Reports progress until the run ends; Ctrl-C stops it so that --resume can continue it. */
async function follow(ctx: CliContext, run: MergeRunSummary, json: boolean): Promise<number> {
  const merge = ctx.services.merge
  const onSignal = () => merge.interrupt(run.runId, 'Stopped by Ctrl-C')
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  // --json: a progress line on stdout every second; on a terminal: a bar redrawn on stderr;
  // otherwise (piped, redirected, cron) nothing until the result.
  const bar = json ? undefined : new ProgressBar(ctx.stderr)
  const timer =
    json || bar?.enabled
      ? setInterval(
          () => {
            const progress = merge.progress(run.runId)
            if (progress) writeProgress(ctx, progress, bar)
          },
          json ? 1000 : 250,
        )
      : undefined
  let final: MergeRunSummary
  try {
    final = await merge.wait(run.runId)
  } finally {
    clearInterval(timer)
    bar?.clear()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  const ok = final.state === 'done' && final.failed === 0 && final.uncertain === 0
  if (json) ctx.stdout.write(`${JSON.stringify({ event: 'result', ok, ...final })}\n`)
  else {
    ctx.stdout.write(
      `Run ${final.runId} ${final.state}: ${final.sent} sent, ${final.failed} failed, ${final.uncertain} may have been delivered, ${final.skipped} skipped, ${final.remaining} not sent\n`,
    )
    if (final.error)
      ctx.stderr.write(`sendsmith: ${final.error.message}\n${final.error.hint ? `  hint: ${final.error.hint}\n` : ''}`)
    if (final.uncertain > 0)
      ctx.stderr.write(
        `  ${final.uncertain} message(s) lost their connection after the final ".": check before sending them again (they are marked "uncertain" in the results).\n`,
      )
    const copies = final.sentCopies
    if (copies) {
      ctx.stdout.write(
        `Copies in Sent: ${copies.saved} saved${copies.waiting > 0 ? `, ${copies.waiting} waiting for the IMAP server` : ''}${copies.failed > 0 ? `, ${copies.failed} failed` : ''}\n`,
      )
      if (copies.waiting > 0)
        ctx.stderr.write(`  Save the waiting copies once IMAP is back: sendsmith merge --resume ${final.runId}\n`)
    }
    ctx.stdout.write(`Results: sendsmith merge --results ${final.runId} --out results.csv\n`)
  }
  if (final.state === 'interrupted') return exitCodes.tempFail
  return ok ? exitCodes.ok : exitCodes.failed
}

function writeProgress(ctx: CliContext, p: MergeProgress, bar: ProgressBar | undefined): void {
  if (!bar) {
    ctx.stdout.write(`${JSON.stringify({ event: 'progress', ...p })}\n`)
    return
  }
  bar.update({
    done: p.sent + p.failed + p.uncertain,
    total: p.total - p.skipped,
    ratePerSecond: p.ratePerSecond,
    ...(p.etaSeconds !== null && { etaSeconds: p.etaSeconds }),
    note: [p.failed > 0 ? `${p.failed} failed` : '', p.state === 'sending' ? '' : p.state].filter(Boolean).join(', '),
  })
}

async function listRuns(ctx: CliContext, json: boolean): Promise<number> {
  const runs = await ctx.services.merge.list()
  if (json) {
    ctx.stdout.write(`${JSON.stringify(runs)}\n`)
    return exitCodes.ok
  }
  if (runs.length === 0) ctx.stdout.write('No merge runs yet.\n')
  for (const r of runs)
    ctx.stdout.write(
      `${r.runId}  ${r.createdAt}  ${r.state.padEnd(11)}  ${r.sent}/${r.total - r.skipped} sent, ${r.failed} failed, ${r.uncertain} uncertain${copiesText(r)}  ${r.subject}\n`,
    )
  return exitCodes.ok
}

/** ", 3 copies in Sent (1 waiting)" for a run that saves them. */
function copiesText(run: MergeRunSummary): string {
  const c = run.sentCopies
  if (!c) return ''
  const more = [c.waiting > 0 && `${c.waiting} waiting`, c.failed > 0 && `${c.failed} failed`].filter(Boolean)
  return `, ${c.saved} copies in Sent${more.length > 0 ? ` (${more.join(', ')})` : ''}`
}

async function exportResults(ctx: CliContext, runId: string, out: string | undefined): Promise<number> {
  const target = out !== undefined ? createWriteStream(out) : ctx.stdout
  for await (const line of ctx.services.merge.resultLines(runId)) {
    if (!target.write(line)) await once(target, 'drain')
  }
  if (out !== undefined) {
    const file = target as ReturnType<typeof createWriteStream>
    await new Promise<void>((resolve, reject) =>
      file.end((error?: Error | null) => (error ? reject(error) : resolve())),
    )
    ctx.stderr.write(`Results written to ${out}\n`)
  }
  return exitCodes.ok
}

function reportValidation(ctx: CliContext, v: MergeValidation): void {
  ctx.stdout.write(
    `${v.total} row${v.total === 1 ? '' : 's'}: ${v.valid} valid, ${v.invalid} invalid (address column "${v.addressColumn}"${v.requiredFields.length > 0 ? `, required: ${v.requiredFields.join(', ')}` : ''})\n`,
  )
  for (const w of v.warnings) ctx.stderr.write(`warning: ${w}\n`)
  for (const r of v.invalidRows) ctx.stdout.write(`  row ${r.row}: ${r.problems.join('; ')}\n`)
  if (v.invalid > v.invalidRows.length) ctx.stdout.write(`  ... and ${v.invalid - v.invalidRows.length} more\n`)
  if (v.suppressed) ctx.stdout.write(`${v.suppressed} row${v.suppressed === 1 ? '' : 's'} skipped, never sent:\n`)
  for (const r of v.suppressedRows ?? [])
    ctx.stdout.write(`  row ${r.row}: ${r.address} skipped (${r.problems.join('; ')})\n`)
}

const counts = (v: MergeValidation) => ({
  total: v.total,
  valid: v.valid,
  invalid: v.invalid,
  ...(v.suppressed !== undefined && { suppressed: v.suppressed }),
})
const suppressedOf = (v: MergeValidation) => (v.suppressedRows ? { suppressedRows: v.suppressedRows } : {})

function dataFormat(path: string): 'csv' | 'json' {
  const extension = extname(path).toLowerCase()
  if (extension === '.csv') return 'csv'
  if (extension === '.json') return 'json'
  throw usageError(`${path}: the recipient list must be a .csv or .json file`)
}

/** `--rate 20/s`, `300/m`, `1000/h` (also `/sec`, `/min`, `/hour`). */
export function parseRates(rates: string[]): MergeLimits {
  const limits: MergeLimits = {}
  for (const rate of rates) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(s|sec|second|m|min|minute|h|hr|hour)\s*$/i.exec(rate)
    if (!match || Number(match[1]) <= 0) throw usageError(`--rate "${rate}" must look like 20/s, 300/m or 1000/h`)
    const unit = match[2][0].toLowerCase()
    limits[unit === 's' ? 'perSecond' : unit === 'm' ? 'perMinute' : 'perHour'] = Number(match[1])
  }
  return limits
}

function fieldMapping(text: string): [string, string] {
  const eq = text.indexOf('=')
  if (eq <= 0 || eq === text.length - 1) throw usageError(`--field "${text}" must look like NAME=COLUMN`)
  return [text.slice(0, eq).trim(), text.slice(eq + 1).trim()]
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) throw usageError(`${flag} must be a whole number from 1, not "${text}"`)
  return n
}

/** The template's own title (<title> or MJML's <mj-title>) as the default subject. */
function titleOf(source: string): string | undefined {
  const match = /<(?:mj-)?title[^>]*>([\s\S]*?)<\/(?:mj-)?title>/i.exec(source)
  const title = match?.[1].replace(/\s+/g, ' ').trim()
  return title ? title : undefined
}
