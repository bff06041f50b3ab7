import { describe, expect, it } from 'vitest'
import { findProviderByDomain } from '../../../../electron/services/autodetect/provider-table'
import {
  clientKey,
  oauthProviderFor,
  oauthProviderForHost,
  oauthProviders,
  scopeFor,
  signInScope,
  smtpConnectionLimit,
} from '../../../../electron/services/oauth/provider-table'

describe('OAuth2 provider table', () => {
  it('asks Microsoft for SMTP.Send and a refresh token on the /common endpoints, as a public client', () => {
    const microsoft = oauthProviders.microsoft
    expect(scopeFor(microsoft, {})).toBe('https://outlook.office.com/SMTP.Send offline_access')
    expect(microsoft.authorizationEndpoint).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize')
    expect(microsoft.tokenEndpoint).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/token')
    expect(microsoft.clientSecret).toBe('none')
  })

  it('asks Google for full mail access, offline, and discovers its endpoints', () => {
    const google = oauthProviders.google
    expect(scopeFor(google, {})).toBe('https://mail.google.com/')
    expect(google.discovery).toBe(true)
    expect(google.issuer).toBe('https://accounts.google.com')
    expect(google.authorizationParams).toMatchObject({ access_type: 'offline' })
  })

  it.each([
    ['smtp.office365.com', 'microsoft'],
    ['smtp-mail.outlook.com', 'microsoft'],
    ['SMTP.Gmail.com', 'google'],
    ['smtp.mail.yahoo.com', 'yahoo'],
    ['smtp.aol.com', 'aol'],
    ['smtp.fastmail.com', 'fastmail'],
    ['smtp.yandex.com', 'yandex'],
  ])('knows that %s takes %s tokens', (host, provider) => {
    expect(oauthProviderForHost(host)?.id).toBe(provider)
  })

  it('has no provider for an unknown host, and ships no client ID that belongs to someone else', () => {
    expect(oauthProviderForHost('mail.example.com')).toBeUndefined()
    for (const provider of Object.values(oauthProviders)) expect(provider.builtInClientId).toBeUndefined()
  })

  it('keeps IMAP scopes beside the SMTP ones, for the IMAP Sent copy', () => {
    expect(scopeFor(oauthProviders.microsoft, {}, 'imap')).toMatch(/IMAP\.AccessAsUser\.All/)
    expect(scopeFor(oauthProviders.fastmail, {}, 'imap')).toBe('https://www.fastmail.com/dev/protocol-imap')
  })

  it('asks for the IMAP scopes too at sign-in when the account keeps a copy in Sent over IMAP, each scope once', () => {
    expect(signInScope(oauthProviders.microsoft, {}, { imap: false })).toBe(
      'https://outlook.office.com/SMTP.Send offline_access',
    )
    expect(signInScope(oauthProviders.microsoft, {}, { imap: true })).toBe(
      'https://outlook.office.com/SMTP.Send offline_access https://outlook.office.com/IMAP.AccessAsUser.All',
    )
    expect(signInScope(oauthProviders.google, {}, { imap: true })).toBe('https://mail.google.com/')
    expect(signInScope(oauthProviders.yandex, {}, { imap: true })).toBe('mail:smtp mail:imap_full')
    // The account's own scope (a custom issuer's) is asked for as it is.
    expect(signInScope(oauthProviders.fastmail, { scope: 'smtp imap' }, { imap: true })).toBe('smtp imap')
  })

  it('builds a custom provider from any OpenID issuer, asks for consent (offline_access), and files its client ID per issuer', () => {
    const custom = oauthProviderFor({ provider: 'custom', issuer: 'https://login.example.com/realms/mail' })
    expect(custom).toMatchObject({
      label: 'login.example.com',
      discovery: true,
      issuer: 'https://login.example.com/realms/mail',
    })
    expect(custom.authorizationParams).toEqual({ prompt: 'consent' })
    expect(scopeFor(custom, {})).toBe('openid email offline_access')
    expect(scopeFor(custom, { scope: 'smtp offline_access' })).toBe('smtp offline_access')
    expect(clientKey({ provider: 'custom', issuer: 'https://a.example' })).toBe('custom:https://a.example')
    expect(clientKey({ provider: 'google' })).toBe('google')
  })

  it('caps SMTP sessions per mailbox where the provider does (Microsoft: 3), and nowhere else', () => {
    expect(smtpConnectionLimit('smtp.office365.com')).toBe(3)
    expect(smtpConnectionLimit('smtp-mail.outlook.com')).toBe(3)
    expect(smtpConnectionLimit('smtp.gmail.com')).toBe(Infinity)
    expect(smtpConnectionLimit('mail.example.com')).toBe(Infinity)
  })

  it.each([
    ['outlook.com', /^Outlook\.com: sign in with Microsoft/],
    ['gmail.com', /^Gmail: sign in with Google, or use an app password/],
    ['yahoo.com', /sign in with Yahoo, or use an app password/],
    ['aol.com', /sign in with AOL/],
  ])('autodetect tells a %s user how to sign in', (domain, note) => {
    expect(findProviderByDomain(domain)?.notes.join(' ')).toMatch(note)
  })
})
