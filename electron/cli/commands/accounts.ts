import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { securitySchema, type AccountInput } from '../../../shared/contract'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'
import { readPassword } from '../read-password'
import { detectCommand, testCommand, trustCommand, untrustCommand } from './account-setup'
import { imapFields, imapOptions, imapPasswordField, roundtripCommand } from './imap-options'
import { accountsDkimCommand } from './accounts-dkim'
import { loginCommand, oauthAddOptions, oauthAccountFields } from './accounts-oauth'
import { accountsUsage } from '../usage'
import { listAccounts } from './accounts-list'
import { editableFields } from '../../services/accounts/account-store'

/** `sendsmith accounts add|list|remove`. */
export async function accountsCommand(args: string[], ctx: CliContext): Promise<number> {
  const [verb, ...rest] = args
  if (verb === 'add') return addAccount(rest, ctx)
  if (verb === 'list') return listAccounts(rest, { ...ctx, accounts: ctx.services.accounts })
  if (verb === 'remove') return removeAccount(rest, ctx)
  if (verb === 'detect') return detectCommand(rest, ctx)
  if (verb === 'test') return testCommand(rest, ctx)
  if (verb === 'trust') return trustCommand(rest, ctx)
  if (verb === 'untrust') return untrustCommand(rest, ctx)
  if (verb === 'edit') return editAccount(rest, ctx)
  if (verb === 'roundtrip') return roundtripCommand(rest, ctx)
  if (verb === 'dkim') return accountsDkimCommand(rest, ctx)
  if (verb === 'login') return loginCommand(rest, ctx)
  if (verb === 'default') return defaultAccount(rest, ctx)
  throw usageError(verb ? `Unknown accounts command "${verb}"` : 'Missing accounts command', accountsUsage)
}

/** The options add and edit share: the sender, the server and the login. */
const accountOptions = {
  name: { type: 'string' },
  email: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  security: { type: 'string' },
  user: { type: 'string' },
  ca: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
} as const

async function addAccount(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      ...accountOptions,
      'allow-insecure-auth': { type: 'boolean', default: false },
      ...imapOptions,
      ...oauthAddOptions,
    },
  })
  for (const required of ['name', 'email', 'host', 'port', 'security'] as const) {
    if (values[required] === undefined) throw usageError(`--${required} is required`, accountsUsage)
  }
  const security = securitySchema.safeParse(values.security)
  if (!security.success)
    throw usageError(
      `--security must be none, starttls or tls, not "${values.security}"`,
      'Use starttls for port 587 and tls for port 465.',
    )
  if (values.auth !== undefined && values.auth !== 'password' && values.auth !== 'oauth2')
    throw usageError(`--auth must be password or oauth2, not "${values.auth}"`)
  const oauth2 = values.auth === 'oauth2'
  if (!oauth2 && values.user !== undefined && !values['password-stdin'])
    throw usageError(
      '--user needs --password-stdin',
      'Pipe the password in: printf %s "$PASS" | sendsmith accounts add ... --user U --password-stdin',
    )
  if (values['password-stdin'] && values.user === undefined) throw usageError('--password-stdin needs --user')
  if (oauth2 && values['password-stdin'])
    throw usageError(
      '--auth oauth2 takes no password',
      'Sign in through the browser instead: sendsmith accounts login NAME',
    )

  const oauthFields = oauth2 ? await oauthAccountFields(values, ctx) : undefined
  const input: AccountInput = {
    name: values.name!,
    email: values.email!,
    host: values.host!,
    port: Number(values.port),
    security: security.data,
    auth: values.user !== undefined,
    username: values.user ?? '',
    allowInsecureAuth: values['allow-insecure-auth'],
    ...(values.ca !== undefined && { ca: await readCa(values.ca) }),
    ...(values['password-stdin'] && { password: await readPassword(ctx.stdin) }),
    ...imapFields(values),
    ...(await imapPasswordField(values, ctx, values['password-stdin'])),
    ...oauthFields,
  }
  const account = await ctx.services.accounts.save(input)
  ctx.stdout.write(
    `Added account ${account.name} <${account.email}> (${account.host}:${account.port}, ${account.security})${account.hasPassword ? ', password in the system keychain' : ''}\n`,
  )
  if (account.oauth) ctx.stdout.write(`Next, sign in: sendsmith accounts login "${account.name}"\n`)
  return exitCodes.ok
}

/** `sendsmith accounts edit NAME ...`: changes the named fields, keeps the rest (and the keychain secret). */
async function editAccount(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      ...accountOptions,
      // No default: an edit without the flag keeps the account's choice.
      'allow-insecure-auth': { type: 'boolean' },
      ...imapOptions,
    },
  })
  if (positionals.length !== 1) throw usageError('Name one account to edit', accountsUsage)
  const existing = ctx.services.accounts.find(positionals[0])
  const security = values.security === undefined ? undefined : securitySchema.safeParse(values.security)
  if (security && !security.success)
    throw usageError(`--security must be none, starttls or tls, not "${values.security}"`)
  const account = await ctx.services.accounts.save({
    ...editableFields(existing),
    id: existing.id,
    ...(values.name !== undefined && { name: values.name }),
    ...(values.email !== undefined && { email: values.email }),
    // A user name turns authentication on; the password comes with --password-stdin.
    ...(values.user !== undefined && { auth: true, username: values.user }),
    ...(values['allow-insecure-auth'] !== undefined && { allowInsecureAuth: values['allow-insecure-auth'] }),
    ...(values.host !== undefined && { host: values.host }),
    ...(values.port !== undefined && { port: Number(values.port) }),
    ...(security?.success && { security: security.data }),
    ...(values.ca !== undefined && { ca: await readCa(values.ca) }),
    // A new server (SMTP or IMAP) gets the password only when it is given again (see account-secret.ts).
    ...(values['password-stdin'] && { password: await readPassword(ctx.stdin) }),
    ...imapFields(values, existing),
    ...(await imapPasswordField(values, ctx, values['password-stdin'])),
  })
  const imap = account.imap
  if (existing.hasPassword && !account.hasPassword)
    ctx.stderr.write(
      'sendsmith: the saved password was removed: it is only sent to the server it was saved for. Give it again with --password-stdin.\n',
    )
  if (existing.hasImapPassword && !account.hasImapPassword && !values['same-imap-password'])
    ctx.stderr.write(
      'sendsmith: the saved IMAP password was removed: it is only sent to the IMAP server it was saved for. Give it again with --imap-password-stdin.\n',
    )
  ctx.stdout.write(
    `Saved ${account.name}: SMTP ${account.host}:${account.port} ${account.security}; ${imap ? `IMAP ${imap.host}:${imap.port} ${imap.security}${account.hasImapPassword ? ' (own password)' : ''}, copy to Sent ${account.sentCopy}` : 'no IMAP'}\n`,
  )
  return exitCodes.ok
}

async function removeAccount(args: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} })
  if (positionals.length !== 1) throw usageError('Name one account to remove', accountsUsage)
  const account = ctx.services.accounts.find(positionals[0])
  await ctx.services.accounts.delete(account.id)
  ctx.stdout.write(`Removed account ${account.name} and its keychain entry\n`)
  return exitCodes.ok
}

/** `sendsmith accounts default [NAME]`: makes NAME the account send and merge use without --account, or names it. */
function defaultAccount(args: string[], ctx: CliContext): number {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  })
  if (positionals.length > 1) throw usageError('Name one account to make the default', accountsUsage)
  const accounts = ctx.services.accounts
  const chosen = positionals.length === 1 ? accounts.find(positionals[0]) : undefined
  if (chosen) accounts.makeDefault(chosen.id)
  const current = accounts.defaultAccount()
  if (values.json) ctx.stdout.write(`${JSON.stringify(current, null, 2)}\n`)
  else
    ctx.stdout.write(
      chosen
        ? `${current.name} <${current.email}> is now the default account\n`
        : `${current.name} <${current.email}>\n`,
    )
  return exitCodes.ok
}

async function readCa(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw usageError(`Cannot read the CA certificate file ${path}: ${(error as Error).message}`)
  }
}
