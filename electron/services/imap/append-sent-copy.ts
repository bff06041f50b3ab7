import type { ImapFlow } from 'imapflow'
import { findSentFolder, type MailboxInfo, type SentFolderChoice } from './sent-folder'

/** The Sent folder of a signed-in client, found as findSentFolder says. */
export async function locateSentFolder(client: ImapFlow, chosen: string): Promise<SentFolderChoice> {
  const mailboxes: MailboxInfo[] = await client.list()
  return findSentFolder(mailboxes, chosen)
}

/** The UIDs of messages in a folder whose Message-ID header is exactly this one. */
export async function findByMessageId(client: ImapFlow, folder: string, messageId: string): Promise<number[]> {
  const lock = await client.getMailboxLock(folder, { readOnly: true })
  try {
    // SEARCH HEADER matches a substring, so the angle brackets anchor it to the whole id.
    const found = await client.search({ header: { 'message-id': messageId } }, { uid: true })
    return found || []
  } finally {
    lock.release()
  }
}

export type AppendOutcome = { outcome: 'appended' | 'already there'; folder: string; how: SentFolderChoice['how'] }

/**
 * Puts the message in the Sent folder, marked read. With checkFirst, its Message-ID is looked for
 * first and nothing is appended when it is there (the provider saved it, or an earlier attempt did).
 */
export async function appendSentCopy(
  client: ImapFlow,
  chosenFolder: string,
  raw: Buffer,
  messageId: string,
  checkFirst: boolean,
): Promise<AppendOutcome> {
  const { path, how } = await locateSentFolder(client, chosenFolder)
  return { outcome: await appendToFolder(client, path, raw, messageId, checkFirst), folder: path, how }
}

/** appendSentCopy into a folder already found (a merge finds it once per connection). */
export async function appendToFolder(
  client: ImapFlow,
  folder: string,
  raw: Buffer,
  messageId: string,
  checkFirst: boolean,
): Promise<AppendOutcome['outcome']> {
  if (checkFirst && (await findByMessageId(client, folder, messageId)).length > 0) return 'already there'
  await client.append(folder, raw, ['\\Seen'])
  return 'appended'
}
