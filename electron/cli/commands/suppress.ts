import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { suppressionReasonSchema, type SuppressionReason } from '../../../shared/contract'
import { suppressHardBounces } from '../../services/merge/hard-bounces'
import { suppressionKey } from '../../services/suppression/suppression-list'
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
      account: { type: 'string' },
      'all-accounts': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  })
  const list = ctx.services.suppression
  const { accounts } = ctx.services
  if (values.account !== undefined && values['all-accounts'])
    throw usageError('Give --account NAME or --all-accounts, not both', suppressUsage)
  if (values['from-run'] !== undefined && (values.account !== undefined || values['all-accounts']))
    throw usageError(
      "--from-run suppresses for the run's account; leave out --account and --all-accounts",
      suppressUsage,
    )
  /** add, remove and import: the named account, every account with --all-accounts, else the default account. */
  const scope = (): { accountId?: string; label: string } => {
    if (values['all-accounts']) return { label: 'for every account' }
    if (values.account === undefined && accounts.list().length === 0)
      throw usageError('There is no account yet: add one, or give --all-accounts', suppressUsage)
    const account = values.account !== undefined ? accounts.find(values.account) : accounts.defaultAccount()
    return { accountId: account.id, label: `for ${account.name}` }
  }
  /** list and export: every entry, or with --account those that account's merges skip. */
  const appliesTo = () => (values.account !== undefined ? accounts.find(values.account).id : undefined)
  const scopeName = (accountId: string | undefined) =>
    accountId === undefined
      ? 'all accounts'
      : (accounts.list().find((a) => a.id === accountId)?.name ?? `removed account ${accountId.slice(0, 8)}`)
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
      const { accountId, label } = scope()
      const result = await list.add(positionals, reasonOf(values.reason), values.note, accountId)
      print(
        { ...result, accountId: accountId ?? null },
        `${result.added} added ${label}, ${result.updated} already listed (reason updated)`,
      )
      return exitCodes.ok
    }
    case 'remove': {
      if (positionals.length === 0) throw usageError('Name the addresses to take off the list', suppressUsage)
      const { accountId, label } = scope()
      const result = await list.remove(positionals, accountId)
      // Not listed in this scope but in another: say where, so the user can remove it there.
      const elsewhere =
        result.removed < positionals.length
          ? (await list.list()).filter(
              (e) => e.accountId !== accountId && positionals.some((p) => suppressionKey(p) === e.address),
            )
          : []
      print(
        { ...result, accountId: accountId ?? null },
        `${result.removed} removed ${label}${result.removed < positionals.length ? `, ${positionals.length - result.removed} not listed there` : ''}${elsewhere.map((e) => `\nnote: ${e.address} is still listed for ${scopeName(e.accountId)}${e.accountId === undefined ? ' (remove it with --all-accounts)' : ''}`).join('')}`,
      )
      return exitCodes.ok
    }
    case 'list': {
      const entries = await list.list(appliesTo())
      if (values.json)
        ctx.stdout.write(
          `${JSON.stringify(
            entries.map((e) => ({ ...e, account: e.accountId === undefined ? null : scopeName(e.accountId) })),
            null,
            2,
          )}\n`,
        )
      else if (entries.length === 0) ctx.stdout.write('The suppression list is empty.\n')
      else
        for (const e of entries)
          ctx.stdout.write(
            `${e.address.padEnd(40)} ${scopeName(e.accountId).padEnd(16)} ${e.reason.padEnd(12)} ${e.addedAt.slice(0, 10)}${e.note ? `  ${e.note}` : ''}\n`,
          )
      return exitCodes.ok
    }
    case 'import': {
      if (positionals.length !== 1) throw usageError('Name one CSV file to import', suppressUsage)
      const { accountId, label } = scope()
      const result = await list.importCsv(await readFile(positionals[0], 'utf8'), reasonOf(values.reason), accountId)
      print(
        { ...result, accountId: accountId ?? null },
        `${result.added} added ${label}, ${result.updated} already listed`,
      )
      return exitCodes.ok
    }
    case 'export': {
      const csv = await list.exportCsv(appliesTo(), scopeName)
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
