import * as oauth from 'oauth4webapi'
import { toAppError } from '../errors/to-app-error'
import type { OAuthTokens } from '../keychain/token-store'
import { requestOptions, resolveAuthorizationServer, type ClientRegistration } from './authorization-server'
import { listenForRedirect } from './loopback-redirect'
import { step } from './oauth-step-error'
import type { OAuthProvider } from './provider-table'

/** How long the browser may take before the sign-in gives up (the user may have closed the tab). */
export const signInTimeoutMs = 5 * 60_000

export interface SignInParams {
  provider: OAuthProvider
  scope: string
  registration: ClientRegistration
  /** The mailbox, so the provider preselects the right account. */
  loginHint?: string
  fetch: typeof fetch
  /** Opens the address in the system browser (Electron's shell.openExternal, the CLI's launcher, or nothing). */
  openBrowser: (url: string) => Promise<void>
  /** Told the address before the browser is asked to open it, so it can be shown for copying. */
  onUrl?: (url: string) => void
  signal?: AbortSignal
  timeoutMs?: number
  clock?: () => Date
}

/**
 * OAuth for native apps (RFC 8252): the system browser, a one-shot loopback redirect, PKCE S256, a
 * random state checked on return, and the issuer checked when it says who it is (RFC 9207).
 */
export async function signIn(params: SignInParams): Promise<OAuthTokens> {
  const { provider, registration, fetch: fetchImpl, signal } = params
  const clock = params.clock ?? (() => new Date())
  const as = await step('discovery', provider.label, () => resolveAuthorizationServer(provider, fetchImpl, signal))
  if (!as.authorization_endpoint || !as.token_endpoint)
    throw new Error(`${provider.label} publishes no authorization or token endpoint`)
  const listener = await listenForRedirect({ signal, timeoutMs: params.timeoutMs ?? signInTimeoutMs })
  try {
    const verifier = oauth.generateRandomCodeVerifier()
    const state = oauth.generateRandomState()
    const url = new URL(as.authorization_endpoint)
    const query: Record<string, string> = {
      ...provider.authorizationParams,
      client_id: registration.client.client_id,
      redirect_uri: listener.redirectUri,
      response_type: 'code',
      scope: params.scope,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...(params.loginHint && { login_hint: params.loginHint }),
    }
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value)
    params.onUrl?.(url.href)
    await params.openBrowser(url.href)

    const redirect = await listener.redirect
    try {
      const callback = await step('authorization', provider.label, () =>
        oauth.validateAuthResponse(as, registration.client, redirect.url, state),
      )
      const options = requestOptions(provider.issuer, fetchImpl, signal)
      const response = await step('token', provider.label, () =>
        oauth.authorizationCodeGrantRequest(
          as,
          registration.client,
          registration.auth,
          callback,
          listener.redirectUri,
          verifier,
          options,
        ),
      )
      const result = await step('token', provider.label, () =>
        oauth.processAuthorizationCodeResponse(as, registration.client, response),
      )
      const tokens = tokensFrom(result, clock())
      redirect.finish({
        ok: true,
        title: `Signed in with ${provider.label}`,
        detail: 'Sendsmith can now send your mail. You can close this tab.',
      })
      return tokens
    } catch (error) {
      const appError = toAppError(error)
      redirect.finish({ ok: false, title: 'Sign-in failed', detail: `${appError.message}. ${appError.hint ?? ''}` })
      throw error
    }
  } finally {
    listener.close()
  }
}

/** The token response as we keep it; `previous` keeps a refresh token the provider did not rotate. */
export function tokensFrom(result: oauth.TokenEndpointResponse, now: Date, previous?: OAuthTokens): OAuthTokens {
  const refreshToken = result.refresh_token ?? previous?.refreshToken
  return {
    accessToken: result.access_token,
    ...(refreshToken && { refreshToken }),
    ...(result.expires_in !== undefined && {
      expiresAt: new Date(now.getTime() + result.expires_in * 1000).toISOString(),
    }),
    ...((result.scope ?? previous?.scope) && { scope: result.scope ?? previous?.scope }),
    signedInAt: previous?.signedInAt ?? now.toISOString(),
  }
}
