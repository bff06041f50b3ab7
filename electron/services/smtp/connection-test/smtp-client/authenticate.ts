import { createHmac } from 'node:crypto'
import type { AuthMethod } from '../../../../../shared/contract'
import { SendsmithError } from '../../../errors/app-error'
import { replyError, type SmtpReply } from './smtp-errors'
import type { SmtpSession } from './smtp-session'

export type SaslMechanism = Exclude<AuthMethod, 'auto'>

/** What `auto` tries, best first; the same order nodemailer uses when sending. */
const autoOrder: SaslMechanism[] = ['PLAIN', 'LOGIN', 'CRAM-MD5']

/**
 * The mechanism to sign in with: the account's choice when the server offers it, or under `auto`
 * the first of PLAIN, LOGIN, CRAM-MD5 it offers. Refuses with advice when there is none to use.
 */
export function chooseMechanism(authMethod: AuthMethod, offered: string[]): SaslMechanism {
  const list = offered.length > 0 ? offered.join(' ') : 'none'
  if (offered.length === 0) {
    throw new SendsmithError({
      code: 'AUTH_FAILED',
      field: 'auth',
      message: 'The server offers no authentication on this connection',
      hint: 'Many servers offer AUTH only after STARTTLS or on port 587/465: check the security setting, or untick "My outgoing server requires authentication" if it needs none.',
    })
  }
  if (authMethod !== 'auto') {
    if (offered.includes(authMethod)) return authMethod
    throw new SendsmithError({
      code: 'AUTH_FAILED',
      field: 'authMethod',
      message: `The server does not offer ${authMethod} (it offers: ${list})`,
      hint: 'Choose Auto as the authentication method, or one the server offers.',
    })
  }
  const best = autoOrder.find((m) => offered.includes(m))
  if (best) return best
  throw new SendsmithError({
    code: 'AUTH_FAILED',
    field: 'authMethod',
    message: `The server offers none of PLAIN, LOGIN or CRAM-MD5 (it offers: ${list})`,
    hint: offered.includes('XOAUTH2')
      ? 'Choose XOAUTH2 and use an OAuth2 access token as the password.'
      : 'Ask the provider which sign-in method its SMTP server supports.',
  })
}

/**
 * Signs in with one SASL mechanism and resolves with the server's 235 reply. Any other final
 * reply rejects with code EAUTH and the server's reply (535, 534, 530, ...) for toAppError.
 */
export async function authenticate(
  session: SmtpSession,
  mechanism: SaslMechanism,
  username: string,
  secret: string,
): Promise<SmtpReply> {
  const command = `AUTH ${mechanism}`
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')
  const expect = (reply: SmtpReply, code: number) => {
    if (reply.code !== code) throw replyError('EAUTH', command, reply)
    return reply
  }
  switch (mechanism) {
    case 'PLAIN':
      return expect(
        await session.command(`AUTH PLAIN ${b64(`\u0000${username}\u0000${secret}`)}`, { name: command }),
        235,
      )
    case 'LOGIN': {
      expect(await session.command('AUTH LOGIN'), 334)
      expect(await session.command(b64(username), { name: command }), 334)
      return expect(await session.command(b64(secret), { name: command }), 235)
    }
    case 'CRAM-MD5': {
      const challenge = expect(await session.command('AUTH CRAM-MD5'), 334)
      const nonce = Buffer.from(challenge.lines[0].slice(4).trim(), 'base64').toString('utf8')
      const digest = createHmac('md5', secret).update(nonce).digest('hex')
      return expect(await session.command(b64(`${username} ${digest}`), { name: command }), 235)
    }
    case 'XOAUTH2': {
      let reply = await session.command(
        `AUTH XOAUTH2 ${b64(`user=${username}\u0001auth=Bearer ${secret}\u0001\u0001`)}`,
        { name: command },
      )
      if (reply.code === 334) {
        // The 334 carries the provider's JSON error; an empty line asks for the final reply (RFC 7628).
        session.transcript.info(
          `XOAUTH2 error from the server: ${Buffer.from(reply.lines[0].slice(4).trim(), 'base64').toString('utf8')}`,
        )
        reply = await session.command('', { name: command })
      }
      return expect(reply, 235)
    }
  }
}
