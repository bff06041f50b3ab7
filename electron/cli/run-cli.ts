import {
  accountsDkimUsage,
  accountsUsage,
  domainUsage,
  inboxUsage,
  mergeUsage,
  outboxUsage,
  sendUsage,
  spamUsage,
  suppressUsage,
  templateUsage,
} from './usage'
import packageJson from '../../package.json'
import type { CliContext } from './cli-context'
import { commandHelp } from './command-help'
import { exitCodeFor, exitCodes, printError, toAppError, usageError } from './cli-errors'

const usage = `sendsmith — SMTP accounts and sending, with the same data as the Sendsmith app

${accountsUsage}
${accountsDkimUsage}

${sendUsage}

${outboxUsage}
${inboxUsage}
${templateUsage}
${mergeUsage}
${domainUsage}
${spamUsage}
${suppressUsage}

Data folder: $SENDSMITH_HOME, or the app's own (~/.config/Sendsmith on Linux).
Exit codes: 0 done, 1 refused by the server or the connection failed, 2 bad input,
75 still in the outbox after a temporary failure (try again later).`

/**
 * What the CLI answers without opening any service: the overview, `--version`, and the help of a
 * command or subcommand (`sendsmith accounts add --help`), so these work without a keychain and fast.
 */
export function answerWithoutServices(argv: string[]): { text: string; code: number } | undefined {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help')
    return { text: `${usage}\n`, code: command === undefined ? exitCodes.badInput : exitCodes.ok }
  if (command === '--version' || command === '-V') return { text: `${packageJson.version}\n`, code: exitCodes.ok }
  if (rest.includes('--help') || rest.includes('-h')) {
    const help = commandHelp(usage, command, rest[0]?.startsWith('-') ? undefined : rest[0])
    if (help) return { text: help, code: exitCodes.ok }
  }
  return undefined
}

type Command = (args: string[], ctx: CliContext) => Promise<number> | number

/**
 * Each command's module is loaded when that command runs (a chunk of its own in the build), so one
 * command never pays for the libraries of the others.
 */
const commands: Record<string, () => Promise<Command>> = {
  accounts: () => import('./commands/accounts').then((m) => m.accountsCommand),
  send: () => import('./commands/send').then((m) => m.sendCommand),
  outbox: () => import('./commands/outbox').then((m) => m.outboxCommand),
  sent: () => import('./commands/outbox').then((m) => m.sentCommand),
  template: () => import('./commands/template').then((m) => m.templateCommand),
  inbox: () => import('./commands/inbox').then((m) => m.inboxCommand),
  merge: () => import('./commands/merge').then((m) => m.mergeCommand),
  domain: () => import('./commands/domain').then((m) => m.domainCommand),
  spam: () => import('./commands/spam').then((m) => m.spamCommand),
  suppress: () => import('./commands/suppress').then((m) => m.suppressCommand),
}

// The services load only once a command needs them (not for --help): a dynamic import.
const openServices = async (): Promise<CliContext> => (await import('./cli-context')).openCliContext()

/**
 * Read-only commands answered over the settings file alone, without conf, the keychain or the
 * services (`accounts list`). Undefined when the full path must answer: the file needs creating,
 * repairing or upgrading, or the arguments are wrong (the full path reports them, and logs).
 */
async function answerReadOnly(argv: string[]): Promise<number | undefined> {
  const [command, verb, ...rest] = argv
  if (command !== 'accounts' || verb !== 'list') return undefined
  try {
    const [{ listAccountsReadOnly }, { resolveDataDir }] = await Promise.all([
      import('./commands/accounts-list'),
      import('../services/settings/data-dir'),
    ])
    return listAccountsReadOnly(rest, resolveDataDir(), { stdout: process.stdout, stderr: process.stderr })
  } catch {
    return undefined
  }
}

/** Runs one command line and returns the exit code; errors are printed, never thrown. */
export async function runCli(
  argv: string[],
  open: () => CliContext | Promise<CliContext> = openServices,
): Promise<number> {
  const answer = answerWithoutServices(argv)
  if (answer) {
    process.stdout.write(answer.text)
    return answer.code
  }
  if (open === openServices) {
    const code = await answerReadOnly(argv)
    if (code !== undefined) return code
  }
  const [command, ...rest] = argv
  let ctx: CliContext | undefined
  const json = rest.includes('--json')
  try {
    ctx = await open()
    const load = Object.hasOwn(commands, command) ? commands[command] : undefined
    if (!load) throw usageError(`Unknown command "${command}"`, 'Run sendsmith --help for the commands.')
    const exit = await (await load())(rest, ctx)
    ctx.services.logger.log('info', 'cli.done', { command, verb: rest[0]?.startsWith('-') ? undefined : rest[0], exit })
    return exit
  } catch (error) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options.
    const code = (error as { code?: string }).code ?? ''
    const appError = code.startsWith('ERR_PARSE_ARGS')
      ? usageError((error as Error).message, 'Run sendsmith --help for the options.').toJSON()
      : toAppError(error)
    if (json) (ctx?.stdout ?? process.stdout).write(`${JSON.stringify({ ok: false, error: appError })}\n`)
    printError(ctx?.stderr ?? process.stderr, appError)
    ctx?.services.logger.log('info', 'cli.error', { command, code: appError.code, field: appError.field })
    return exitCodeFor(appError)
  }
}
