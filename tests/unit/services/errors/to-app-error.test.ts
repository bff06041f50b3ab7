import { describe, expect, it } from 'vitest'
import { toAppError } from '../../../../electron/services/errors/to-app-error'

const at = { host: 'smtp.example.test', port: 587, security: 'starttls' as const }
const err = (message: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(message), fields)

describe('errors translated into advice', () => {
  it('535: wrong user name or password, mentioning app passwords', () => {
    const e = toAppError(
      err('Invalid login', {
        code: 'EAUTH',
        responseCode: 535,
        response: '535 5.7.8 Username and Password not accepted',
      }),
      at,
    )
    expect(e).toMatchObject({
      code: 'AUTH_FAILED',
      field: 'password',
      message: 'Authentication failed at smtp.example.test:587: the user name or password is wrong',
      response: '535 5.7.8 Username and Password not accepted',
    })
    expect(e.hint).toMatch(/app password/)
  })

  it('534 "application-specific password required": create an app password', () => {
    const e = toAppError(
      err('x', {
        code: 'EAUTH',
        responseCode: 534,
        response:
          '534-5.7.9 Application-specific password required.\n534 5.7.9 Learn more at https://support.example.test',
      }),
      at,
    )
    expect(e).toMatchObject({
      code: 'AUTH_FAILED',
      message: 'Authentication failed at smtp.example.test:587: the server refuses this way of signing in',
    })
    expect(e.hint).toMatch(/needs an app password/)
  })

  it('534 otherwise: app password or "less secure" access', () => {
    expect(
      toAppError(
        err('x', { code: 'EAUTH', responseCode: 534, response: '534 5.7.14 Please log in via your web browser' }),
        at,
      ).hint,
    ).toMatch(/less secure apps/)
  })

  it('530 authentication required: turn authentication on', () => {
    const e = toAppError(
      err('x', {
        code: 'EENVELOPE',
        command: 'MAIL FROM',
        responseCode: 530,
        response: '530 5.7.0 Authentication required',
      }),
      at,
    )
    expect(e).toMatchObject({ code: 'AUTH_REQUIRED', field: 'auth' })
  })

  it('530 "must issue STARTTLS first": choose encryption', () => {
    expect(
      toAppError(
        err('x', {
          code: 'EENVELOPE',
          command: 'MAIL FROM',
          responseCode: 530,
          response: '530 5.7.0 Must issue a STARTTLS command first',
        }),
        at,
      ),
    ).toMatchObject({ code: 'TLS_FAILED', field: 'security' })
  })

  it('554 relay denied: sign in or send from an accepted address', () => {
    const e = toAppError(
      err('x', {
        code: 'EENVELOPE',
        command: 'RCPT TO',
        responseCode: 554,
        response: '554 5.7.1 <bob@elsewhere.test>: Relay access denied',
        rejected: ['bob@elsewhere.test'],
      }),
      at,
    )
    expect(e).toMatchObject({ code: 'RECIPIENT_REFUSED', message: expect.stringContaining('bob@elsewhere.test') })
    expect(e.hint).toMatch(/will not relay/)
  })

  it('"wrong version number" with SSL/TLS chosen: suggests 587 with STARTTLS or 465 with SSL/TLS', () => {
    const e = toAppError(
      err('C0E7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number', {
        code: 'ERR_SSL_WRONG_VERSION_NUMBER',
      }),
      { ...at, security: 'tls' },
    )
    expect(e.code).toBe('TLS_FAILED')
    expect(e.hint).toMatch(/587 with STARTTLS/)
    expect(e.hint).toMatch(/465 with SSL\/TLS/)
  })

  it('no greeting on a plain connection: the port probably wants SSL/TLS', () => {
    const e = toAppError(err('No greeting from the server within 15 s', { code: 'ETIMEDOUT', command: 'CONN' }), {
      ...at,
      port: 465,
    })
    expect(e).toMatchObject({
      code: 'TIMEOUT',
      message: 'smtp.example.test:465 accepted the connection but sent no greeting',
    })
    expect(e.hint).toMatch(/SSL\/TLS \(usually port 465\)/)
    // nodemailer says it its own way when sending
    expect(toAppError(err('Greeting never received', { code: 'ETIMEDOUT', command: 'CONN' }), at).message).toContain(
      'sent no greeting',
    )
  })

  it('ECONNREFUSED, ETIMEDOUT and ENOTFOUND each say what to check', () => {
    expect(toAppError(err('connect ECONNREFUSED 192.0.2.1:587', { code: 'ECONNREFUSED' }), at)).toMatchObject({
      code: 'CONNECTION_REFUSED',
      message: 'smtp.example.test:587 refused the connection',
    })
    const timeout = toAppError(err('connect ETIMEDOUT 192.0.2.1:25', { code: 'ETIMEDOUT' }), { ...at, port: 25 })
    expect(timeout.code).toBe('TIMEOUT')
    expect(timeout.hint).toMatch(/blocked by your network/)
    expect(toAppError(err('getaddrinfo ENOTFOUND smtp.example.test', { code: 'ENOTFOUND' }), at)).toMatchObject({
      code: 'HOST_NOT_FOUND',
      message: 'The server name smtp.example.test could not be found',
    })
  })

  it('certificate errors: self-signed, expired and wrong name each get their own advice', () => {
    const selfSigned = toAppError(err('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), at)
    expect(selfSigned).toMatchObject({
      code: 'CERTIFICATE_INVALID',
      message: 'The certificate of smtp.example.test:587 is not trusted: self-signed certificate',
    })
    expect(selfSigned.hint).toMatch(/trust it for this account/)
    expect(toAppError(err('certificate has expired', { code: 'CERT_HAS_EXPIRED' }), at).hint).toMatch(/has expired/)
    expect(
      toAppError(
        err("Hostname/IP does not match certificate's altnames", {
          code: 'ERR_TLS_CERT_ALTNAME_INVALID',
          reason: "Host: smtp.example.test. is not in the cert's altnames",
        }),
        at,
      ).hint,
    ).toMatch(/another name/)
  })

  it('a refused greeting says the server refused the session', () => {
    expect(
      toAppError(
        err('x', { code: 'EGREETING', command: 'CONN', responseCode: 554, response: '554 No SMTP service here' }),
        at,
      ),
    ).toMatchObject({ code: 'CONNECTION_REFUSED', response: '554 No SMTP service here' })
  })
})
