import MailComposer from 'nodemailer/lib/mail-composer'
import type { Account } from '../../../../shared/contract'

export const testMessageSubject = 'Sendsmith test message'

/** The short message "Test account settings" sends, as RFC 5322 text (nodemailer encodes the headers). */
export async function buildTestMessage(account: Account, to: string): Promise<{ text: string; messageId: string }> {
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
  const text = (await node.build()).toString('utf8')
  return { text, messageId: node.messageId() }
}
