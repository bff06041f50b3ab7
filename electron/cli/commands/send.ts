import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { detectMimeType } from 'nodemailer/lib/mime-funcs'
import { parseArgs } from 'node:util'
import { formatMailbox, parseAddressList } from '../../../shared/addresses'
import type { OutboxEntry, SendRequest } from '../../../shared/contract'
import { recipientsOf } from '../../services/outbox/recipient-states'
import type { CliContext } from '../cli-context'
import { exitCodes, printError, usageError } from '../cli-errors'
import { sendUsage } from '../usage'

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
      wait: { type: 'string', default: '60' },
      attach: { type: 'string', multiple: true, default: [] },
      inline: { type: 'string', multiple: true, default: [] },
      'reply-to': { type: 'string', multiple: true, default: [] },
      header: { type: 'string', multiple: true, default: [] },
    },
  })
  const waitSeconds = Number(values.wait)
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0)
    throw usageError(`--wait must be a number of seconds, not "${values.wait}"`)
  if (values.subject === undefined) throw usageError('--subject is required', sendUsage)
  if ((values.html === undefined) === (values.text === undefined))
    throw usageError('Give exactly one of --html FILE or --text T', sendUsage)

  // Without --account, the default account sends, as in the app.
  const account =
    values.account === undefined ? ctx.services.accounts.defaultAccount() : ctx.services.accounts.find(values.account)
  const request: SendRequest = {
    accountId: account.id,
    to: recipients('--to', values.to),
    cc: recipients('--cc', values.cc),
    bcc: recipients('--bcc', values.bcc),
    subject: values.subject,
    html: values.html !== undefined ? await readHtml(values.html) : '',
    ...(values.text !== undefined && { text: values.text }),
    replyTo: recipients('--reply-to', values['reply-to']),
    headers: values.header.map(parseHeader),
    attachments: [
      ...(await Promise.all(values.attach.map((f) => readAttachment(f, false)))),
      ...(await Promise.all(values.inline.map((f) => readAttachment(f, true)))),
    ],
  }
  const entry = await sendWithRetries(ctx, request, waitSeconds * 1000)
  if (entry.state !== 'sent' || !entry.result) return reportUnsent(ctx, entry, values.json)
  const result = entry.result
  const allAccepted = result.rejected.length === 0
  if (values.json)
    ctx.stdout.write(
      `${JSON.stringify({ ok: allAccepted, outboxId: entry.id, ...result, recipients: recipientLines(entry) })}\n`,
    )
  else {
    ctx.stdout.write(
      `Sent ${result.messageId} in ${result.elapsedMs} ms\n  accepted: ${result.accepted.join(', ') || 'none'}\n  server: ${result.response}\n`,
    )
  }
  for (const r of result.rejected) ctx.stderr.write(`sendsmith: the server refused ${r.address}: ${r.response}\n`)
  return allAccepted ? exitCodes.ok : exitCodes.failed
}

/**
 * Puts the message in the outbox and attempts it, retrying temporary failures until `waitMs` has
 * passed; whatever is still waiting then stays in the outbox for `sendsmith outbox flush` or the app.
 */
async function sendWithRetries(ctx: CliContext, request: SendRequest, waitMs: number): Promise<OutboxEntry> {
  const deadline = Date.now() + waitMs
  const queued = await ctx.services.mail.queue(request)
  let entry = (await ctx.services.outbox.attempt(queued.id)) ?? queued
  while (entry.state === 'retrying' && entry.nextAttemptAt) {
    const wakeAt = Date.parse(entry.nextAttemptAt)
    if (wakeAt > deadline) break
    ctx.stderr.write(
      `sendsmith: ${entry.lastError?.message ?? 'temporary failure'}; retrying in ${Math.ceil((wakeAt - Date.now()) / 1000)} s\n`,
    )
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wakeAt - Date.now())))
    entry = (await ctx.services.outbox.attempt(entry.id)) ?? entry
  }
  return entry
}

/** Each recipient's state and the server's word about it, for `--json` and the summary lines. */
function recipientLines(entry: OutboxEntry): { address: string; state: string; response?: string }[] {
  return recipientsOf(entry).map((r) => ({
    address: r.address,
    state: r.state,
    ...(r.response && { response: r.response }),
  }))
}

function reportUnsent(ctx: CliContext, entry: OutboxEntry, json: boolean): number {
  const error = entry.lastError ?? { code: 'INTERNAL' as const, message: 'The message was not sent' }
  const stillQueued = entry.state === 'retrying' || entry.state === 'queued'
  const recipients = recipientLines(entry)
  if (json)
    ctx.stdout.write(`${JSON.stringify({ ok: false, outboxId: entry.id, state: entry.state, recipients, error })}\n`)
  printError(ctx.stderr, error)
  for (const r of recipients)
    ctx.stderr.write(`  ${r.state.padEnd(9)} ${r.address}${r.response ? `  (${r.response})` : ''}\n`)
  if (stillQueued && error.code === 'KEYCHAIN_UNAVAILABLE')
    ctx.stderr.write(
      `  The message is kept in the outbox (${entry.id}): unlock your keyring, then \`sendsmith outbox flush\`.\n`,
    )
  else if (stillQueued)
    ctx.stderr.write(
      `  The message stays in the outbox (${entry.id}) for the recipients still waiting; \`sendsmith outbox flush\` tries again (those accepted do not get it twice).\n`,
    )
  // A message refused for good is reported here and now; it need not linger in the outbox.
  if (entry.state === 'failed') void ctx.services.outbox.cancel(entry.id)
  if (entry.state === 'uncertain')
    ctx.stderr.write(
      `  It is kept in the outbox as "may have been delivered" (${entry.id}) and will not be resent on its own.\n`,
    )
  return stillQueued ? exitCodes.tempFail : exitCodes.failed
}

/** Each flag value may hold several addresses; every bad one is named. */
function recipients(flag: string, values: string[]): string[] {
  const out: string[] = []
  for (const value of values) {
    const { mailboxes, invalid } = parseAddressList(value)
    if (invalid.length > 0)
      throw usageError(`${flag}: "${invalid[0].input}" is not a valid address: ${invalid[0].reason}`)
    out.push(...mailboxes.map(formatMailbox))
  }
  return out
}

/** `--header "X-Campaign: spring"`: the schema checks the name and the value. */
function parseHeader(line: string): { name: string; value: string } {
  const colon = line.indexOf(':')
  if (colon <= 0) throw usageError(`--header "${line}" must look like "Name: value"`)
  return { name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() }
}

/** A file as an attachment; an inline one gets its file name as Content-ID (the HTML says cid:logo.png). */
async function readAttachment(path: string, inline: boolean) {
  let content: Buffer
  try {
    content = await readFile(path)
  } catch (error) {
    throw usageError(`Cannot read ${inline ? '--inline' : '--attach'} file ${path}: ${(error as Error).message}`)
  }
  const filename = basename(path)
  return {
    filename,
    contentType: detectMimeType(extname(filename).slice(1)),
    contentBase64: content.toString('base64'),
    ...(inline && { contentId: filename }),
  }
}

async function readHtml(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw usageError(`Cannot read the HTML file ${path}: ${(error as Error).message}`)
  }
}
