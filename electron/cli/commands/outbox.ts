import { parseArgs } from 'node:util'
import type { OutboxEntry } from '../../../shared/contract'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'
import { copyStateText } from './imap-options'
import { outboxUsage } from '../usage'

/** `sendsmith outbox list|flush`. */
export async function outboxCommand(args: string[], ctx: CliContext): Promise<number> {
  const [verb, ...rest] = args
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
        `${e.state.padEnd(9)} ${e.createdAt}  ${e.envelope.to.join(', ')}  ${e.subject}${e.lastError ? `  (${e.lastError.message})` : ''}${e.sentCopy ? `  [${copyStateText(e)}]` : ''}\n`,
      )
      // Where recipients differ (some taken, some waiting or uncertain), each one's state.
      const recipients = e.recipients ?? []
      if (new Set(recipients.map((r) => r.state)).size > 1)
        for (const r of recipients)
          ctx.stdout.write(`          ${r.state.padEnd(9)} ${r.address}${r.response ? `  ${r.response}` : ''}\n`)
    }
  return exitCodes.ok
}
