import { parseArgs } from 'node:util'
import type {
  AuthenticationResults,
  InboxMessage,
  InboxMimeNode,
  InboxStatus,
  InboxSummary,
} from '../../../shared/contract'
import { dnsResolver } from '../../services/domain-check/dns-resolver'
import { SendsmithError } from '../../services/errors/app-error'
import type { ListenerAuth } from '../../services/inbox/smtp-listener'
import { formatFault, parseFault } from '../../services/inbox/fault-injection'
import { defaultInboxPort, defaultServeOptions } from '../../services/inbox/local-inbox'
import { releaseMessage } from '../../services/inbox/release-message'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'
import { terminalSafe, terminalSafeLine } from '../terminal-text'
import { inboxUsage, passwordVariable } from '../usage'

/** The environment variable `inbox serve --auth USER` reads the password from. */

/** `sendsmith inbox serve|list|show|delete|clear|release`. */
export async function inboxCommand(args: string[], ctx: CliContext): Promise<number> {
  const [verb, ...rest] = args
  if (verb === 'serve') return serve(rest, ctx)
  if (verb === 'list') return list(rest, ctx)
  if (verb === 'show') return show(rest, ctx)
  if (verb === 'delete') return remove(rest, ctx)
  if (verb === 'release') return release(rest, ctx)
  if (verb === 'clear') {
    parseArgs({ args: rest, strict: true, options: {} })
    ctx.stdout.write(`Deleted ${await ctx.services.inbox.clear()} message(s).\n`)
    return exitCodes.ok
  }
  throw usageError(verb ? `Unknown inbox command "${verb}"` : 'Missing inbox command', inboxUsage)
}

async function serve(args: string[], ctx: CliContext, stopped: Promise<unknown> = signalled()): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string' },
      tls: { type: 'boolean', default: false },
      auth: { type: 'string' },
      'auth-stdin': { type: 'boolean', default: false },
      'size-mb': { type: 'string' },
      fault: { type: 'string', multiple: true },
      /** Where DKIM keys, SPF and DMARC records are looked up for each message's authentication results. */
      'dns-server': { type: 'string' },
    },
  })
  const faults = (values.fault ?? []).map(parseFault)
  const port = values.port === undefined ? defaultInboxPort : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw usageError(`--port must be a port number from 0 to 65535, not "${values.port}"`)
  const sizeMb =
    values['size-mb'] === undefined ? defaultServeOptions.sizeLimit / (1024 * 1024) : Number(values['size-mb'])
  if (!Number.isFinite(sizeMb) || sizeMb <= 0 || sizeMb > 1024)
    throw usageError(`--size-mb must be a number of megabytes from 1 to 1024, not "${values['size-mb']}"`)
  const auth = await authFrom(values.auth, values['auth-stdin'], ctx)
  const { inbox } = ctx.services
  const unsubscribe = ctx.services.events.on((event, payload) => {
    if (event === 'inbox:received') ctx.stdout.write(`Received ${summaryLine(payload as InboxSummary)}\n`)
  })
  const status = await inbox.start({
    port,
    tls: values.tls,
    auth,
    sizeLimit: Math.round(sizeMb * 1024 * 1024),
    faults,
    ...(values['dns-server'] && { dnsResolver: dnsResolver(values['dns-server']) }),
  })
  if (status.port !== status.requestedPort && status.requestedPort !== 0)
    ctx.stdout.write(`Port ${status.requestedPort} is taken; using ${status.port} instead.\n`)
  ctx.stdout.write(`Listening on ${status.host}:${status.port} (${describe(status)})\n`)
  const certificate = inbox.certificatePath()
  if (certificate) ctx.stdout.write(`  certificate: ${certificate} (${status.tls.fingerprint})\n`)
  for (const fault of status.faults) ctx.stdout.write(`  injecting fault: ${formatFault(fault)}\n`)
  if (status.auth.mode === 'none' && faults.some((f) => f.stage === 'auth'))
    ctx.stdout.write('  note: AUTH faults apply only with --auth (without it the server offers no AUTH)\n')
  ctx.stdout.write(`  messages are kept in ${inbox.store.dir}; Ctrl+C stops\n`)
  await stopped
  unsubscribe()
  await inbox.stop()
  ctx.stdout.write('Stopped.\n')
  return exitCodes.ok
}

/** "STARTTLS, AUTH required" — how the server behaves, in the words of a mail client's settings. */
export function describe(status: InboxStatus): string {
  const tls = status.tls.enabled ? 'STARTTLS' : 'no TLS'
  const auth =
    status.auth.mode === 'none'
      ? 'no AUTH'
      : status.auth.mode === 'any'
        ? 'AUTH required, any user and password'
        : `AUTH required`
  return `${tls}, ${auth}`
}

/**
 * How `serve` asks for AUTH: `any`, or one user whose password comes from stdin (`--auth USER:-`
 * or `--auth USER --auth-stdin`), from $SENDSMITH_INBOX_PASSWORD (`--auth USER`), or, visible to
 * `ps`, from the command line (`--auth USER:PASS`, with a warning).
 */
async function authFrom(value: string | undefined, fromStdin: boolean, ctx: CliContext): Promise<ListenerAuth> {
  if (fromStdin && (value === undefined || value === 'any' || value.includes(':')))
    throw usageError('--auth-stdin needs --auth USER (the user name alone)', 'For example: --auth tester --auth-stdin')
  const auth = parseAuth(value)
  if (auth.mode !== 'fixed') return auth
  if (auth.password === '-' || fromStdin) return { ...auth, password: await readPasswordLine(ctx.stdin) }
  if (auth.password === undefined) {
    const password = process.env[passwordVariable]
    if (!password)
      throw usageError(
        `--auth ${auth.username} needs a password: set ${passwordVariable}, or add --auth-stdin and pipe it in`,
        `For example: printf '%s\\n' "$PASS" | sendsmith inbox serve --auth ${auth.username} --auth-stdin`,
      )
    return { ...auth, password }
  }
  ctx.stderr.write(
    `Warning: a password on the command line is visible to other users (ps) and in shell history; use ${passwordVariable} or --auth-stdin.\n`,
  )
  return { ...auth, password: auth.password }
}

/**
 * `any`, `USER` (password from elsewhere), `USER:-` (from stdin) or `USER:PASS` (the password may
 * contain colons). The password is undefined when it is to come from the environment.
 */
export function parseAuth(
  value: string | undefined,
): { mode: 'none' } | { mode: 'any' } | { mode: 'fixed'; username: string; password: string | undefined } {
  if (value === undefined) return { mode: 'none' }
  if (value === 'any') return { mode: 'any' }
  const colon = value.indexOf(':')
  if (colon === -1 && value !== '') return { mode: 'fixed', username: value, password: undefined }
  if (colon <= 0 || colon === value.length - 1)
    throw usageError(
      `--auth takes USER, USER:- or "any", not "${value}"`,
      `For example: ${passwordVariable}=secret sendsmith inbox serve --auth tester`,
    )
  return { mode: 'fixed', username: value.slice(0, colon), password: value.slice(colon + 1) }
}

/** The first line of stdin (to its line feed or its end), so a pipe or a terminal can give the password. */
function readPasswordLine(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const finish = () => {
      stdin.off('data', onData)
      stdin.off('end', finish)
      stdin.off('error', onError)
      // Done with stdin: a paused pipe would keep the process alive after Ctrl+C.
      ;(stdin as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.()
      const password = text.split(/\r?\n/)[0]
      if (password === '')
        reject(
          usageError(
            '--auth-stdin read an empty password',
            `Pipe it in: printf '%s\\n' "$PASS" | sendsmith inbox serve ...`,
          ),
        )
      else resolve(password)
    }
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString()
      if (text.includes('\n')) finish()
    }
    const onError = (error: Error) => reject(error)
    stdin.on('data', onData)
    stdin.once('end', finish)
    stdin.once('error', onError)
  })
}

async function list(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { json: { type: 'boolean', default: false }, search: { type: 'string' } },
  })
  const messages = await ctx.services.inbox.list(values.search)
  if (values.json) ctx.stdout.write(`${jsonText(messages)}\n`)
  else if (messages.length === 0)
    ctx.stdout.write(values.search ? `No message matches "${values.search}".\n` : 'The inbox is empty.\n')
  else for (const m of messages) ctx.stdout.write(`${summaryLine(m)}\n`)
  return exitCodes.ok
}

async function show(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { raw: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  })
  if (positionals.length !== 1) throw usageError('Name one message: sendsmith inbox show ID', inboxUsage)
  if (values.raw && values.json) throw usageError('Give --raw or --json, not both')
  const id = await resolveId(ctx, positionals[0])
  if (values.raw) {
    const raw = await ctx.services.inbox.store.raw(id)
    // The bytes exactly as received, never cut, into a pipe or file; a terminal gets them without control sequences.
    if (!isTerminal(ctx.stdout)) ctx.stdout.write(raw)
    else ctx.stdout.write(terminalSafe(raw.toString('utf8')))
    return exitCodes.ok
  }
  const message = await ctx.services.inbox.get(id)
  // The JSON keeps control characters, escaped; the readable form drops them.
  ctx.stdout.write(values.json ? `${jsonText(message)}\n` : terminalSafe(readable(message)))
  return exitCodes.ok
}

async function remove(args: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} })
  if (positionals.length !== 1) throw usageError('Name one message: sendsmith inbox delete ID', inboxUsage)
  await ctx.services.inbox.delete(await resolveId(ctx, positionals[0]))
  ctx.stdout.write('Deleted.\n')
  return exitCodes.ok
}

async function release(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      account: { type: 'string' },
      to: { type: 'string', multiple: true },
      wait: { type: 'string' },
    },
  })
  if (positionals.length !== 1) throw usageError('Name one message: sendsmith inbox release ID', inboxUsage)
  if (!values.account) throw usageError('Name the account to send through: --account NAME', inboxUsage)
  if (!values.to?.length) throw usageError('Give the address to release to: --to ADDR', inboxUsage)
  const waitSeconds = values.wait === undefined ? 60 : Number(values.wait)
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0)
    throw usageError(`--wait is a number of seconds, not "${values.wait}"`)
  const id = await resolveId(ctx, positionals[0])
  const { inbox, accounts, outbox } = ctx.services
  const queued = await releaseMessage({ inbox, accounts, outbox }, { id, account: values.account, to: values.to })
  const deadline = Date.now() + waitSeconds * 1000
  let entry = (await outbox.attempt(queued.id)) ?? queued
  while (entry.state === 'retrying' && entry.nextAttemptAt && Date.parse(entry.nextAttemptAt) <= deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(entry.nextAttemptAt!) - Date.now())))
    entry = (await outbox.attempt(entry.id)) ?? entry
  }
  if (entry.state === 'sent' && entry.result) {
    ctx.stdout.write(
      `Released ${id.slice(0, 8)} to ${entry.result.accepted.join(', ') || 'nobody'} through ${values.account}\n  server: ${entry.result.response}\n`,
    )
    for (const r of entry.result.rejected)
      ctx.stderr.write(`sendsmith: the server refused ${r.address}: ${r.response}\n`)
    return entry.result.rejected.length === 0 ? exitCodes.ok : exitCodes.failed
  }
  const error = entry.lastError ?? { code: 'INTERNAL' as const, message: 'The message was not released' }
  ctx.stderr.write(`sendsmith: ${error.message}\n`)
  if (entry.state === 'retrying' || entry.state === 'queued') {
    ctx.stderr.write(`  It stays in the outbox (${entry.id}); \`sendsmith outbox flush\` tries again.\n`)
    return exitCodes.tempFail
  }
  return exitCodes.failed
}

/** A full id, or a prefix of one as `list` prints it (at least 4 characters, naming one message). */
async function resolveId(ctx: CliContext, ref: string): Promise<string> {
  const key = ref.trim().toLowerCase()
  const matches = key.length >= 4 ? (await ctx.services.inbox.list()).filter((m) => m.id.startsWith(key)) : []
  if (matches.length === 1) return matches[0].id
  if (matches.length > 1) throw usageError(`"${ref}" names more than one message`, 'Give more characters of the id.')
  throw new SendsmithError({
    code: 'NOT_FOUND',
    message: `No message has the id "${ref}"`,
    hint: 'See the ids with: sendsmith inbox list',
  })
}

/** `1a2b3c4d  2026-01-24 09:15:02  ada@example.com → bob@example.com  Subject  (2.1 KB, attachments)` */
function summaryLine(m: InboxSummary): string {
  const when = m.receivedAt.replace('T', ' ').slice(0, 19)
  const extras = [formatSize(m.size), ...(m.hasAttachments ? ['attachments'] : [])].join(', ')
  const line = `${m.id.slice(0, 8)}  ${when}  ${m.from || '<>'} → ${m.to.join(', ')}  ${m.subject || '(no subject)'}  (${extras})`
  // Every field came from a stranger's message: no control sequence reaches the terminal.
  return terminalSafeLine(line)
}

function readable(m: InboxMessage): string {
  const lines = [
    `From:     ${m.from}`,
    `To:       ${m.to.join(', ')}`,
    `Subject:  ${m.subject}`,
    `Received: ${m.receivedAt} (${formatSize(m.size)})`,
    `Envelope: ${m.envelope.from || '<>'} → ${m.envelope.to.join(', ')}`,
    `Id:       ${m.id}`,
    ...(m.authentication ? [`Auth:     ${authenticationLine(m.authentication)}`] : []),
  ]
  if (m.parseError) {
    // Accepted but not parseable: the source is all there is to show (the UI does the same).
    lines.push(
      '',
      `${m.parseError}. The source as received${m.rawTruncated ? ' (cut; --raw has all of it)' : ''}:`,
      '',
      m.raw,
    )
    return `${lines.join('\n')}\n`
  }
  lines.push('', 'Structure:', ...treeLines(m.mimeTree, '  '))
  if (m.attachments.length > 0) {
    lines.push('', 'Attachments:')
    for (const a of m.attachments)
      lines.push(`  ${a.filename}  ${a.contentType}  ${formatSize(a.size)}${a.contentId ? `  cid:${a.contentId}` : ''}`)
  }
  lines.push(
    '',
    m.text?.trim() || (m.html ? '(HTML only: see --json for the HTML, --raw for the source)' : '(no text)'),
  )
  return `${lines.join('\n')}\n`
}

/** `dkim=pass (d=example.com s=s1) spf=pass (example.com) dmarc=pass (p=reject)`, as a receiver's header reads. */
export function authenticationLine(a: AuthenticationResults): string {
  const dkim =
    a.dkim.length === 0
      ? ['dkim=none']
      : a.dkim.map((d) => `dkim=${d.result} (d=${d.domain}${d.selector ? ` s=${d.selector}` : ''})`)
  return [
    ...dkim,
    a.spf ? `spf=${a.spf.result} (${a.spf.domain})` : 'spf=none',
    a.dmarc ? `dmarc=${a.dmarc.result}${a.dmarc.policy ? ` (p=${a.dmarc.policy})` : ''}` : 'dmarc=none',
    ...(a.arc ? [`arc=${a.arc.result}`] : []),
  ].join(' ')
}

function treeLines(node: InboxMimeNode, indent: string): string[] {
  const about = [node.filename, node.disposition, node.encoding, node.size > 0 ? formatSize(node.size) : '']
    .filter(Boolean)
    .join(', ')
  return [
    `${indent}${node.contentType}${about ? `  (${about})` : ''}`,
    ...node.children.flatMap((child) => treeLines(child, `${indent}  `)),
  ]
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** JSON with every control character escaped (JSON.stringify leaves DEL and the C1 range as they are). */
function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

function isTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true
}

/** Resolves on the first SIGINT (Ctrl+C) or SIGTERM. */
function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

export const internals = { serve, summaryLine }
