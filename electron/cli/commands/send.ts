import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { formatMailbox, parseAddressList } from '../../../shared/addresses'
import type { SendRequest } from '../../../shared/contract'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'

export const sendUsage = `Usage:
  sendsmith send [--account N] --to A [--cc A] [--bcc A] --subject S (--html FILE | --text T) [--json]
  (--to, --cc and --bcc may be repeated and take comma-separated lists; without --account the default account sends)`

/** `sendsmith send`: one message now; exit 0 when every recipient was accepted. */
export async function sendCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      account: { type: 'string' },
      to: { type: 'string', multiple: true, default: [] },
      cc: { type: 'string', multiple: true, default: [] },
      bcc: { type: 'string', multiple: true, default: [] },
      subject: { type: 'string' },
      html: { type: 'string' },
      text: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (values.subject === undefined) throw usageError('--subject is required', sendUsage)
  if ((values.html === undefined) === (values.text === undefined)) throw usageError('Give exactly one of --html FILE or --text T', sendUsage)

  // Without --account, the default account sends, as in the app.
  const account = values.account === undefined ? ctx.services.accounts.defaultAccount() : ctx.services.accounts.find(values.account)
  const request: SendRequest = {
    accountId: account.id,
    to: recipients('--to', values.to),
    cc: recipients('--cc', values.cc),
    bcc: recipients('--bcc', values.bcc),
    subject: values.subject,
    html: values.html !== undefined ? await readHtml(values.html) : '',
    ...(values.text !== undefined && { text: values.text }),
  }
  const result = await ctx.services.mail.send(request)
  const allAccepted = result.rejected.length === 0
  if (values.json) ctx.stdout.write(`${JSON.stringify({ ok: allAccepted, ...result })}\n`)
  else {
    ctx.stdout.write(`Sent ${result.messageId} in ${result.elapsedMs} ms\n  accepted: ${result.accepted.join(', ') || 'none'}\n  server: ${result.response}\n`)
  }
  for (const r of result.rejected) ctx.stderr.write(`sendsmith: the server refused ${r.address}: ${r.response}\n`)
  return allAccepted ? exitCodes.ok : exitCodes.failed
}

/** Each flag value may hold several addresses; every bad one is named. */
function recipients(flag: string, values: string[]): string[] {
  const out: string[] = []
  for (const value of values) {
    const { mailboxes, invalid } = parseAddressList(value)
    if (invalid.length > 0) throw usageError(`${flag}: "${invalid[0].input}" is not a valid address: ${invalid[0].reason}`)
    out.push(...mailboxes.map(formatMailbox))
  }
  return out
}

async function readHtml(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw usageError(`Cannot read the HTML file ${path}: ${(error as Error).message}`)
  }
}
