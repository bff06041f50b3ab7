import { describe, expect, it } from 'vitest'
import {
  findProviderByDomain,
  findProviderByMxHost,
  providerCandidates,
  providers,
} from '../../../../electron/services/autodetect/provider-table'

describe('provider table', () => {
  it('knows Gmail and Googlemail, implicit TLS first, with the app password note', () => {
    for (const domain of ['gmail.com', 'GoogleMail.com']) {
      const gmail = findProviderByDomain(domain)
      expect(gmail?.name).toBe('Gmail')
      expect(gmail?.servers).toEqual([
        { host: 'smtp.gmail.com', port: 465, security: 'tls' },
        { host: 'smtp.gmail.com', port: 587, security: 'starttls' },
      ])
      expect(gmail?.notes.join(' ')).toMatch(/app password/)
    }
  })

  it.each([
    ['hotmail.co.uk', 'smtp-mail.outlook.com', 587, 'starttls'],
    ['live.com', 'smtp-mail.outlook.com', 587, 'starttls'],
    ['me.com', 'smtp.mail.me.com', 587, 'starttls'],
    ['mac.com', 'smtp.mail.me.com', 587, 'starttls'],
    ['yahoo.com', 'smtp.mail.yahoo.com', 465, 'tls'],
    ['aol.com', 'smtp.aol.com', 465, 'tls'],
    ['fastmail.com', 'smtp.fastmail.com', 465, 'tls'],
    ['zoho.eu', 'smtp.zoho.eu', 465, 'tls'],
    ['gmx.de', 'mail.gmx.net', 465, 'tls'],
    ['gmx.com', 'mail.gmx.com', 465, 'tls'],
    ['web.de', 'smtp.web.de', 587, 'starttls'],
    ['mail.ru', 'smtp.mail.ru', 465, 'tls'],
    ['yandex.ru', 'smtp.yandex.com', 465, 'tls'],
    ['mailbox.org', 'smtp.mailbox.org', 465, 'tls'],
    ['posteo.de', 'posteo.de', 465, 'tls'],
    ['proton.me', '127.0.0.1', 1025, 'starttls'],
  ])('%s submits to %s:%i (%s) first', (domain, host, port, security) => {
    expect(findProviderByDomain(domain)?.servers[0]).toEqual({ host, port, security })
  })

  it('sends Proton users to Bridge on this computer and says so', () => {
    const proton = findProviderByDomain('pm.me')!
    expect(proton.notes.join(' ')).toMatch(/Bridge.*must be running/)
    expect(proton.notes.join(' ')).toMatch(/not your Proton password/)
  })

  it('does not know other domains', () => {
    expect(findProviderByDomain('example.com')).toBeUndefined()
    expect(findProviderByDomain('notgmail.com')).toBeUndefined()
  })

  it('recognises hosted domains by their MX host', () => {
    expect(findProviderByMxHost('aspmx.l.google.com.')?.mxName).toBe('Google Workspace')
    expect(findProviderByMxHost('smtp.google.com')?.name).toBe('Gmail')
    expect(findProviderByMxHost('contoso-com.mail.protection.outlook.com')?.servers).toEqual([
      { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    ])
    expect(findProviderByMxHost('in1-smtp.messagingengine.com')?.name).toBe('Fastmail')
    expect(findProviderByMxHost('mx.zoho.eu')?.servers[0].host).toBe('smtppro.zoho.eu')
    expect(findProviderByMxHost('mx.notgoogle.com')).toBeUndefined()
    expect(findProviderByMxHost('evilgoogle.com')).toBeUndefined()
  })

  it('gives candidates that sign in with the full address and carry the notes', () => {
    const [first] = providerCandidates(findProviderByDomain('icloud.com')!, 'ann@icloud.com', {
      source: 'provider',
      sourceDetail: 'iCloud Mail (built-in list)',
    })
    expect(first).toMatchObject({
      host: 'smtp.mail.me.com',
      port: 587,
      security: 'starttls',
      source: 'provider',
      username: 'ann@icloud.com',
      verified: false,
    })
    expect(first.notes.join(' ')).toMatch(/app-specific password/)
  })

  it('has each domain once, and the usual port for each security mode', () => {
    const domains = providers.flatMap((p) => p.domains)
    expect(new Set(domains).size).toBe(domains.length)
    for (const server of providers.flatMap((p) => p.servers)) {
      if (server.port === 465) expect(server.security).toBe('tls')
      if (server.port === 587) expect(server.security).toBe('starttls')
    }
  })
})
