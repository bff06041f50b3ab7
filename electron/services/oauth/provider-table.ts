import type { OAuthProviderId } from '../../../shared/contract'

/** What a mail protocol needs from one provider's tokens; IMAP is kept here for the Sent-copy work. */
export interface ProviderScopes {
  smtp: string
  imap?: string
}

/** One OAuth2 provider: where to sign in, what to ask for, and which mail hosts take its tokens. */
export interface OAuthProvider {
  id: OAuthProviderId
  /** "Sign in with {label}". */
  label: string
  /**
   * The issuer; with `discovery`, its metadata (RFC 8414 / OpenID Discovery) gives the endpoints.
   * Microsoft's /common issuer names a tenant placeholder in its metadata, so its endpoints are fixed here.
   */
  issuer: string
  discovery: boolean
  /** Used when there is no discovery. */
  authorizationEndpoint?: string
  tokenEndpoint?: string
  scopes: ProviderScopes
  /** SMTP host names whose XOAUTH2 takes this provider's tokens. */
  smtpHosts: string[]
  /** Concurrent SMTP sessions the provider allows per mailbox (Microsoft: 3). */
  maxSmtpConnections?: number
  /** Some providers refuse a desktop app without a (not really secret) client secret. */
  clientSecret: 'none' | 'optional' | 'required'
  /** Where the user (or their admin) registers an app to get a client ID. */
  registerUrl: string
  /** Extra parameters on the authorization request (Google gives a refresh token only with these). */
  authorizationParams?: Record<string, string>
  /** A client ID Sendsmith itself registered; none yet (we ship no ID that belongs to someone else). */
  builtInClientId?: string
}

/**
 * The providers, as Thunderbird and the providers' own docs describe them. Adding IMAP later is one
 * `scopes.imap` per row; shipping our own registered IDs is one `builtInClientId` per row.
 */
export const oauthProviders: Record<Exclude<OAuthProviderId, 'custom'>, OAuthProvider> = {
  microsoft: {
    id: 'microsoft',
    label: 'Microsoft',
    issuer: 'https://login.microsoftonline.com/common/v2.0',
    discovery: false,
    authorizationEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scopes: {
      smtp: 'https://outlook.office.com/SMTP.Send offline_access',
      imap: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access',
    },
    smtpHosts: ['smtp.office365.com', 'smtp-mail.outlook.com', 'outlook.office365.com'],
    maxSmtpConnections: 3,
    clientSecret: 'none',
    registerUrl: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
  },
  google: {
    id: 'google',
    label: 'Google',
    issuer: 'https://accounts.google.com',
    discovery: true,
    scopes: { smtp: 'https://mail.google.com/', imap: 'https://mail.google.com/' },
    authorizationParams: { access_type: 'offline', prompt: 'consent' },
    smtpHosts: ['smtp.gmail.com', 'smtp.googlemail.com'],
    // Google's "Desktop app" clients come with a secret that its token endpoint insists on.
    clientSecret: 'required',
    registerUrl: 'https://console.cloud.google.com/apis/credentials',
  },
  yahoo: {
    id: 'yahoo',
    label: 'Yahoo',
    issuer: 'https://api.login.yahoo.com',
    discovery: true,
    scopes: { smtp: 'mail-w', imap: 'mail-w' },
    smtpHosts: ['smtp.mail.yahoo.com'],
    clientSecret: 'required',
    registerUrl: 'https://developer.yahoo.com/apps/',
  },
  aol: {
    id: 'aol',
    label: 'AOL',
    issuer: 'https://api.login.aol.com',
    discovery: true,
    scopes: { smtp: 'mail-w', imap: 'mail-w' },
    smtpHosts: ['smtp.aol.com'],
    clientSecret: 'required',
    registerUrl: 'https://developer.yahoo.com/apps/',
  },
  fastmail: {
    id: 'fastmail',
    label: 'Fastmail',
    issuer: 'https://api.fastmail.com',
    discovery: false,
    authorizationEndpoint: 'https://api.fastmail.com/oauth/authorize',
    tokenEndpoint: 'https://api.fastmail.com/oauth/refresh',
    scopes: {
      smtp: 'https://www.fastmail.com/dev/protocol-smtp',
      imap: 'https://www.fastmail.com/dev/protocol-imap',
    },
    smtpHosts: ['smtp.fastmail.com'],
    clientSecret: 'none',
    registerUrl: 'https://www.fastmail.com/dev/',
  },
  yandex: {
    id: 'yandex',
    label: 'Yandex',
    issuer: 'https://oauth.yandex.com',
    discovery: false,
    authorizationEndpoint: 'https://oauth.yandex.com/authorize',
    tokenEndpoint: 'https://oauth.yandex.com/token',
    scopes: { smtp: 'mail:smtp', imap: 'mail:imap_full' },
    smtpHosts: ['smtp.yandex.com', 'smtp.yandex.ru'],
    clientSecret: 'optional',
    registerUrl: 'https://oauth.yandex.com/client/new',
  },
}

/** Scopes for any OpenID issuer when the user gives none: a refresh token and the address. */
export const customDefaultScope = 'openid email offline_access'

/** The provider for an account: a table row, or a custom one built from the account's issuer. */
export function oauthProviderFor(oauth: { provider: OAuthProviderId; issuer?: string }): OAuthProvider {
  if (oauth.provider !== 'custom') return oauthProviders[oauth.provider]
  const issuer = oauth.issuer ?? ''
  return {
    id: 'custom',
    label: labelOf(issuer),
    issuer,
    discovery: true,
    scopes: { smtp: customDefaultScope },
    // OpenID Connect issues a refresh token (offline_access) only after an explicit consent prompt.
    authorizationParams: { prompt: 'consent' },
    smtpHosts: [],
    clientSecret: 'optional',
    registerUrl: issuer,
  }
}

/** The provider whose tokens an SMTP host takes ("smtp.office365.com" -> Microsoft), if one does. */
export function oauthProviderForHost(host: string): OAuthProvider | undefined {
  const name = host.trim().toLowerCase().replace(/\.$/, '')
  return Object.values(oauthProviders).find((p) => p.smtpHosts.includes(name))
}

/** How many SMTP sessions at once a host's provider allows one mailbox (unlimited: Infinity). */
export function smtpConnectionLimit(host: string): number {
  return oauthProviderForHost(host)?.maxSmtpConnections ?? Infinity
}

/** The scopes to ask for: the account's own, or the provider's for the protocol. */
export function scopeFor(provider: OAuthProvider, oauth: { scope?: string }, protocol: keyof ProviderScopes = 'smtp') {
  return oauth.scope?.trim() || provider.scopes[protocol] || provider.scopes.smtp
}

/**
 * The scopes a sign-in asks for: the account's own, else the provider's SMTP scopes plus its IMAP
 * scopes when the account keeps a copy in Sent over IMAP, so one token serves both (each scope once).
 */
export function signInScope(provider: OAuthProvider, oauth: { scope?: string }, options: { imap: boolean }): string {
  if (oauth.scope?.trim()) return oauth.scope.trim()
  const wanted = [provider.scopes.smtp, ...(options.imap && provider.scopes.imap ? [provider.scopes.imap] : [])]
  return [...new Set(wanted.join(' ').split(/\s+/).filter(Boolean))].join(' ')
}

/** Where client IDs are filed: per provider, and per issuer for custom ones. */
export function clientKey(oauth: { provider: OAuthProviderId; issuer?: string }): string {
  return oauth.provider === 'custom' ? `custom:${oauth.issuer ?? ''}` : oauth.provider
}

function labelOf(issuer: string): string {
  try {
    return new URL(issuer).host
  } catch {
    return issuer || 'your provider'
  }
}
