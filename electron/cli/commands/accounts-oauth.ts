import { parseArgs } from 'node:util'
import { oauthProviderIdSchema, type AccountInput } from '../../../shared/contract'
import { oauthProviderForHost } from '../../services/oauth/provider-table'
import { sendWaitingAfterSignIn } from '../../services/oauth/send-waiting'
import type { CliContext } from '../cli-context'
import { exitCodes, usageError } from '../cli-errors'
import { openInBrowser } from '../open-browser'
import { readPassword } from '../read-password'
import { oauthUsage } from '../usage'

/** The `accounts add` options for signing in with a provider (OAuth2). */
export const oauthAddOptions = {
  auth: { type: 'string' },
  'oauth-provider': { type: 'string' },
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-stdin': { type: 'boolean', default: false },
  scope: { type: 'string' },
} as const

interface OAuthAddValues {
  host?: string
  email?: string
  user?: string
  'oauth-provider'?: string
  issuer?: string
  'client-id'?: string
  'client-secret-stdin'?: boolean
  scope?: string
}

/**
 * The account fields for `--auth oauth2`: the provider (named, or known from the SMTP host), and the
 * client ID filed for that provider (its secret, if any, read from stdin into the keychain).
 */
export async function oauthAccountFields(values: OAuthAddValues, ctx: CliContext): Promise<Partial<AccountInput>> {
  const named = values['oauth-provider']
  const parsed = named === undefined ? undefined : oauthProviderIdSchema.safeParse(named)
  if (parsed && !parsed.success)
    throw usageError(
      `--oauth-provider must be microsoft, google, yahoo, aol, fastmail, yandex or custom, not "${named}"`,
    )
  const provider = parsed?.data ?? oauthProviderForHost(values.host ?? '')?.id
  if (!provider)
    throw usageError(
      `Sendsmith does not know which provider signs in to ${values.host}`,
      'Name it: --oauth-provider microsoft|google|yahoo|aol|fastmail|yandex, or --oauth-provider custom --issuer URL.',
    )
  if (provider === 'custom' && values.issuer === undefined)
    throw usageError(
      '--oauth-provider custom needs --issuer URL',
      'Give the OpenID issuer, such as https://login.example.com.',
    )
  const issuer = provider === 'custom' ? values.issuer : undefined
  if (values['client-secret-stdin'] && values['client-id'] === undefined)
    throw usageError('--client-secret-stdin needs --client-id')
  if (values['client-id'] !== undefined) {
    const clientSecret = values['client-secret-stdin']
      ? await readPassword(ctx.stdin, '--client-secret-stdin')
      : undefined
    await ctx.services.oauth.setClient({
      provider,
      ...(issuer && { issuer }),
      clientId: values['client-id'],
      ...(clientSecret !== undefined && { clientSecret }),
    })
  }
  return {
    auth: true,
    username: values.user ?? values.email ?? '',
    authMethod: 'XOAUTH2',
    oauth: { provider, ...(issuer && { issuer }), ...(values.scope !== undefined && { scope: values.scope }) },
  }
}

/**
 * `sendsmith accounts login NAME`: prints the sign-in address on stderr, opens the browser (unless
 * --no-browser), waits for the redirect and stores the tokens in the keychain. Exit 0 signed in, 2 denied or timed out.
 */
export async function loginCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { 'no-browser': { type: 'boolean', default: false }, timeout: { type: 'string' } },
  })
  if (positionals.length !== 1) throw usageError('Name one account to sign in', oauthUsage)
  const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout)
  if (timeoutSeconds !== undefined && !(Number.isInteger(timeoutSeconds) && timeoutSeconds > 0))
    throw usageError('--timeout must be a whole number of seconds')
  const account = ctx.services.accounts.find(positionals[0])
  const onInterrupt = () => ctx.services.oauth.cancelSignIn(account.id)
  process.once('SIGINT', onInterrupt)
  try {
    const status = await ctx.services.oauth.signIn(account, {
      openBrowser: values['no-browser'] ? async () => {} : openInBrowser,
      onUrl: (url) => ctx.stderr.write(`Open this address to sign in: ${url}\n`),
      ...(timeoutSeconds !== undefined && { timeoutMs: timeoutSeconds * 1000 }),
    })
    ctx.stdout.write(
      `Signed in ${account.name}; the tokens are in the system keychain${status.expiresAt ? ` (access token refreshed by Sendsmith, next before ${status.expiresAt})` : ''}\n`,
    )
    const sent = await sendWaitingAfterSignIn(ctx.services.outbox, account.id)
    if (sent > 0) ctx.stdout.write(`Tried ${sent} message(s) that waited for this sign-in\n`)
    return exitCodes.ok
  } finally {
    process.off('SIGINT', onInterrupt)
  }
}
