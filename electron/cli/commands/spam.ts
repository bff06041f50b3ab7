import { readFile, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import type { Account, SpamReport } from '../../../shared/contract'
import { SendsmithError } from '../../services/errors/app-error'
import { MergeMessageBuilder } from '../../services/merge/merge-message'
import { defaultSpamdPort, spamdMessageLimit } from '../../services/spam/spamd-client'
import { readTemplateFile } from '../../services/templates/template-files'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'
import { spamUsage } from '../usage'

/** `sendsmith spam check FILE`: SpamAssassin's score from the user's spamd. */
export async function spamCommand(args: string[], ctx: CliContext): Promise<number> {
  const [verb, ...rest] = args
  if (verb !== 'check') throw usageError(verb ? `Unknown spam command "${verb}"` : 'Missing spam command', spamUsage)
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: {
      spamd: { type: 'string' },
      account: { type: 'string' },
      subject: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (positionals.length !== 1) throw usageError('Name one file: sendsmith spam check message.eml', spamUsage)
  const file = positionals[0]
  const raw = extname(file).toLowerCase() === '.eml' ? await readEml(file) : await templateAsSent(file, values, ctx)
  // Like spamc: the setting, else a spamd on this machine's default port.
  const spamd = values.spamd ?? ctx.services.spam.spamd() ?? `127.0.0.1:${defaultSpamdPort}`
  const report = await ctx.services.spam.check(raw, spamd)
  ctx.stdout.write(values.json ? `${JSON.stringify({ file, ...report }, null, 2)}\n` : readable(file, report))
  return report.isSpam ? exitCodes.failed : exitCodes.ok
}

async function readEml(file: string): Promise<Buffer> {
  const info = await stat(file).catch((error: unknown) => {
    throw new SendsmithError(
      { code: 'NOT_FOUND', field: 'file', message: `${file} does not exist`, hint: 'Give the path of an .eml file.' },
      { cause: error },
    )
  })
  if (info.size > spamdMessageLimit)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'file',
      message: `${file} is larger than ${spamdMessageLimit / 1024 / 1024} MB`,
    })
  return readFile(file)
}

/**
 * A template as a recipient would get it: rendered, with the account's From (and its DKIM signature)
 * and the <title> (or --subject) as the subject, so rules about headers and HTML both apply.
 */
async function templateAsSent(
  file: string,
  values: { account?: string; subject?: string },
  ctx: CliContext,
): Promise<Buffer> {
  const template = await readTemplateFile(file)
  const rendered = await ctx.services.templates.render(template)
  const { accounts } = ctx.services
  const account: Account | undefined = values.account
    ? accounts.find(values.account)
    : accounts.list().length > 0
      ? accounts.defaultAccount()
      : undefined
  if (!account) ctx.stderr.write('note: no account yet, so the From is sender@example.com\n')
  const from = account ? { name: account.name, address: account.email } : { name: '', address: 'sender@example.com' }
  const dkim = account ? await accounts.dkimSigningKey(account) : undefined
  const builder = new MergeMessageBuilder({ from, ...(dkim && { dkim }) })
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(rendered.html)?.[1]?.trim()
  return builder.build({
    to: { name: '', address: 'recipient@example.com' },
    subject: values.subject ?? (title || ''),
    html: rendered.html,
    text: rendered.text,
    messageId: builder.messageId(),
  })
}

function readable(file: string, report: SpamReport): string {
  const lines = [
    `${file}: ${report.score} points (spamd at ${report.spamd} calls ${report.threshold} or more spam): ${
      report.isSpam ? 'SPAM' : 'not spam'
    }`,
  ]
  if (report.rules.length > 0) lines.push('', '   pts  rule                     description')
  for (const rule of [...report.rules].sort((a, b) => b.score - a.score))
    lines.push(`${rule.score.toFixed(1).padStart(6)}  ${rule.name.padEnd(24)} ${rule.description}`)
  return `${lines.join('\n')}\n`
}
