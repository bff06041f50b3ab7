import * as oauth from 'oauth4webapi'
import { describe, expect, it } from 'vitest'
import { toAppError } from '../../../../electron/services/errors/to-app-error'
import { OAuthStepError } from '../../../../electron/services/oauth/oauth-step-error'

const at = { host: 'smtp.office365.com', port: 587, security: 'starttls' as const }
const smtpError = (response: string) =>
  Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535, response, command: 'AUTH XOAUTH2' })

const as: oauth.AuthorizationServer = {
  issuer: 'https://login.example.test',
  token_endpoint: 'https://login.example.test/token',
}
const client: oauth.Client = { client_id: 'sendsmith' }

/** What oauth4webapi throws for the browser's answer carrying `error`, run through the real library. */
function authorizationError(params: Record<string, string>): OAuthStepError {
  try {
    oauth.validateAuthResponse(as, client, new URLSearchParams({ state: 's', ...params }), 's')
  } catch (error) {
    return new OAuthStepError('authorization', 'Microsoft', error)
  }
  throw new Error('no error')
}

/** What oauth4webapi throws for a token endpoint's error body (RFC 6749 §5.2). */
async function tokenError(step: 'token' | 'refresh', body: Record<string, string>): Promise<OAuthStepError> {
  const response = new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json' } })
  try {
    await oauth.processRefreshTokenResponse(as, client, response)
  } catch (error) {
    return new OAuthStepError(step, 'Microsoft', error)
  }
  throw new Error('no error')
}

describe('OAuth2 and provider errors explained', () => {
  it('Microsoft 535 5.7.139: SMTP AUTH is off for the tenant or mailbox, and names the admin setting', () => {
    const e = toAppError(
      smtpError(
        '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.',
      ),
      at,
    )
    expect(e).toMatchObject({ code: 'AUTH_FAILED', field: 'auth' })
    expect(e.message).toMatch(/SMTP AUTH turned off/)
    expect(e.hint).toMatch(/Authenticated SMTP/)
    expect(e.hint).toMatch(/SmtpClientAuthenticationDisabled \$false/)
    expect(e.response).toContain('5.7.139')
  })

  it('Microsoft 535 5.7.3: sign in with Microsoft, with the mailbox the token belongs to', () => {
    const e = toAppError(
      smtpError('535 5.7.3 Authentication unsuccessful [AM0PR01CA0001.eurprd01.prod.exchangelabs.com]'),
      at,
    )
    expect(e.code).toBe('AUTH_FAILED')
    expect(e.message).toMatch(/Microsoft refused the sign-in .*5\.7\.3/)
    expect(e.hint).toMatch(/Sign in with Microsoft/)
    expect(e.hint).toMatch(/SMTP\.Send/)
  })

  it('Gmail 535-5.7.8: an app password or "Sign in with Google"', () => {
    const e = toAppError(
      smtpError(
        '535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials a1-20020a05 - gsmtp',
      ),
      { host: 'smtp.gmail.com', port: 465, security: 'tls' },
    )
    expect(e.message).toMatch(/Google refused the sign-in .*535-5\.7\.8/)
    expect(e.hint).toMatch(/app password/)
    expect(e.hint).toMatch(/Sign in with Google/)
  })

  it('"Need admin approval": an administrator must consent first', () => {
    const e = toAppError(
      authorizationError({
        error: 'access_denied',
        error_description: 'AADSTS90094: The grant requires admin permission.',
      }),
    )
    expect(e).toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: 'Microsoft needs an administrator to approve Sendsmith first',
    })
    expect(e.hint).toMatch(/Grant admin consent/)
    expect(e.response).toContain('AADSTS90094')
  })

  it('a denied consent: allow Sendsmith in the browser', () => {
    const e = toAppError(
      authorizationError({ error: 'access_denied', error_description: 'AADSTS65004: User declined to consent' }),
    )
    expect(e).toMatchObject({ code: 'SIGN_IN_FAILED', message: 'The sign-in with Microsoft was declined' })
    expect(e.hint).toMatch(/Accept/)
  })

  it('a wrong scope: names the scopes each provider needs', () => {
    const e = toAppError(
      authorizationError({
        error: 'invalid_scope',
        error_description: "AADSTS70011: The provided value for the input parameter 'scope' is not valid.",
      }),
    )
    expect(e).toMatchObject({ code: 'SIGN_IN_FAILED' })
    expect(e.message).toMatch(/does not accept the permissions/)
    expect(e.hint).toContain('https://outlook.office.com/SMTP.Send offline_access')
  })

  it('invalid_grant on refresh: the saved sign-in is gone, sign in again (messages wait)', async () => {
    const e = toAppError(
      await tokenError('refresh', {
        error: 'invalid_grant',
        error_description:
          'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.',
      }),
    )
    expect(e).toMatchObject({ code: 'SIGN_IN_REQUIRED', field: 'oauth' })
    expect(e.message).toMatch(/sign in again/)
    expect(e.hint).toMatch(/wait in the outbox/)
  })

  it('invalid_grant at the code exchange: the code expired or the redirect does not match', async () => {
    const e = toAppError(await tokenError('token', { error: 'invalid_grant' }))
    expect(e).toMatchObject({ code: 'SIGN_IN_FAILED', message: 'Microsoft refused the sign-in code' })
  })

  it('a provider that cannot be reached during refresh is a network failure (the message retries)', () => {
    const cause = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    })
    const e = toAppError(new OAuthStepError('refresh', 'Google', cause))
    expect(e.code).toBe('CONNECTION_REFUSED')
    expect(e.message).toMatch(/^Could not reach Google to sign in/)
  })
})
