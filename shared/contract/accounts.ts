import { z } from 'zod'
import { emailAddress, headerText } from './fields'

/** How the connection is secured: none, upgraded with STARTTLS, or TLS from the first byte (SSL/TLS). */
export const securitySchema = z.enum(['none', 'starttls', 'tls'])
export type Security = z.infer<typeof securitySchema>

const hostPattern = /^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)*$/u
const ipv6Literal = /^\[?[0-9a-f:.]+\]?$/i

const accountFields = {
  /** Shown in the From header and used to pick the account in the CLI. */
  name: headerText('Display name', 200).pipe(z.string().trim().min(1, 'Display name is empty: type the name recipients should see')),
  email: emailAddress('Email address'),
  host: z
    .string()
    .trim()
    .min(1, 'SMTP server is empty: type the outgoing server, such as smtp.example.com')
    .max(253, 'SMTP server is longer than 253 characters')
    .refine((h) => hostPattern.test(h) || (h.includes(':') && ipv6Literal.test(h)), 'SMTP server is not a host name or IP address: remove spaces and any "smtp://" prefix'),
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
    .refine((pem) => pem === '' || pem.includes('-----BEGIN CERTIFICATE-----'), 'The CA certificate is not in PEM format (-----BEGIN CERTIFICATE-----)')
    .optional(),
}

/**
 * What the account form sends to `accounts:save`. `id` is set when editing. `password` is the only
 * place a secret crosses IPC: omitted, the stored one is kept; it goes to the keychain only.
 */
export const accountInputSchema = z
  .strictObject({
    id: z.uuid().optional(),
    ...accountFields,
    password: z.string().max(1024, 'Password is longer than 1024 characters').optional(),
  })
  .superRefine((input, ctx) => {
    if (input.auth && input.username.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'User name is empty: the server requires authentication, so type the login (often the email address)' })
    }
    if (input.auth && input.security === 'none' && !input.allowInsecureAuth) {
      ctx.addIssue({
        code: 'custom',
        path: ['security'],
        message: 'Sending a password without encryption needs your consent: choose STARTTLS or SSL/TLS, or tick "Allow my password over an unencrypted connection"',
      })
    }
  })
export type AccountInput = z.infer<typeof accountInputSchema>

/** An account as stored and as the renderer sees it: no secret, only whether one is stored. */
export const accountSchema = z.strictObject({
  id: z.uuid(),
  ...accountFields,
  hasPassword: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Account = z.infer<typeof accountSchema>

export const accountsContract = {
  /** All accounts, in the order they were created. */
  'accounts:list': { request: z.strictObject({}), response: z.array(accountSchema) },
  /** Create or update an account; the password (if given) goes to the OS keychain. */
  'accounts:save': { request: accountInputSchema, response: accountSchema },
  /** Delete an account and its keychain entry. */
  'accounts:delete': { request: z.strictObject({ id: z.uuid() }), response: z.strictObject({ id: z.uuid() }) },
} as const
