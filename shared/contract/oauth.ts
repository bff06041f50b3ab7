import { z } from 'zod'

/** The providers Sendsmith knows how to sign in with (OAuth2, RFC 8252), plus any OpenID issuer. */
export const oauthProviderIds = ['microsoft', 'google', 'yahoo', 'aol', 'fastmail', 'yandex', 'custom'] as const
export const oauthProviderIdSchema = z.enum(oauthProviderIds, {
  error: `The sign-in provider must be one of ${oauthProviderIds.join(', ')}`,
})
export type OAuthProviderId = z.infer<typeof oauthProviderIdSchema>

const issuerUrl = z
  .string()
  .trim()
  .max(2000, 'The issuer URL is longer than 2000 characters')
  .refine((value) => {
    try {
      const url = new URL(value)
      // Plain http only on this machine (a provider under test), never across a network.
      return (
        url.protocol === 'https:' ||
        (url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname))
      )
    } catch {
      return false
    }
  }, 'The issuer must be an https:// URL, such as https://login.example.com')

/** An account's OAuth2 settings: who signs it in. Tokens live in the keychain; client IDs per provider in settings. */
export const accountOAuthSchema = z.strictObject({
  provider: oauthProviderIdSchema,
  /** The OpenID issuer for `custom` (discovery reads its metadata). */
  issuer: issuerUrl.optional(),
  /** Scopes to ask for instead of the provider's usual ones. */
  scope: z.string().trim().max(1000, 'The scope is longer than 1000 characters').optional(),
})
export type AccountOAuth = z.infer<typeof accountOAuthSchema>

/** The app registration a user (or their admin) made with one provider: never a secret here. */
export const oauthClientSchema = z.strictObject({
  provider: oauthProviderIdSchema,
  /** For `custom`: which issuer this client ID belongs to. */
  issuer: z.string().optional(),
  label: z.string(),
  clientId: z.string(),
  /** Whether a client secret is in the keychain (some providers insist on one even for desktop apps). */
  hasClientSecret: z.boolean(),
  clientSecret: z.enum(['none', 'optional', 'required']),
  /** Where to register an app with this provider. */
  registerUrl: z.string(),
})
export type OAuthClient = z.infer<typeof oauthClientSchema>

/** Whether an account can send: signed in, or waiting for the user to sign in (again). */
export const oauthStatusSchema = z.strictObject({
  accountId: z.uuid(),
  signedIn: z.boolean(),
  /** The refresh token was refused (revoked, expired, password changed): "Sign in again". */
  needsSignIn: z.boolean(),
  /** When the current access token expires (Sendsmith refreshes it before then). */
  expiresAt: z.string().optional(),
  signedInAt: z.string().optional(),
})
export type OAuthStatus = z.infer<typeof oauthStatusSchema>

const clientIdField = z
  .string()
  .trim()
  .min(1, 'The client ID is empty: paste the application (client) ID from your app registration')
  .max(500, 'The client ID is longer than 500 characters')
  .regex(/^[\x21-\x7e]+$/, 'The client ID has spaces or unusual characters: paste it exactly as the provider shows it')

export const oauthContract = {
  /** Each provider's client registration (ID, whether a secret is stored), for the settings. */
  'oauth:clients': { request: z.strictObject({}), response: z.array(oauthClientSchema) },
  /** Set one provider's client ID; a client secret, if given, goes to the keychain only. */
  'oauth:setClient': {
    request: z.strictObject({
      provider: oauthProviderIdSchema,
      issuer: issuerUrl.optional(),
      clientId: clientIdField,
      clientSecret: z.string().max(2000, 'The client secret is longer than 2000 characters').optional(),
    }),
    response: oauthClientSchema,
  },
  /** Opens the system browser to sign the account in; resolves once the tokens are in the keychain. */
  'oauth:signIn': { request: z.strictObject({ accountId: z.uuid() }), response: oauthStatusSchema },
  /** Stops a sign-in that is waiting for the browser (the user closed the tab). */
  'oauth:cancelSignIn': {
    request: z.strictObject({ accountId: z.uuid() }),
    response: z.strictObject({ cancelled: z.boolean() }),
  },
  /** Signed in or not, for the account form. */
  'oauth:status': { request: z.strictObject({ accountId: z.uuid() }), response: oauthStatusSchema },
} as const
