import nodemailer from 'nodemailer'
import { parseAddressList, type Mailbox } from '../../../shared/addresses'
import type { Account, SendRequest, SendResult, SendStage } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { redactError, secretForms } from '../errors/redact-secrets'
import { toAppError } from '../errors/to-app-error'
import type { Network } from '../net/network'
import { transportOptions } from '../smtp/transport-options'

export type ProgressListener = (stage: SendStage, elapsedMs: number) => void

interface SentInfo {
  messageId: string
  accepted: (string | { address: string })[]
  rejected: (string | { address: string })[]
  rejectedErrors?: { recipient?: string; response?: string; message: string }[]
  response: string
}

/**
 * Sends one message now over a fresh connection and reports what the server said for each
 * recipient. Bcc recipients get the message through the envelope only; no Bcc header is written.
 */
export async function sendMessage(account: Account, password: string | undefined, request: SendRequest, network: Network, onProgress: ProgressListener = () => {}): Promise<SendResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const transport = nodemailer.createTransport(transportOptions(account, password, network))
  try {
    onProgress('connecting', elapsed())
    const message = {
      from: { name: account.name, address: account.email },
      to: mailboxes(request.to),
      cc: mailboxes(request.cc),
      bcc: mailboxes(request.bcc),
      subject: request.subject,
      ...(request.html !== '' && { html: request.html }),
      ...(request.text !== undefined && { text: request.text }),
    }
    onProgress('sending', elapsed())
    const info = (await transport.sendMail(message)) as SentInfo
    const result: SendResult = {
      messageId: info.messageId,
      accepted: info.accepted.map(addressOf),
      rejected: info.rejected.map((r) => {
        const address = addressOf(r)
        const reason = info.rejectedErrors?.find((e) => e.recipient === address)
        return { address, response: reason?.response ?? reason?.message ?? 'refused' }
      }),
      response: info.response,
      elapsedMs: elapsed(),
    }
    onProgress('sent', result.elapsedMs)
    return result
  } catch (error) {
    onProgress('failed', elapsed())
    const appError = toAppError(error, { host: account.host, port: account.port, security: account.security })
    throw new SendsmithError(redactError(appError, password ? secretForms(password, account.username) : []))
  } finally {
    transport.close()
  }
}

/** Address objects, not strings: nodemailer then encodes each display name itself. */
function mailboxes(entries: string[]): Mailbox[] {
  return entries.flatMap((entry) => parseAddressList(entry).mailboxes)
}

function addressOf(entry: string | { address: string }): string {
  return typeof entry === 'string' ? entry : entry.address
}
