import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { suppressionReasonSchema, type SuppressionReason } from '../../../shared/contract'
import { suppressHardBounces } from '../../services/suppression/hard-bounces'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'
import { suppressUsage } from '../usage'

/** `sendsmith suppress add|remove|list|import|export`: the addresses no merge sends to. */
export async function suppressCommand(args: string[], ctx: CliContext): Promise<number> {
  const [verb, ...rest] = args
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: {
      reason: { type: 'string' },
      note: { type: 'string' },
      'from-run': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  const list = ctx.services.suppression
  const print = (value: object, text: string) =>
    ctx.stdout.write(values.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`)
  switch (verb) {
    case 'add': {
      if (values['from-run'] !== undefined) {
        const { added, updated, addresses } = await suppressHardBounces(
          ctx.services.merge.store,
          list,
          values['from-run'],
        )
        print(
          { added, updated, addresses },
          addresses.length === 0
            ? 'No recipient of that run was refused for good (5xx): nothing added'
            : `${addresses.length} hard bounce${addresses.length === 1 ? '' : 's'} suppressed (${added} new): ${addresses.join(', ')}`,
        )
        return exitCodes.ok
      }
      if (positionals.length === 0) throw usageError('Name the addresses to suppress', suppressUsage)
      const result = await list.add(positionals, reasonOf(values.reason), values.note)
      print(result, `${result.added} added, ${result.updated} already listed (reason updated)`)
      return exitCodes.ok
    }
    case 'remove': {
      if (positionals.length === 0) throw usageError('Name the addresses to take off the list', suppressUsage)
      const result = await list.remove(positionals)
      print(
        result,
        `${result.removed} removed${result.removed < positionals.length ? `, ${positionals.length - result.removed} not listed` : ''}`,
      )
      return exitCodes.ok
    }
    case 'list': {
      const entries = await list.list()
      if (values.json) ctx.stdout.write(`${JSON.stringify(entries, null, 2)}\n`)
      else if (entries.length === 0) ctx.stdout.write('The suppression list is empty.\n')
      else
        for (const e of entries)
          ctx.stdout.write(
            `${e.address.padEnd(40)} ${e.reason.padEnd(12)} ${e.addedAt.slice(0, 10)}${e.note ? `  ${e.note}` : ''}\n`,
          )
      return exitCodes.ok
    }
    case 'import': {
      if (positionals.length !== 1) throw usageError('Name one CSV file to import', suppressUsage)
      const result = await list.importCsv(await readFile(positionals[0], 'utf8'), reasonOf(values.reason))
      print(result, `${result.added} added, ${result.updated} already listed`)
      return exitCodes.ok
    }
    case 'export': {
      const csv = await list.exportCsv()
      if (values.out) await writeFile(values.out, csv)
      else ctx.stdout.write(csv)
      return exitCodes.ok
    }
    default:
      throw usageError(verb ? `Unknown suppress command "${verb}"` : 'Missing suppress command', suppressUsage)
  }
}

function reasonOf(value: string | undefined): SuppressionReason {
  if (value === undefined) return 'manual'
  const parsed = suppressionReasonSchema.safeParse(value)
  if (!parsed.success)
    throw usageError(`--reason must be one of ${suppressionReasonSchema.options.join(', ')}, not "${value}"`)
  return parsed.data
}
