import { z } from 'zod'
import { emailAddress, headerText } from './fields'
import { imapSettingsSchema, sentCopyModeSchema } from './imap'
import { accountOAuthSchema } from './oauth'

/** How the connection is secured: none, upgraded with STARTTLS, or TLS from the first byte (SSL/TLS). */
export const securitySchema = z.enum(['none', 'starttls', 'tls'])
export type Security = z.infer<typeof securitySchema>

/** How to sign in: `auto` picks from what the server offers (PLAIN, then LOGIN, then CRAM-MD5). */
export const authMethodSchema = z.enum(['auto', 'PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'])
export type AuthMethod = z.infer<typeof authMethodSchema>

/** A certificate fingerprint as we store and show it: `sha256:` and 64 lower-case hex digits. */
export const fingerprintSchema = z
  .string()
  .trim()
  .transform(
    (f) =>
      `sha256:${f
        .replace(/^sha256:/i, '')
        .replace(/:/g, '')
        .toLowerCase()}`,
  )
  .pipe(
    z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, 'The fingerprint must be sha256: followed by 64 hex digits (colons allowed)'),
  )

/** A certificate the user chose to trust for one account only (ARCHITECTURE.md: pin one fingerprint). */
export const trustedCertificateSchema = z.strictObject({
  fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  /** The certificate itself, so the TLS layer can trust exactly it. Public data, not a secret. */
  pem: z.string().max(64 * 1024),
  subject: z.string(),
  validTo: z.string(),
  trustedAt: z.string(),
})
export type TrustedCertificate = z.infer<typeof trustedCertificateSchema>

/** Where an account's DKIM signature points receivers: `selector._domainkey.domain`. */
export const dkimSettingsSchema = z.strictObject({
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/, {
      message: 'The DKIM domain must be a domain name such as example.com',
    }),
  selector: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]([a-z0-9-_]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-_]{0,61}[a-z0-9])?)*$/, {
      message: 'The DKIM selector must be letters, digits and hyphens, such as sendsmith1',
    }),
})
export type DkimSettings = z.infer<typeof dkimSettingsSchema>

const hostPattern =
  /^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)*$/u
const ipv6Literal = /^\[?[0-9a-f:.]+\]?$/i

const accountFields = {
  /** Shown in the From header and used to pick the account in the CLI. */
  name: headerText('Display name', 200).pipe(
    z.string().trim().min(1, 'Display name is empty: type the name recipients should see'),
  ),
  email: emailAddress('Email address'),
  host: z
    .string()
    .trim()
    .min(1, 'SMTP server is empty: type the outgoing server, such as smtp.example.com')
    .max(253, 'SMTP server is longer than 253 characters')
    .refine(
      (h) => hostPattern.test(h) || (h.includes(':') && ipv6Literal.test(h)),
      'SMTP server is not a host name or IP address: remove spaces and any "smtp://" prefix',
    ),
  port: z
    .number({ error: 'Port must be a number: 587 for STARTTLS, 465 for SSL/TLS' })
    .int('Port must be a whole number')
    .min(1, 'Port must be from 1 to 65535 (587 for STARTTLS, 465 for SSL/TLS)')
    .max(65535, 'Port must be from 1 to 65535 (587 for STARTTLS, 465 for SSL/TLS)'),
  security: securitySchema,
  /** "My outgoing server requires authentication". */
  auth: z.boolean(),
  username: headerText('User name', 320),
  /** Consent to send the password over a connection without TLS (security "none"). */
  allowInsecureAuth: z.boolean(),
  /** Extra certificate authority (PEM) to trust for this account only, e.g. a company CA. */
  ca: z
    .string()
    .max(64 * 1024, 'The CA certificate is larger than 64 KB: give one PEM certificate')
    .refine(
      (pem) => pem === '' || pem.includes('-----BEGIN CERTIFICATE-----'),
      'The CA certificate is not in PEM format (-----BEGIN CERTIFICATE-----)',
    )
    .optional(),
  /** SASL mechanism; `auto` takes the best the server offers. XOAUTH2 uses the secret as the access token. */
  authMethod: authMethodSchema.default('auto'),
  /** The name sent with EHLO; empty means this machine's host name. */
  clientName: z
    .string()
    .trim()
    .max(253, 'Client name is longer than 253 characters')
    .refine(
      (h) => h === '' || hostPattern.test(h) || /^\[[0-9a-f:.]+\]$/i.test(h),
      'Client name must be a host name such as laptop.example.com, or empty',
    )
    .default(''),
  /** Seconds to wait for the server to connect and answer. */
  timeoutSeconds: z
    .number({ error: 'Connection timeout must be a number of seconds' })
    .int('Connection timeout must be a whole number of seconds')
    .min(1, 'Connection timeout must be from 1 to 300 seconds')
    .max(300, 'Connection timeout must be from 1 to 300 seconds')
    .default(15),
  /** Reply-To for mail from this account; empty for none. */
  replyTo: z.union([z.literal(''), emailAddress('Reply-To')]).default(''),
  /** HTML signature inserted into new messages. */
  signatureHtml: z
    .string()
    .max(64 * 1024, 'The signature is larger than 64 KB')
    .default(''),
  /** The mailbox's IMAP server, for the copy in Sent and the round trip; absent: no IMAP. */
  imap: imapSettingsSchema.optional(),
  /** Whether sent messages get a copy in the IMAP Sent folder (auto, always, never). */
  sentCopy: sentCopyModeSchema.default('auto'),
  /** Sign in with OAuth2 (authMethod XOAUTH2): the provider, and the issuer for a custom one. */
  oauth: accountOAuthSchema.optional(),
}

/**
 * What the account form sends to `accounts:save`. `id` is set when editing. `password` is the only
 * place a secret crosses IPC: omitted, the stored one is kept; it goes to the keychain only.
 */
export const accountInputSchema = z
  .strictObject({
    id: z.uuid().optional(),
    ...accountFields,
    /** The password, or the OAuth2 access token when authMethod is XOAUTH2. */
    password: z.string().max(8192, 'Password is longer than 8192 characters').optional(),
    /**
     * A password for IMAP only, for servers whose IMAP password differs from SMTP's (keychain only):
     * omitted keeps the saved one, null goes back to the SMTP password.
     */
    imapPassword: z.string().min(1).max(8192, 'IMAP password is longer than 8192 characters').nullable().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.auth && input.username.trim() === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['username'],
        message: 'User name is empty: the server requires authentication, so type the login (often the email address)',
      })
    }
    if (input.auth && input.security === 'none' && !input.allowInsecureAuth) {
      ctx.addIssue({
        code: 'custom',
        path: ['security'],
        message:
          'Sending a password without encryption needs your consent: choose STARTTLS or SSL/TLS, or tick "Allow my password over an unencrypted connection"',
      })
    }
    if (input.imapPassword && !input.imap)
      ctx.addIssue({
        code: 'custom',
        path: ['imapPassword'],
        message: 'An IMAP password needs an IMAP server: fill in the incoming server, or leave the IMAP password empty',
      })
    if (input.oauth) {
      if (!input.auth || input.authMethod !== 'XOAUTH2')
        ctx.addIssue({
          code: 'custom',
          path: ['authMethod'],
          message: 'Signing in with a provider needs authentication on, with the XOAUTH2 method',
        })
      if (input.oauth.provider === 'custom' && !input.oauth.issuer)
        ctx.addIssue({
          code: 'custom',
          path: ['oauth'],
          message: 'A custom sign-in provider needs its issuer URL, such as https://login.example.com',
        })
      if (input.password !== undefined && input.password !== '')
        ctx.addIssue({
          code: 'custom',
          path: ['password'],
          message: 'An account that signs in with a provider has no password: sign in through the browser instead',
        })
    }
  })
export type AccountInput = z.input<typeof accountInputSchema>

/** An account as stored and as the renderer sees it: no secret, only whether one is stored. */
export const accountSchema = z.strictObject({
  id: z.uuid(),
  ...accountFields,
  hasPassword: z.boolean(),
  /** IMAP signs in with its own password (in the keychain); false: with the SMTP password. */
  hasImapPassword: z.boolean().optional(),
  /** The account From and the CLI use when none is named. */
  isDefault: z.boolean().default(false),
  /** Set only through `accounts:trust`; dropped when the host or port changes. */
  trustedCertificate: trustedCertificateSchema.optional(),
  /** DKIM signing (set only through `dkim:configure`): the private key is in the keychain, never here. */
  dkim: dkimSettingsSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Account = z.infer<typeof accountSchema>

/** What an import would bring in that widens whom the account trusts: shown, and asked for, per account. */
export const importTrustSchema = z.strictObject({
  /** An extra certificate authority (PEM) the account would trust. */
  ca: z.strictObject({ subject: z.string(), fingerprint: z.string(), validTo: z.string() }).optional(),
  /** A pinned server certificate (one fingerprint trusted for this account). */
  trustedCertificate: z.strictObject({ subject: z.string(), fingerprint: z.string(), validTo: z.string() }).optional(),
  /** The consent to send the password over a connection without TLS. */
  allowInsecureAuth: z.boolean(),
})
export type ImportTrust = z.infer<typeof importTrustSchema>

/** One account of an export file, as the import review lists it. */
export const importCandidateSchema = z.strictObject({
  /** Its place in the file; `accept` entries name accounts by it. */
  index: z.number().int(),
  name: z.string(),
  email: z.string(),
  host: z.string(),
  port: z.number().int(),
  security: securitySchema,
  auth: z.boolean(),
  trust: importTrustSchema,
})
export type ImportCandidate = z.infer<typeof importCandidateSchema>

/** The trust the user accepted for one account of the file; anything not accepted stays out. */
export const importAcceptSchema = z.strictObject({
  index: z.number().int().min(0).max(10_000),
  ca: z.boolean().default(false),
  trustedCertificate: z.boolean().default(false),
  allowInsecureAuth: z.boolean().default(false),
})
export type ImportAccept = z.input<typeof importAcceptSchema>

const importFileJson = z.string().max(5 * 1024 * 1024, 'The file is larger than 5 MB')

export const accountsContract = {
  /** All accounts, in the order they were created. */
  'accounts:list': { request: z.strictObject({}), response: z.array(accountSchema) },
  /** Create or update an account; the password (if given) goes to the OS keychain. */
  'accounts:save': { request: accountInputSchema, response: accountSchema },
  /** Delete an account and its keychain entry. */
  'accounts:delete': { request: z.strictObject({ id: z.uuid() }), response: z.strictObject({ id: z.uuid() }) },
  /** Copy an account (with its keychain secret) under a new name. */
  'accounts:duplicate': { request: z.strictObject({ id: z.uuid() }), response: accountSchema },
  /** Make this the default account. */
  'accounts:makeDefault': { request: z.strictObject({ id: z.uuid() }), response: z.array(accountSchema) },
  /** Account settings as JSON, never with secrets. */
  'accounts:export': {
    request: z.strictObject({ ids: z.array(z.uuid()).max(1000).optional() }),
    response: z.strictObject({ json: z.string() }),
  },
  /** The accounts of an export file and the trust each would bring (CA, pinned certificate, plaintext consent), imported nothing yet. */
  'accounts:importPreview': {
    request: z.strictObject({ json: importFileJson }),
    response: z.strictObject({ accounts: z.array(importCandidateSchema) }),
  },
  /**
   * Accounts from exported JSON; each one imported or skipped with the reason. Passwords are asked
   * for later. A CA, a pinned certificate or the plaintext-password consent comes in only where
   * `accept` names it for that account (see `accounts:importPreview`).
   */
  'accounts:import': {
    request: z.strictObject({ json: importFileJson, accept: z.array(importAcceptSchema).max(10_000).optional() }),
    response: z.strictObject({
      imported: z.array(accountSchema),
      skipped: z.array(z.strictObject({ name: z.string(), reason: z.string() })),
    }),
  },
} as const
