import * as oauth from 'oauth4webapi'
import type { OAuthProvider } from './provider-table'

/** The client as oauth4webapi takes it, plus how it proves itself at the token endpoint. */
export interface ClientRegistration {
  client: oauth.Client
  auth: oauth.ClientAuth
}

/** Plain http is allowed only for an issuer on this machine (a local provider, such as the tests' one). */
export function isLoopbackIssuer(issuer: string): boolean {
  try {
    const url = new URL(issuer)
    return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname)
  } catch {
    return false
  }
}

/** The fetch and http allowance every oauth4webapi request gets. */
export function requestOptions(issuer: string, fetchImpl: typeof fetch, signal?: AbortSignal) {
  return {
    [oauth.customFetch]: fetchImpl,
    ...(isLoopbackIssuer(issuer) && { [oauth.allowInsecureRequests]: true }),
    ...(signal && { signal }),
  }
}

/**
 * The provider's endpoints: from its metadata when it publishes usable metadata (OpenID Discovery,
 * then RFC 8414), else from the table. The metadata's issuer must be the one we asked for.
 */
export async function resolveAuthorizationServer(
  provider: OAuthProvider,
  fetchImpl: typeof fetch,
  signal?: AbortSignal,
): Promise<oauth.AuthorizationServer> {
  if (!provider.discovery) {
    return {
      issuer: provider.issuer,
      authorization_endpoint: provider.authorizationEndpoint,
      token_endpoint: provider.tokenEndpoint,
    }
  }
  const issuer = new URL(provider.issuer)
  const options = requestOptions(provider.issuer, fetchImpl, signal)
  let response = await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oidc' })
  if (response.status === 404) response = await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oauth2' })
  return oauth.processDiscoveryResponse(issuer, response)
}

/** A public client (PKCE, RFC 8252), or one with a secret where the provider insists on it. */
export function clientRegistration(clientId: string, clientSecret: string | null): ClientRegistration {
  return {
    client: { client_id: clientId, token_endpoint_auth_method: clientSecret ? 'client_secret_post' : 'none' },
    auth: clientSecret ? oauth.ClientSecretPost(clientSecret) : oauth.None(),
  }
}
