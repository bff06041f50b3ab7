import { closeImap, openImap, tlsSocketOf } from '../../../imap/imap-connection'
import { imapUser } from '../../../imap/imap-settings'
import { decideSentCopy } from '../../../imap/sent-copy-policy'
import { findJunkFolder, findSentFolder } from '../../../imap/sent-folder'
import { fingerprintOf } from '../../tls-trust'
import type { StepOutcome } from '../step-runner'
import type { CheckContext } from '../check-context'

const securityWords = { none: 'no encryption', starttls: 'STARTTLS', tls: 'SSL/TLS' }

/**
 * The mailbox's IMAP server, for the copy in Sent and the round trip: connect, TLS (with the account's
 * own trust), sign in with the account's secret, and find the Sent folder.
 */
export async function imapStep(ctx: CheckContext): Promise<StepOutcome> {
  const { account } = ctx
  const imap = account.imap!
  const where = `${imap.host}:${imap.port} ${securityWords[imap.security]}`
  ctx.transcript.info(`IMAP: connecting to ${where}`)
  const client = await openImap(account, ctx.secret, { network: ctx.network, signal: ctx.signal })
  try {
    const socket = tlsSocketOf(client)
    const cipher = socket?.getCipher()
    const certificate = socket?.getPeerCertificate()
    const mailboxes = await client.list()
    const sent = findSentFolder(mailboxes, imap.sentFolder)
    const junk = findJunkFolder(mailboxes)
    const decision = decideSentCopy(account)
    ctx.transcript.info(`IMAP: signed in as ${imapUser(account)}; Sent folder ${sent.path}`)
    return {
      summary: `Signed in as ${imapUser(account)}; Sent folder: ${sent.path}`,
      details: [
        { label: 'Server', value: where },
        {
          label: 'TLS',
          value: socket && cipher ? `${socket.getProtocol() ?? ''} ${cipher.standardName || cipher.name}` : 'none',
        },
        ...(certificate?.fingerprint256 ? [{ label: 'Certificate', value: fingerprintOf(certificate) }] : []),
        { label: 'Login', value: imapUser(account) },
        { label: 'Sent folder', value: `${sent.path} (found by ${sent.how})` },
        ...(junk ? [{ label: 'Spam folder', value: junk }] : []),
        {
          label: 'Copy to Sent',
          value: decision.copy
            ? decision.checkFirst
              ? 'auto: appended when the Message-ID is not already there'
              : 'always'
            : decision.detail,
        },
      ],
    }
  } finally {
    await closeImap(client)
  }
}
