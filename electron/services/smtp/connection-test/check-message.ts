import MailComposer from 'nodemailer/lib/mail-composer'
import type { Account } from '../../../../shared/contract'
import type { DkimSigningKey } from '../../dkim/dkim-key'
import { signMessage } from '../../dkim/dkim-sign'

export const testMessageSubject = 'Sendsmith test message'

/**
 * The short message "Test account settings" sends, as RFC 5322 text (nodemailer encodes the headers),
 * DKIM-signed when the account signs its mail, so the test shows what receivers will verify.
 */
export async function buildTestMessage(
  account: Account,
  to: string,
  dkim?: DkimSigningKey,
): Promise<{ text: string; messageId: string }> {
  const composer = new MailComposer({
    from: { name: account.name, address: account.email },
    to,
    subject: testMessageSubject,
    text: [
      'This is a test message from Sendsmith ("Test account settings").',
      '',
      `Account: ${account.name} <${account.email}>`,
      `Server: ${account.host} port ${account.port}, ${{ none: 'no encryption', starttls: 'STARTTLS', tls: 'SSL/TLS' }[account.security]}`,
      '',
      'It arrived, so sending from this account works. You can delete it.',
    ].join('\n'),
  })
  const node = composer.compile()
  const built = await node.build()
  // MailComposer's output is 7-bit: signing as latin1 and reading back as UTF-8 changes no byte.
  const text = (dkim ? signMessage(built, dkim) : built).toString('utf8')
  return { text, messageId: node.messageId() }
}
