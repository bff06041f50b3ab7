import { SendsmithError } from '../errors/app-error'

/** What a LIST answer tells about one mailbox (imapflow's ListResponse, narrowed). */
export interface MailboxInfo {
  path: string
  specialUse?: string
  /** "extension": the server said (RFC 6154); "name": imapflow guessed from a localized name. */
  specialUseSource?: 'user' | 'extension' | 'name'
  flags?: Set<string>
}

/** Names of Sent folders in the wild, matched on the last path segment, case-insensitively. */
const sentNames =
  /^(sent|sent items|sent messages|sent mail|sent-mail|gesendet|gesendete elemente|gesendete objekte|envoyés|éléments envoyés|enviados|elementos enviados|inviati|posta inviata|verzonden|verzonden items|skickat|skickade objekt|sendt|wysłane|odeslané|отправленные|已发送|送信済み)$/i

export interface SentFolderChoice {
  path: string
  /** How it was found, in words for the test step and the logs. */
  how: 'your choice' | '\\Sent special use' | 'its name'
}

/**
 * The Sent folder: the user's choice when they made one (and it exists), else the mailbox with the
 * `\Sent` special use (RFC 6154), else one named like Sent. NOT_FOUND, asking for a choice, otherwise.
 */
export function findSentFolder(mailboxes: MailboxInfo[], chosen: string): SentFolderChoice {
  if (chosen) {
    const match =
      mailboxes.find((m) => m.path === chosen) ?? mailboxes.find((m) => m.path.toLowerCase() === chosen.toLowerCase())
    if (match) return { path: match.path, how: 'your choice' }
    throw new SendsmithError({
      code: 'NOT_FOUND',
      field: 'sentFolder',
      message: `The Sent folder "${chosen}" does not exist on the IMAP server`,
      hint: `Choose one of: ${mailboxes
        .map((m) => m.path)
        .slice(0, 20)
        .join(', ')}.`,
    })
  }
  const special = mailboxes.find(
    (m) => m.flags?.has('\\Sent') || (m.specialUse === '\\Sent' && m.specialUseSource !== 'name'),
  )
  if (special) return { path: special.path, how: '\\Sent special use' }
  const named = mailboxes.find((m) => {
    const last = m.path.split(/[/.]/).pop() ?? m.path
    return sentNames.test(last) || (m.specialUse === '\\Sent' && m.specialUseSource === 'name')
  })
  if (named) return { path: named.path, how: 'its name' }
  throw new SendsmithError({
    code: 'NOT_FOUND',
    field: 'sentFolder',
    message: 'No Sent folder was found on the IMAP server',
    hint: `Choose the folder for sent mail in the account's IMAP settings; the server has: ${mailboxes
      .map((m) => m.path)
      .slice(0, 20)
      .join(', ')}.`,
  })
}

/** The spam folder, if the server names one (`\Junk`, or a folder named like it). */
export function findJunkFolder(mailboxes: MailboxInfo[]): string | undefined {
  const special = mailboxes.find((m) => m.flags?.has('\\Junk') || m.specialUse === '\\Junk')
  if (special) return special.path
  return mailboxes.find((m) =>
    /^(junk|spam|junk e-mail|bulk mail|spam ?folder|unerwünscht|courrier indésirable)$/i.test(
      m.path.split(/[/.]/).pop() ?? '',
    ),
  )?.path
}
