import { parseArgs } from 'node:util'
import type { OutboxEntry } from '../../../shared/contract'
import { SendsmithError } from '../../services/errors/app-error'
import type { CliContext } from '../cli-context'
import { exitCodes, printError, usageError } from '../cli-errors'
import { copyStateText } from './imap-options'
import { outboxUsage } from '../usage'

/** `sendsmith outbox list|flush|resend|remove`. */
export async function outboxCommand(args: string[], ctx: CliContext): Promise<number> {
  const [verb, ...rest] = args
  if (verb === 'resend') return resendEntry(rest, ctx)
  if (verb === 'remove') return removeEntry(rest, ctx)
  if (verb === 'retry-copy') return retryCopy(rest, ctx)
  const { values } = parseArgs({ args: rest, strict: true, options: { json: { type: 'boolean', default: false } } })
  if (verb === 'list') {
    // A sent message whose copy in Sent is still to be saved is unfinished outgoing work too.
    const copies = (await ctx.services.outbox.sent()).filter((e) =>
      ['waiting', 'failed'].includes(e.sentCopy?.state ?? ''),
    )
    const code = printEntries(
      ctx,
      [...(await ctx.services.outbox.list()), ...copies],
      values.json,
      'The outbox is empty.',
    )
    const aside = await ctx.services.outbox.quarantined()
    if (aside.length > 0)
      ctx.stderr.write(
        `sendsmith: ${aside.length} unreadable outbox file(s) were moved aside to ${ctx.services.outbox.quarantineDir}: ${aside.join(', ')}\n`,
      )
    return code
  }
  if (verb === 'flush') {
    await ctx.services.outbox.recover()
    const results = await ctx.services.outbox.flush({ force: true })
    await ctx.services.imap.copier.flush({ force: true })
    if (values.json) ctx.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
    else
      for (const e of results)
        ctx.stdout.write(`${e.state.padEnd(9)} ${e.subject}${e.lastError ? ` — ${e.lastError.message}` : ''}\n`)
    if (results.some((e) => e.state === 'retrying' && e.lastError?.code === 'KEYCHAIN_UNAVAILABLE'))
      ctx.stderr.write(
        'sendsmith: the keyring is locked or not running: unlock your keyring, then `sendsmith outbox flush`.\n',
      )
    return results.every((e) => e.state === 'sent')
      ? exitCodes.ok
      : results.some((e) => e.state === 'retrying')
        ? exitCodes.tempFail
        : exitCodes.failed
  }
  throw usageError(verb ? `Unknown outbox command "${verb}"` : 'Missing outbox command', outboxUsage)
}

/**
 * `sendsmith outbox resend ID`: a failed or maybe-delivered message is queued again for the
 * recipients that do not have it (never those the server took); a waiting one is simply tried now.
 */
async function resendEntry(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  })
  const outbox = ctx.services.outbox
  const entry = await findEntry(ctx, positionals, 'resend')
  if (entry.state === 'sending')
    throw usageError(`${entry.id.slice(0, 8)} is being sent right now`, 'See how it ends with: sendsmith outbox list')
  if (entry.state === 'failed' || entry.state === 'uncertain') await outbox.resend(entry.id)
  const after = (await outbox.attempt(entry.id)) ?? entry
  if (values.json) ctx.stdout.write(`${JSON.stringify(after, null, 2)}\n`)
  else {
    const to = (after.recipients ?? []).filter((r) => r.state === 'accepted').map((r) => r.address)
    ctx.stdout.write(
      after.state === 'sent'
        ? `Sent ${after.id.slice(0, 8)} (${after.subject}); the server took it for ${to.join(', ') || 'nobody'}\n`
        : `${after.id.slice(0, 8)} is ${after.state}: ${after.subject}\n`,
    )
  }
  if (after.state === 'sent') return exitCodes.ok
  if (after.lastError && !values.json) printError(ctx.stderr, after.lastError)
  return after.state === 'retrying' || after.state === 'queued' ? exitCodes.tempFail : exitCodes.failed
}

/** `sendsmith outbox remove ID`: takes a message out of the outbox unsent (not while it is being sent). */
async function removeEntry(args: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} })
  const entry = await findEntry(ctx, positionals, 'remove')
  if (!(await ctx.services.outbox.cancel(entry.id)))
    throw usageError(
      `${entry.id.slice(0, 8)} is being sent right now, so it cannot be taken back`,
      'See how it ends with: sendsmith outbox list',
    )
  ctx.stdout.write(`Removed ${entry.id.slice(0, 8)} from the outbox unsent: ${entry.subject}\n`)
  return exitCodes.ok
}

/**
 * `sendsmith outbox retry-copy ID`: the "Retry now" of a sent message's copy in Sent that waits or
 * failed (after fixing the cause): one attempt at once, never a second copy.
 */
async function retryCopy(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  })
  if (positionals.length !== 1) throw usageError('Name one sent message by its id', outboxUsage)
  const key = positionals[0].trim().toLowerCase()
  const pending = (await ctx.services.outbox.sent()).filter(
    (e) =>
      (e.sentCopy?.state === 'waiting' || e.sentCopy?.state === 'failed') && key.length >= 4 && e.id.startsWith(key),
  )
  if (pending.length > 1)
    throw usageError(`"${positionals[0]}" names more than one message`, 'Give more characters of the id.')
  if (pending.length === 0)
    throw new SendsmithError({
      code: 'NOT_FOUND',
      field: 'id',
      message: `No sent message with the id "${positionals[0]}" has a copy waiting or failed`,
      hint: 'See them with: sendsmith outbox list',
    })
  const after = (await ctx.services.imap.copier.retryNow(pending[0].id)) ?? pending[0]
  if (values.json) ctx.stdout.write(`${JSON.stringify(after, null, 2)}\n`)
  else ctx.stdout.write(`${after.id.slice(0, 8)}  ${after.subject}  [${copyStateText(after)}]\n`)
  const state = after.sentCopy?.state
  return state === 'saved' ? exitCodes.ok : state === 'waiting' ? exitCodes.tempFail : exitCodes.failed
}

/** The outbox entry named by its full id or its first characters (at least 4, naming one entry). */
async function findEntry(ctx: CliContext, positionals: string[], verb: string): Promise<OutboxEntry> {
  if (positionals.length !== 1) throw usageError(`Name one message to ${verb} by its id`, outboxUsage)
  const key = positionals[0].trim().toLowerCase()
  const matches = key.length >= 4 ? (await ctx.services.outbox.list()).filter((e) => e.id.startsWith(key)) : []
  if (matches.length === 1) return matches[0]
  if (matches.length > 1)
    throw usageError(`"${positionals[0]}" names more than one message`, 'Give more characters of the id.')
  throw new SendsmithError({
    code: 'NOT_FOUND',
    field: 'id',
    message: `No message in the outbox has the id "${positionals[0]}"`,
    hint: 'See the ids with: sendsmith outbox list',
  })
}

/** `sendsmith sent list`. */
export async function sentCommand(args: string[], ctx: CliContext): Promise<number> {
  const [verb, ...rest] = args
  if (verb !== 'list') throw usageError(verb ? `Unknown sent command "${verb}"` : 'Missing sent command', outboxUsage)
  const { values } = parseArgs({ args: rest, strict: true, options: { json: { type: 'boolean', default: false } } })
  return printEntries(ctx, await ctx.services.outbox.sent(), values.json, 'Nothing sent yet.')
}

function printEntries(ctx: CliContext, entries: OutboxEntry[], json: boolean, empty: string): number {
  if (json) ctx.stdout.write(`${JSON.stringify(entries, null, 2)}\n`)
  else if (entries.length === 0) ctx.stdout.write(`${empty}\n`)
  else
    for (const e of entries) {
      ctx.stdout.write(
        `${e.id.slice(0, 8)}  ${e.state.padEnd(9)} ${e.createdAt}  ${e.envelope.to.join(', ')}  ${e.subject}${e.lastError ? `  (${e.lastError.message})` : ''}${e.sentCopy ? `  [${copyStateText(e)}]` : ''}\n`,
      )
      // Where recipients differ (some taken, some waiting or uncertain), each one's state.
      const recipients = e.recipients ?? []
      if (new Set(recipients.map((r) => r.state)).size > 1)
        for (const r of recipients)
          ctx.stdout.write(
            `                    ${r.state.padEnd(9)} ${r.address}${r.response ? `  ${r.response}` : ''}\n`,
          )
    }
  return exitCodes.ok
}
