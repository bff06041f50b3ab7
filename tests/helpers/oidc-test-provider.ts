import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** The desktop app's registration: a native public client, loopback redirect (the port is ignored, RFC 8252 §7.3). */
export const testClientId = 'sendsmith-desktop'
/** A confidential client the SMTP server uses to introspect tokens. */
const introspector = { client_id: 'smtp-server', client_secret: 'smtp-server-introspection-secret' }

export interface TestOidcProvider {
  issuer: string
  provider: Provider
  /** The introspection endpoint with a resource server's credentials in it (as dovecot's oauth2 passdb takes it). */
  introspectionUrl: string
  /** Asks the provider whether an access token is live, as a resource server does (RFC 7662). */
  introspect(token: string): Promise<{ active: boolean; sub?: string; scope?: string; client_id?: string }>
  /** Revokes a token at the provider (RFC 7009), as a user or admin revoking the app's access. */
  revoke(token: string): Promise<void>
  /**
   * While set, each token request (code exchange or refresh) is handed to this gate, which answers
   * it by calling `answer` when it likes: a test can hold one refresh until another arrives.
   */
  tokenGate: ((answer: () => Promise<void>) => Promise<void>) | undefined
  close(): Promise<void>
}

/**
 * A real, spec-complete OpenID provider (oidc-provider) on 127.0.0.1: a native public client with PKCE
 * required, short-lived access tokens, devInteractions for the login and consent forms, introspection
 * and revocation.
 */
export async function startTestOidcProvider(options: { accessTokenSeconds?: number } = {}): Promise<TestOidcProvider> {
  // The issuer names the port, so the server listens before the provider exists.
  const route: { handler?: (req: IncomingMessage, res: ServerResponse) => void } = {}
  const server: Server = createServer((req, res) => route.handler?.(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: testClientId,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      { ...introspector, redirect_uris: [], response_types: [], grant_types: [] },
    ],
    scopes: ['openid', 'offline_access', 'email', 'smtp'],
    claims: { email: ['email'] },
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id, email: id }) }),
    features: {
      devInteractions: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
    },
    pkce: { required: () => true },
    ttl: { AccessToken: options.accessTokenSeconds ?? 120 },
    cookies: { keys: ['sendsmith-test-cookie-key'] },
  })
  // oidc-provider explains its development defaults on the console; the tests need none of that.
  provider.on('server_error', () => {})
  const state: { tokenGate: TestOidcProvider['tokenGate'] } = { tokenGate: undefined }
  provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/token' && state.tokenGate) await state.tokenGate(next)
    else await next()
  })
  route.handler = provider.callback()
  const formPost = async (path: string, body: Record<string, string>) =>
    fetch(`${issuer}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${introspector.client_id}:${introspector.client_secret}`).toString('base64')}`,
      },
      body: new URLSearchParams(body),
    })
  return {
    issuer,
    provider,
    introspectionUrl: `http://${introspector.client_id}:${introspector.client_secret}@127.0.0.1:${new URL(issuer).port}/token/introspection`,
    get tokenGate() {
      return state.tokenGate
    },
    set tokenGate(gate) {
      state.tokenGate = gate
    },
    async introspect(token) {
      const response = await formPost('/token/introspection', { token })
      return (await response.json()) as { active: boolean; sub?: string; scope?: string; client_id?: string }
    },
    async revoke(token) {
      const found = (await provider.RefreshToken.find(token)) ?? (await provider.AccessToken.find(token))
      await found?.destroy()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** What the user saw at the end in the browser tab: Sendsmith's result page. */
export interface BrowserResult {
  status: number
  html: string
  csp: string | null
}

/**
 * The "browser" of the tests: a scripted HTTP client with a cookie jar that follows redirects and
 * fills the provider's devInteractions forms (login, then consent, or Cancel to deny), up to the
 * loopback redirect to Sendsmith.
 */
export async function scriptedBrowser(
  startUrl: string,
  options: { login: string; consent?: 'allow' | 'deny'; rewriteRedirect?: (url: URL) => URL },
): Promise<BrowserResult> {
  const cookies = new Map<string, string>()
  let url = new URL(startUrl)
  let method = 'GET'
  let body: URLSearchParams | undefined
  for (let hop = 0; hop < 20; hop++) {
    const loopback = url.hostname === '127.0.0.1' && url.pathname === '/' && url.port !== new URL(startUrl).port
    if (loopback && options.rewriteRedirect) url = options.rewriteRedirect(url)
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body,
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair.indexOf('=')
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1))
    }
    method = 'GET'
    body = undefined
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url)
      continue
    }
    const html = await response.text()
    if (loopback) return { status: response.status, html, csp: response.headers.get('content-security-policy') }
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
    if (!action) throw new Error(`The provider showed no form at ${url.href}: ${html.slice(0, 300)}`)
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1]
    if (prompt === 'consent' && options.consent === 'deny') {
      const abort = /href="([^"]*abort[^"]*)"/.exec(html)?.[1]
      if (!abort) throw new Error('The consent page has no cancel link')
      url = new URL(abort.replace(/&amp;/g, '&'), url)
      continue
    }
    method = 'POST'
    body = new URLSearchParams(
      prompt === 'login' ? { prompt, login: options.login, password: 'any' } : { prompt: prompt ?? 'consent' },
    )
    url = new URL(action.replace(/&amp;/g, '&'), url)
  }
  throw new Error('The sign-in went round in circles')
}
