import { randomBytes, randomUUID } from 'node:crypto'
import * as mimeFuncs from 'nodemailer/lib/mime-funcs'
import * as qp from 'nodemailer/lib/qp'
import type { Mailbox } from '../../../shared/addresses'
import type { DkimSigningKey } from '../dkim/dkim-key'
import { signMessage } from '../dkim/dkim-sign'

/** What differs from one recipient to the next. */
export interface RecipientMessage {
  to: Mailbox
  subject: string
  html: string
  text: string
  messageId: string
  /** Merged List-Unsubscribe targets, when the run adds the header. */
  unsubscribe?: { url?: string; mailto?: string; oneClick: boolean }
}

/**
 * Builds each recipient's message from parts made once per run: the From/Reply-To/MIME-Version
 * block and the multipart frame are fixed strings; per recipient only To, Subject, Date,
 * Message-ID, the List-Unsubscribe headers and the two encoded bodies are written. The result is
 * the same shape MailComposer writes (multipart/alternative, text then HTML, 7bit or
 * quoted-printable), without building a MIME tree per message.
 */
export class MergeMessageBuilder {
  private readonly head: string
  private readonly boundary: string
  private readonly domain: string
  private dateSecond = -1
  private dateHeader = ''
  private readonly dkim?: DkimSigningKey

  /** With `dkim`, every message is signed with the account's key (List-Unsubscribe-Post included). */
  constructor(options: { from: Mailbox; replyTo?: string; dkim?: DkimSigningKey }) {
    this.dkim = options.dkim
    this.domain = options.from.address.split('@').pop() || 'localhost'
    this.boundary = `--_sendsmith_merge_${randomBytes(12).toString('hex')}`
    const lines = [header('From', mailboxHeader(options.from))]
    if (options.replyTo) lines.push(header('Reply-To', options.replyTo))
    lines.push('MIME-Version: 1.0')
    this.head = lines.join('\r\n') + '\r\n'
  }

  /** A new Message-ID in the sender's domain, like nodemailer's. */
  messageId(): string {
    // randomUUID draws from a cached pool of entropy: much cheaper per message than randomBytes.
    return `<${randomUUID()}@${this.domain}>`
  }

  build(message: RecipientMessage): Buffer {
    const text = encodeBody(message.text)
    const html = encodeBody(message.html)
    let out = this.head
    out += header('To', mailboxHeader(message.to)) + '\r\n'
    // A merged value may hold a line break; a header never may.
    out += header('Subject', headerText(message.subject.replace(/\s*[\r\n]+\s*/g, ' '))) + '\r\n'
    out += `Date: ${this.date()}\r\n`
    out += `Message-ID: ${message.messageId}\r\n`
    const unsubscribe = message.unsubscribe
    if (unsubscribe && (unsubscribe.url || unsubscribe.mailto)) {
      const targets = [
        unsubscribe.mailto && `<mailto:${unsubscribe.mailto}>`,
        unsubscribe.url && `<${unsubscribe.url}>`,
      ]
        .filter(Boolean)
        .join(', ')
      out += mimeFuncs.foldLines(`List-Unsubscribe: ${targets}`, 76) + '\r\n'
      if (unsubscribe.oneClick && unsubscribe.url) out += 'List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n'
    }
    out += `Content-Type: multipart/alternative;\r\n boundary="${this.boundary}"\r\n\r\n`
    out += `--${this.boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: ${text.encoding}\r\n\r\n${text.body}\r\n`
    out += `--${this.boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: ${html.encoding}\r\n\r\n${html.body}\r\n`
    out += `--${this.boundary}--\r\n`
    const raw = Buffer.from(out, 'utf8')
    return this.dkim ? signMessage(raw, this.dkim) : raw
  }

  /** The Date header, formatted once a second. */
  private date(): string {
    const now = Date.now()
    const second = Math.floor(now / 1000)
    if (second !== this.dateSecond) {
      this.dateSecond = second
      this.dateHeader = new Date(now).toUTCString().replace(/GMT/, '+0000')
    }
    return this.dateHeader
  }
}

/** 7bit when the text is plain ASCII with short lines (as MailComposer decides), quoted-printable otherwise. */
function encodeBody(content: string): { encoding: '7bit' | 'quoted-printable'; body: string } {
  const normalised = content.replace(/\r?\n|\r/g, '\r\n')
  if (mimeFuncs.isPlainText(normalised) && !mimeFuncs.hasLongerLines(normalised, 76))
    return { encoding: '7bit', body: normalised }
  return { encoding: 'quoted-printable', body: qp.wrap(qp.encode(normalised), 76) }
}

/** `Name <address>` with the name quoted or MIME-encoded as needed (as MailComposer does). */
function mailboxHeader(box: Mailbox): string {
  if (box.name === '') return box.address
  const name = /^[\w ]*$/.test(box.name)
    ? box.name
    : /^[\x20-\x7e]*$/.test(box.name)
      ? mimeFuncs.quoteString(box.name)
      : mimeFuncs.encodeWord(box.name, 'Q', 52)
  return `${name} <${box.address}>`
}

function headerText(value: string): string {
  return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(value)
    ? mimeFuncs.encodeWord(value, 'Q', 52)
    : mimeFuncs.encodeWords(value, 'Q', 52)
}

function header(name: string, value: string): string {
  return mimeFuncs.foldLines(`${name}: ${value}`, 76)
}
