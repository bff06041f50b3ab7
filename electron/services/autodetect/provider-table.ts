import type { ServerCandidate } from '../../../shared/contract'
import type { Security } from '../../../shared/contract/accounts'

/** One submission server a provider documents. */
export interface ProviderServer {
  host: string
  port: number
  security: Security
}

/** A mail provider's published submission settings. */
export interface Provider {
  name: string
  /** Email domains that belong to the provider. */
  domains: string[]
  /** MX host suffixes that mean "this (custom) domain is hosted here". */
  mxSuffixes?: string[]
  /** The product name for a custom domain found through its MX, when it differs ("Google Workspace"). */
  mxName?: string
  /** Best first: implicit TLS (465) before STARTTLS (587), as RFC 8314 prefers. */
  servers: ProviderServer[]
  notes: string[]
}

const tls = (host: string, port = 465): ProviderServer => ({ host, port, security: 'tls' })
const starttls = (host: string, port = 587): ProviderServer => ({ host, port, security: 'starttls' })

const appPassword = (where: string) =>
  `Needs an app password when two-step verification is on (${where}); your normal password is refused then.`

const zohoRegion = (tld: string, domains: string[]): Provider[] => [
  {
    name: `Zoho Mail (zoho.${tld})`,
    domains,
    servers: [tls(`smtp.zoho.${tld}`), starttls(`smtp.zoho.${tld}`)],
    notes: [appPassword('Zoho Accounts > Security > App passwords')],
  },
  {
    name: `Zoho Mail for your domain (zoho.${tld})`,
    domains: [],
    mxSuffixes: [`zoho.${tld}`],
    // Organisation (custom domain) accounts submit through smtppro, personal ones through smtp.
    servers: [tls(`smtppro.zoho.${tld}`), starttls(`smtppro.zoho.${tld}`)],
    notes: [appPassword('Zoho Accounts > Security > App passwords')],
  },
]

/**
 * Major providers' submission settings as they document them. Checked before anything touches the
 * network, so a Gmail user gets the right answer instantly, with the notes that save a support call.
 */
export const providers: Provider[] = [
  {
    name: 'Gmail',
    domains: ['gmail.com', 'googlemail.com'],
    mxSuffixes: ['google.com', 'googlemail.com'],
    mxName: 'Google Workspace',
    servers: [tls('smtp.gmail.com'), starttls('smtp.gmail.com')],
    notes: [
      'Gmail: sign in with Google, or use an app password (turn on 2-Step Verification, then create one at myaccount.google.com/apppasswords); your normal password is refused.',
    ],
  },
  {
    name: 'Outlook.com',
    domains: [
      'outlook.com',
      'hotmail.com',
      'live.com',
      'msn.com',
      'passport.com',
      'windowslive.com',
      'outlook.de',
      'outlook.fr',
      'outlook.es',
      'outlook.it',
      'outlook.jp',
      'outlook.co.uk',
      'hotmail.co.uk',
      'hotmail.fr',
      'hotmail.de',
      'hotmail.it',
      'hotmail.es',
      'hotmail.nl',
      'live.co.uk',
      'live.fr',
      'live.de',
      'live.it',
      'live.nl',
      'live.ca',
      'live.com.au',
    ],
    servers: [starttls('smtp-mail.outlook.com')],
    notes: [
      'Outlook.com: sign in with Microsoft. Microsoft turned off password sign-in for SMTP on Outlook.com and Hotmail accounts in September 2024.',
    ],
  },
  {
    name: 'Microsoft 365',
    domains: [],
    mxSuffixes: ['mail.protection.outlook.com', 'mx.microsoft'],
    servers: [starttls('smtp.office365.com')],
    notes: [
      'Your Microsoft 365 administrator must turn on "Authenticated SMTP" (SMTP AUTH) for the mailbox; it is off by default.',
      'Microsoft 365: sign in with Microsoft. Password (Basic) sign-in for SMTP AUTH is off for new tenants and by default for all from the end of December 2026.',
    ],
  },
  {
    name: 'Yahoo Mail',
    domains: [
      'yahoo.com',
      'ymail.com',
      'rocketmail.com',
      'yahoo.co.uk',
      'yahoo.fr',
      'yahoo.de',
      'yahoo.it',
      'yahoo.es',
      'yahoo.ca',
      'yahoo.com.au',
      'yahoo.co.in',
      'yahoo.com.br',
    ],
    servers: [tls('smtp.mail.yahoo.com'), starttls('smtp.mail.yahoo.com')],
    notes: [
      'Yahoo: sign in with Yahoo, or use an app password (Account Info > Account Security > Generate app password); your normal password is refused in mail apps.',
    ],
  },
  {
    name: 'AOL Mail',
    domains: ['aol.com', 'aim.com', 'aol.co.uk', 'aol.de', 'aol.fr'],
    servers: [tls('smtp.aol.com'), starttls('smtp.aol.com')],
    notes: [
      'AOL: sign in with AOL, or use an app password (Account Security > Generate app password); your normal password is refused in mail apps.',
    ],
  },
  {
    name: 'iCloud Mail',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    mxSuffixes: ['mail.icloud.com'],
    servers: [starttls('smtp.mail.me.com')],
    notes: [
      'Needs an app-specific password (account.apple.com > Sign-In and Security > App-Specific Passwords); your Apple Account password is refused.',
      'Sign in with your full iCloud Mail address; for a custom domain, use your @icloud.com address if the custom one is refused.',
    ],
  },
  {
    name: 'Fastmail',
    domains: [
      'fastmail.com',
      'fastmail.fm',
      'fastmail.net',
      'fastmail.org',
      'fastmail.us',
      'fastmail.co.uk',
      'fastmail.de',
      'fastmail.to',
      'sent.com',
      'eml.cc',
      'messagingengine.com',
    ],
    mxSuffixes: ['messagingengine.com'],
    servers: [tls('smtp.fastmail.com'), starttls('smtp.fastmail.com')],
    notes: [
      'Fastmail: an app password with SMTP access (Settings > Privacy & Security > Manage app passwords), or sign in with Fastmail with a registered client; your login password is refused.',
    ],
  },
  ...zohoRegion('com', ['zoho.com', 'zohomail.com']),
  ...zohoRegion('eu', ['zoho.eu', 'zohomail.eu']),
  ...zohoRegion('in', ['zoho.in', 'zohomail.in']),
  {
    name: 'GMX',
    domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
    servers: [tls('mail.gmx.net'), starttls('mail.gmx.net')],
    notes: [
      'Turn on "POP3/IMAP access" in the GMX settings (E-Mail > Settings > POP3/IMAP) first, or sending is refused.',
    ],
  },
  {
    name: 'GMX (international)',
    domains: ['gmx.com', 'gmx.us', 'gmx.co.uk', 'gmx.fr', 'gmx.es'],
    servers: [tls('mail.gmx.com'), starttls('mail.gmx.com')],
    notes: ['Turn on "POP3/IMAP access" in the GMX settings first, or sending is refused.'],
  },
  {
    name: 'WEB.DE',
    domains: ['web.de'],
    servers: [starttls('smtp.web.de')],
    notes: [
      'Turn on "POP3/IMAP access" in the WEB.DE settings (E-Mail > Settings > POP3/IMAP) first, or sending is refused.',
    ],
  },
  {
    name: 'Mail.ru',
    domains: ['mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'internet.ru'],
    mxSuffixes: ['mail.ru'],
    servers: [tls('smtp.mail.ru')],
    notes: [
      'Needs a password for external apps (Mail.ru account > Security > Passwords for external apps); your normal password is refused.',
    ],
  },
  {
    name: 'Yandex Mail',
    domains: ['yandex.ru', 'yandex.com', 'ya.ru', 'yandex.by', 'yandex.kz', 'yandex.ua', 'yandex.com.tr', 'narod.ru'],
    mxSuffixes: ['yandex.net', 'yandex.ru'],
    servers: [tls('smtp.yandex.com'), starttls('smtp.yandex.com')],
    notes: [
      'Allow mail clients in Yandex Mail settings (Mail clients > "From the imap.yandex.com server via IMAP"), then sign in with Yandex or use an app password.',
    ],
  },
  {
    name: 'Proton Mail Bridge',
    domains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'],
    mxSuffixes: ['protonmail.ch'],
    servers: [starttls('127.0.0.1', 1025)],
    notes: [
      'Sends through Proton Mail Bridge (paid plans), which must be running on this computer.',
      'Use the user name and password that Bridge shows, not your Proton password.',
      'Bridge uses its own self-signed certificate: the connection test will ask you to trust it.',
      'Business plans with a custom domain can instead use smtp.protonmail.ch port 587 (STARTTLS) with an SMTP token.',
    ],
  },
  {
    name: 'mailbox.org',
    domains: ['mailbox.org'],
    mxSuffixes: ['mailbox.org'],
    servers: [tls('smtp.mailbox.org'), starttls('smtp.mailbox.org')],
    notes: [],
  },
  {
    name: 'Posteo',
    domains: [
      'posteo.de',
      'posteo.net',
      'posteo.at',
      'posteo.ch',
      'posteo.org',
      'posteo.eu',
      'posteo.be',
      'posteo.uk',
      'posteo.us',
    ],
    servers: [tls('posteo.de'), starttls('posteo.de')],
    notes: [],
  },
]

/** The provider an email domain belongs to, if it is in the table. */
export function findProviderByDomain(domain: string): Provider | undefined {
  const wanted = domain.toLowerCase()
  return providers.find((p) => p.domains.includes(wanted))
}

/** The provider hosting a (custom) domain, judged by its MX host name. */
export function findProviderByMxHost(mxHost: string): Provider | undefined {
  const host = mxHost.toLowerCase().replace(/\.$/, '')
  return providers.find((p) => p.mxSuffixes?.some((suffix) => host === suffix || host.endsWith(`.${suffix}`)))
}

/** The provider's servers as candidates for `email`. */
export function providerCandidates(
  provider: Provider,
  email: string,
  from: { source: 'provider' | 'mx'; sourceDetail: string },
): ServerCandidate[] {
  return provider.servers.map((server) => ({
    ...server,
    source: from.source,
    sourceDetail: from.sourceDetail,
    username: email,
    notes: [...provider.notes],
    verified: false,
  }))
}
