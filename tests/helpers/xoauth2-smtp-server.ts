import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { testCertificate } from './test-certificate'
import type { TestOidcProvider } from './oidc-test-provider'

export interface Xoauth2SmtpServer {
  port: number
  /** Every XOAUTH2 attempt: the user, the token presented, and whether introspection said it was live. */
  attempts: { username: string; token: string; ok: boolean }[]
  /** Messages accepted, with the user that signed in. */
  messages: { user: string; raw: string }[]
  /** While true, every token is refused as invalid (334 + 535), live or not: a mailbox the token may not use. */
  refuseTokens: boolean
  close(): Promise<void>
}

/**
 * An SMTP server (smtp-server, STARTTLS) that takes only XOAUTH2 and checks each token by
 * introspection at the provider, as Microsoft's and Google's servers check theirs. A refused token
 * gets the 334 error challenge and then 535, as those servers answer.
 */
export async function startXoauth2SmtpServer(
  oidc: TestOidcProvider,
  options: { refuseAllWith?: string } = {},
): Promise<Xoauth2SmtpServer> {
  const attempts: Xoauth2SmtpServer['attempts'] = []
  const messages: Xoauth2SmtpServer['messages'] = []
  const state = { refuseTokens: false }
  const { key, cert } = testCertificate()
  const server = new SMTPServer({
    key,
    cert,
    authMethods: ['XOAUTH2'],
    logger: false,
    disableReverseLookup: true,
    banner: 'Sendsmith XOAUTH2 test server',
    onAuth(auth, _session, callback) {
      const token = auth.accessToken ?? ''
      void oidc.introspect(token).then(
        (result) => {
          const ok = result.active && result.sub === auth.username && !options.refuseAllWith && !state.refuseTokens
          attempts.push({ username: auth.username ?? '', token, ok })
          if (options.refuseAllWith)
            return callback(Object.assign(new Error(options.refuseAllWith), { responseCode: 535 }))
          if (!ok) return callback(null, { data: { status: '401', schemes: 'bearer', scope: 'smtp' } })
          callback(null, { user: auth.username })
        },
        (error: Error) => callback(error),
      )
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        messages.push({ user: String(session.user), raw: Buffer.concat(chunks).toString('utf8') })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.server.address() as AddressInfo).port,
    attempts,
    messages,
    get refuseTokens() {
      return state.refuseTokens
    },
    set refuseTokens(value: boolean) {
      state.refuseTokens = value
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
