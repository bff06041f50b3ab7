import * as oauth from 'oauth4webapi'
import type { Account, AccountOAuth, OAuthClient, OAuthProviderId, OAuthStatus } from '../../../shared/contract'
import { oauthProviderIds } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { toAppError } from '../errors/to-app-error'
import type { OAuthTokens, TokenStore } from '../keychain/token-store'
import type { Logger } from '../log/logger'
import type { SettingsStore } from '../settings/settings-store'
import { clientRegistration, requestOptions, resolveAuthorizationServer } from './authorization-server'
import { OAuthStepError, step } from './oauth-step-error'
import { withRefreshLock } from './refresh-lock'
import { clientKey, oauthProviderFor, signInScope } from './provider-table'
import { signIn, tokensFrom } from './sign-in'

/** Opens an address in the user's own browser (never a window of ours: RFC 8252 §8.12). */
export type OpenBrowser = (url: string) => Promise<void>

export interface OAuthServiceDeps {
  settings: SettingsStore
  tokens: TokenStore
  fetch: typeof fetch
  logger: Logger
  /** The app's browser opener (Electron: shell.openExternal); the CLI passes its own per sign-in. */
  openBrowser?: OpenBrowser
  clock?: () => Date
  /** The data folder, for the refresh lock the app and the CLI share (see withRefreshLock). */
  dataDir: string
}

/** An access token this close to its expiry is refreshed before use, so it cannot expire mid-send. */
export const refreshMarginMs = 60_000

const clientsKey = 'oauthClients'
const signInNeededKey = 'oauthSignInNeeded'

type StoredClients = Record<string, { clientId: string; issuer?: string; provider: OAuthProviderId }>

/**
 * OAuth2 for mail accounts: client IDs per provider (settings), sign-in through the system browser,
 * tokens in the keychain only, and a fresh access token for each send.
 */
export class OAuthService {
  private readonly clock: () => Date
  private readonly refreshing = new Map<string, Promise<string>>()
  private readonly signIns = new Map<string, AbortController>()

  constructor(private readonly deps: OAuthServiceDeps) {
    this.clock = deps.clock ?? (() => new Date())
  }

  /** Every provider's client registration, plus the custom issuers the user registered. */
  async clients(): Promise<OAuthClient[]> {
    const stored = this.storedClients()
    const rows: OAuthClient[] = []
    for (const id of oauthProviderIds.filter((p) => p !== 'custom')) rows.push(await this.clientRow({ provider: id }))
    for (const entry of Object.values(stored).filter((c) => c.provider === 'custom'))
      rows.push(await this.clientRow({ provider: 'custom', issuer: entry.issuer }))
    return rows
  }

  /** Stores a provider's client ID in settings; a client secret goes to the keychain (none: removed). */
  async setClient(input: {
    provider: OAuthProviderId
    issuer?: string
    clientId: string
    clientSecret?: string
  }): Promise<OAuthClient> {
    if (input.provider === 'custom' && !input.issuer)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'issuer',
        message: 'A custom provider needs its issuer URL',
        hint: 'Give the issuer, such as https://login.example.com.',
      })
    const key = clientKey(input)
    if (input.clientSecret !== undefined) await this.deps.tokens.setClientSecret(key, input.clientSecret)
    const stored = this.storedClients()
    stored[key] = {
      provider: input.provider,
      clientId: input.clientId.trim(),
      ...(input.provider === 'custom' && { issuer: input.issuer }),
    }
    this.deps.settings.set(clientsKey, stored)
    return this.clientRow(input)
  }

  /** Signed in (tokens in the keychain) or waiting for the user to sign in. */
  async status(account: Account): Promise<OAuthStatus> {
    const tokens = await this.deps.tokens.read(account.id)
    return {
      accountId: account.id,
      signedIn: tokens !== null,
      needsSignIn: tokens === null || this.signInNeeded().includes(account.id),
      ...(tokens?.expiresAt && { expiresAt: tokens.expiresAt }),
      ...(tokens?.signedInAt && { signedInAt: tokens.signedInAt }),
    }
  }

  /**
   * Signs the account in through the system browser and stores the tokens in the keychain. The
   * address is also given to `onUrl` (the CLI prints it, for a browser on another machine).
   */
  async signIn(
    account: Account,
    options: { openBrowser?: OpenBrowser; onUrl?: (url: string) => void; timeoutMs?: number } = {},
  ): Promise<OAuthStatus> {
    const settings = this.oauthOf(account)
    const provider = oauthProviderFor(settings)
    const registration = clientRegistration(
      this.clientId(settings),
      await this.deps.tokens.getClientSecret(clientKey(settings)),
    )
    this.signIns.get(account.id)?.abort()
    const controller = new AbortController()
    this.signIns.set(account.id, controller)
    try {
      const tokens = await signIn({
        provider,
        scope: signInScope(provider, settings, { imap: account.imap !== undefined }),
        registration,
        loginHint: account.username || account.email,
        fetch: this.deps.fetch,
        openBrowser: options.openBrowser ?? this.deps.openBrowser ?? noBrowser,
        onUrl: options.onUrl,
        signal: controller.signal,
        timeoutMs: options.timeoutMs,
        clock: this.clock,
      })
      await this.deps.tokens.write(account.id, tokens)
      this.setSignInNeeded(account.id, false)
      this.deps.logger.log('info', 'oauth.signed-in', { accountId: account.id, provider: provider.id })
      return this.status(account)
    } finally {
      if (this.signIns.get(account.id) === controller) this.signIns.delete(account.id)
    }
  }

  /** Stops a sign-in waiting for the browser (the user closed the tab). */
  cancelSignIn(accountId: string): { cancelled: boolean } {
    const controller = this.signIns.get(accountId)
    controller?.abort()
    return { cancelled: controller !== undefined }
  }

  /**
   * An access token to send with now: the stored one while it has more than a minute left, else a
   * refreshed one (or always, with `forceRefresh`, after the server refused the stored one). A
   * refresh token the provider refuses is forgotten and the account waits for "Sign in again".
   */
  accessToken(account: Account, options: { forceRefresh?: boolean } = {}): Promise<string> {
    const running = this.refreshing.get(account.id)
    if (running) return running
    const work = this.freshToken(account, options.forceRefresh ?? false).finally(() =>
      this.refreshing.delete(account.id),
    )
    this.refreshing.set(account.id, work)
    return work
  }

  /** The server refused even a fresh token: the user has to sign in again. */
  markSignInNeeded(accountId: string): void {
    this.setSignInNeeded(accountId, true)
  }

  /** Forgets the account's tokens (account deleted, or signed out). */
  async forget(accountId: string): Promise<void> {
    await this.deps.tokens.delete(accountId)
    this.setSignInNeeded(accountId, false)
  }

  private async freshToken(account: Account, force: boolean): Promise<string> {
    const settings = this.oauthOf(account)
    const provider = oauthProviderFor(settings)
    const tokens = await this.deps.tokens.read(account.id)
    if (!tokens) throw signInRequired(account, provider.label)
    if (!force && this.isFresh(tokens)) return tokens.accessToken
    return withRefreshLock(
      this.deps.dataDir,
      account.id,
      async () => {
        // Another process may have refreshed while this one waited: its tokens are the ones to use,
        // and its refresh token the only one the provider still takes.
        const latest = await this.deps.tokens.read(account.id)
        if (!latest) throw signInRequired(account, provider.label)
        if (latest.accessToken !== tokens.accessToken && this.isFresh(latest)) return latest.accessToken
        return this.refresh(account, latest)
      },
      () => this.deps.logger.log('info', 'oauth.refresh-waiting', { accountId: account.id }),
    )
  }

  private isFresh(tokens: OAuthTokens): boolean {
    const expiresAt = tokens.expiresAt ? Date.parse(tokens.expiresAt) : Infinity
    return this.clock().getTime() < expiresAt - refreshMarginMs
  }

  /** Trades the refresh token for new tokens and stores them; called under the refresh lock. */
  private async refresh(account: Account, tokens: OAuthTokens): Promise<string> {
    const settings = this.oauthOf(account)
    const provider = oauthProviderFor(settings)
    if (!tokens.refreshToken) throw signInRequired(account, provider.label)
    const registration = clientRegistration(
      this.clientId(settings),
      await this.deps.tokens.getClientSecret(clientKey(settings)),
    )
    const as = await step('discovery', provider.label, () => resolveAuthorizationServer(provider, this.deps.fetch))
    let next: OAuthTokens
    try {
      const response = await step('refresh', provider.label, () =>
        oauth.refreshTokenGrantRequest(
          as,
          registration.client,
          registration.auth,
          tokens.refreshToken!,
          requestOptions(provider.issuer, this.deps.fetch),
        ),
      )
      const result = await step('refresh', provider.label, () =>
        oauth.processRefreshTokenResponse(as, registration.client, response),
      )
      next = tokensFrom(result, this.clock(), tokens)
    } catch (error) {
      if (isRefused(error)) {
        // Revoked, expired, or the password changed: the stored sign-in is useless now.
        await this.deps.tokens.delete(account.id)
        this.setSignInNeeded(account.id, true)
        this.deps.logger.log('warn', 'oauth.refresh-refused', { accountId: account.id, provider: provider.id })
        throw refreshRefused(account, provider.label, error)
      }
      throw error
    }
    await this.deps.tokens.write(account.id, next)
    this.deps.logger.log('info', 'oauth.refreshed', { accountId: account.id, provider: provider.id })
    return next.accessToken
  }

  private oauthOf(account: Account): AccountOAuth {
    if (!account.oauth)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'oauth',
        message: `${account.name} does not sign in with a provider`,
        hint: 'Choose a sign-in provider for the account (--auth oauth2 --oauth-provider ...), or use its password.',
      })
    return account.oauth
  }

  private clientId(settings: AccountOAuth): string {
    const stored = this.storedClients()[clientKey(settings)]?.clientId
    const provider = oauthProviderFor(settings)
    const id = stored ?? provider.builtInClientId
    if (!id)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'clientId',
        message: `No client ID is set for ${provider.label}`,
        hint: `Register Sendsmith as a desktop app with ${provider.label} (${provider.registerUrl}; redirect http://127.0.0.1) and enter its client ID: in the account form, or sendsmith accounts add ... --client-id ID.`,
      })
    return id
  }

  private async clientRow(settings: { provider: OAuthProviderId; issuer?: string }): Promise<OAuthClient> {
    const provider = oauthProviderFor(settings)
    const key = clientKey(settings)
    return {
      provider: settings.provider,
      ...(settings.provider === 'custom' && { issuer: settings.issuer }),
      label: provider.label,
      clientId: this.storedClients()[key]?.clientId ?? provider.builtInClientId ?? '',
      hasClientSecret: (await this.deps.tokens.getClientSecret(key)) !== null,
      clientSecret: provider.clientSecret,
      registerUrl: provider.registerUrl,
    }
  }

  private storedClients(): StoredClients {
    const raw = this.deps.settings.get(clientsKey)
    return raw && typeof raw === 'object' ? { ...(raw as StoredClients) } : {}
  }

  private signInNeeded(): string[] {
    const raw = this.deps.settings.get(signInNeededKey)
    return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string') : []
  }

  private setSignInNeeded(accountId: string, needed: boolean): void {
    const rest = this.signInNeeded().filter((id) => id !== accountId)
    this.deps.settings.set(signInNeededKey, needed ? [...rest, accountId] : rest)
  }
}

/** The provider said no to the refresh token itself (as opposed to a network failure). */
function isRefused(error: unknown): boolean {
  const cause = error instanceof OAuthStepError ? (error.cause as { error?: string }) : undefined
  return cause?.error === 'invalid_grant' || cause?.error === 'unauthorized_client'
}

/** The provider refused the refresh token: toAppError's explanation, naming the account to sign in again. */
function refreshRefused(account: Account, label: string, error: unknown): SendsmithError {
  const explained = toAppError(error)
  return new SendsmithError(
    {
      ...explained,
      message: `${label} no longer accepts the saved sign-in of ${account.name}: sign in again`,
      hint: `The sign-in was revoked, expired, or the password or security settings changed. Sign in again: in the account form ("Sign in again"), or sendsmith accounts login "${account.name}". Messages wait in the outbox until then.`,
    },
    { cause: error },
  )
}

function signInRequired(account: Account, label: string): SendsmithError {
  return new SendsmithError({
    code: 'SIGN_IN_REQUIRED',
    field: 'oauth',
    message: `${account.name} needs you to sign in with ${label}`,
    hint: `Sign in again: in the account form ("Sign in again"), or sendsmith accounts login "${account.name}". Messages wait in the outbox until then.`,
  })
}

const noBrowser: OpenBrowser = async () => {
  throw new SendsmithError({
    code: 'INTERNAL',
    message: 'No browser can be opened from here',
    hint: 'Use sendsmith accounts login NAME --no-browser and open the address it prints.',
  })
}
