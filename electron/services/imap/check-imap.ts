import type { Account } from '../../../shared/contract'
import type { Network } from '../net/network'
import type { StepOutcome } from '../smtp/connection-test/step-runner'
import { fingerprintOf } from '../smtp/tls-trust'
import { closeImap, openImap, tlsSocketOf } from './imap-connection'
import { imapUser } from './imap-settings'
import { decideSentCopy } from './sent-copy-policy'
import { findJunkFolder, findSentFolder } from './sent-folder'

const securityWords = { none: 'no encryption', starttls: 'STARTTLS', tls: 'SSL/TLS' }

/**
 * The mailbox's IMAP server, for the copy in Sent and the round trip: connect, TLS (with the account's
 * own trust), sign in with the account's secret, and find the Sent folder.
 */
export async function checkImap(
  account: Account,
  secret: string | undefined,
  options: { network: Network; signal?: AbortSignal; info?: (line: string) => void },
): Promise<StepOutcome> {
  const imap = account.imap!
  const where = `${imap.host}:${imap.port} ${securityWords[imap.security]}`
  options.info?.(`IMAP: connecting to ${where}`)
  const client = await openImap(account, secret, { network: options.network, signal: options.signal })
  try {
    const socket = tlsSocketOf(client)
    const cipher = socket?.getCipher()
    const certificate = socket?.getPeerCertificate()
    const mailboxes = await client.list()
    const sent = findSentFolder(mailboxes, imap.sentFolder)
    const junk = findJunkFolder(mailboxes)
    const decision = decideSentCopy(account)
    options.info?.(`IMAP: signed in as ${imapUser(account)}; Sent folder ${sent.path}`)
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
