import MailComposer from 'nodemailer/lib/mail-composer'
import { randomUUID } from 'node:crypto'
import type { Account, AppError, RoundTripReport } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { redactError, secretForms } from '../errors/redact-secrets'
import { toAppError } from '../errors/to-app-error'
import type { Network } from '../net/network'
import { secretAuth, type SmtpAuthProvider } from '../smtp/sender/auth-provider'
import { deliverMessage } from '../smtp/sender/deliver-message'
import { SmtpError } from '../smtp/sender/smtp-sender'
import { findByMessageId } from './append-sent-copy'
import { closeImap, openImap } from './imap-connection'
import { imapSettingsOf } from './imap-settings'
import { headerFields, parseAuthenticationResults, parseReceived } from './message-headers'
import { findJunkFolder } from './sent-folder'

export interface RoundTripOptions {
  network: Network
  timeoutMs: number
  signal?: AbortSignal
  deliver?: typeof deliverMessage
  /** The SMTP login (default: the secret); an OAuth2 token provider plugs in here. */
  auth?: SmtpAuthProvider
  /** Waits between looks into the INBOX and the spam folder: short at first, then longer. */
  pollDelaysMs?: number[]
  /** The account's own IMAP password, when it differs from SMTP's; default the secret. */
  imapSecret?: string
}

export const roundTripSubject = 'Sendsmith round trip'

/**
 * "Send a test to myself and read it back": sends a short message to the account's own address,
 * waits for it over IMAP in the INBOX (or the spam folder), and reports what the receiving side
 * recorded: Authentication-Results (SPF, DKIM, DMARC as the provider computed them), the Received
 * hops with their TLS, where it landed and how long it took. Never throws: failures are in `error`.
 */
export async function roundTrip(
  account: Account,
  secret: string | undefined,
  options: RoundTripOptions,
): Promise<RoundTripReport> {
  const started = performance.now()
  const secrets = [
    ...(secret ? secretForms(secret, account.username) : []),
    ...(options.imapSecret ? secretForms(options.imapSecret) : []),
  ]
  const report: RoundTripReport = {
    ok: false,
    messageId: '',
    sentTo: account.email,
    folder: null,
    inSpam: false,
    delayMs: null,
    authenticationResults: [],
    received: [],
    error: null,
    elapsedMs: 0,
  }
  const finish = (error: AppError | null): RoundTripReport => ({
    ...report,
    ok: error === null,
    error: error && redactError(error, secrets),
    elapsedMs: Math.round(performance.now() - started),
  })
  const settings = imapSettingsOf(account)
  let client
  try {
    // IMAP first: a wrong IMAP setting should not cost a message.
    client = await openImap(account, options.imapSecret ?? secret, { network: options.network, signal: options.signal })
    const junk = findJunkFolder(await client.list())
    const token = randomUUID().slice(0, 8)
    const composer = new MailComposer({
      from: { name: account.name, address: account.email },
      to: account.email,
      subject: `${roundTripSubject} ${token}`,
      headers: { 'X-Sendsmith-Round-Trip': token },
      text: [
        'Sendsmith sent this message to your own address to read it back over IMAP',
        'and show what your provider recorded (SPF, DKIM, DMARC, the servers it passed).',
        '',
        'You can delete it.',
      ].join('\n'),
    })
    const node = composer.compile()
    const raw = await node.build()
    report.messageId = node.messageId()
    const delivery = await (options.deliver ?? deliverMessage)(
      account,
      options.auth ?? secretAuth(secret),
      options.network,
      { from: account.email, to: [account.email] },
      raw,
      {
        beforeFinalDot: async () => undefined,
        signal: options.signal,
      },
    )
    const refused = delivery.recipients.find((r) => r.state !== 'accepted')
    if (refused)
      return finish({
        code: 'RECIPIENT_REFUSED',
        message: `The server did not take the message for ${account.email}: ${refused.response}`,
        hint: 'The account may not be allowed to send to its own address; check the address.',
        response: refused.response,
      })
    const acceptedAt = performance.now()
    const deadline = acceptedAt + options.timeoutMs
    const delays = options.pollDelaysMs ?? [500, 1000, 2000, 3000, 5000]
    for (let look = 0; ; look++) {
      for (const folder of ['INBOX', ...(junk ? [junk] : [])]) {
        const uids = await findByMessageId(client, folder, report.messageId)
        if (uids.length === 0) continue
        report.delayMs = Math.round(performance.now() - acceptedAt)
        report.folder = folder
        report.inSpam = folder === junk
        const lock = await client.getMailboxLock(folder, { readOnly: true })
        try {
          const message = await client.fetchOne(String(uids[uids.length - 1]), { headers: true }, { uid: true })
          const fields = headerFields(message ? (message.headers?.toString('utf8') ?? '') : '')
          report.authenticationResults = fields
            .filter(([name]) => name === 'authentication-results')
            .map(([, value]) => parseAuthenticationResults(value))
          report.received = fields.filter(([name]) => name === 'received').map(([, value]) => parseReceived(value))
        } finally {
          lock.release()
        }
        return finish(null)
      }
      const left = deadline - performance.now()
      if (left <= 0) break
      await wait(Math.min(delays[Math.min(look, delays.length - 1)], left), options.signal)
    }
    return finish({
      code: 'TIMEOUT',
      message: `The message did not arrive in ${settings.host}'s INBOX${junk ? ` or ${junk}` : ''} within ${Math.round(options.timeoutMs / 1000)} s`,
      hint: 'The server took it (250) but has not delivered it yet: it may be delayed, filtered, or the account’s address may forward elsewhere. Try again with a longer wait.',
    })
  } catch (error) {
    const cause = error instanceof SmtpError ? error.failure : error
    return finish(
      cause instanceof SendsmithError
        ? cause.toJSON()
        : toAppError(cause, { host: account.host, port: account.port, security: account.security }),
    )
  } finally {
    await closeImap(client)
  }
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms)
    function done() {
      signal?.removeEventListener('abort', abort)
      resolve()
    }
    function abort() {
      clearTimeout(timer)
      reject(Object.assign(new Error('The operation was cancelled'), { name: 'AbortError' }))
    }
    signal?.addEventListener('abort', abort, { once: true })
  })
}
