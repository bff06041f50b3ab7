import type { SplitterChunk } from '@zone-eu/mailsplit'
import type { AddressObject, ParsedMail, SimpleParserOptions } from 'mailparser'
import { inboxRawLimit, type InboxAttachment, type InboxMimeNode, type InboxSummary } from '../../../shared/contract'

/** What the SMTP client said in MAIL FROM and RCPT TO. */
export interface Envelope {
  from: string
  to: string[]
}

/** A summary without the fields the store assigns (id, time, size). */
export type MessageOverview = Pick<InboxSummary, 'from' | 'to' | 'subject' | 'hasAttachments' | 'snippet'>

// mailparser and mailsplit load with the first message read, not with the app or CLI (issue 19).
async function simpleParser(raw: Buffer, options: SimpleParserOptions): Promise<ParsedMail> {
  return (await import('mailparser')).simpleParser(raw, options)
}

const snippetLength = 200
/** A summary is kept in the index and sent with every list: headers an attacker made huge are cut. */
export const summaryLimits = { addresses: 1000, textLength: 1000 } as const

// Linkified text-to-HTML is the UI's business; skipping it saves work on large mail.
const parseOptions = { skipTextToHtml: true, skipTextLinks: true } as const
// A summary needs no cid: images inlined into the HTML.
const overviewOptions = { ...parseOptions, skipImageLinks: true } as const

/**
 * From, To, subject, attachment flag and snippet of a raw message, falling back to the envelope
 * where headers are missing. Junk that does not parse as mail still gets a summary, never an error.
 */
export async function overviewOf(raw: Buffer, envelope: Envelope): Promise<MessageOverview> {
  let parsed: ParsedMail | undefined
  try {
    parsed = await simpleParser(raw, overviewOptions)
  } catch {
    // A body the parser refuses (a hostile MIME structure): the headers alone still name the message.
    parsed = await simpleParser(headerBlockOf(raw), overviewOptions).catch(() => undefined)
  }
  const to = parsed ? [...addressesOf(parsed.to), ...addressesOf(parsed.cc)] : []
  return {
    from: clip(parsed?.from?.text || envelope.from),
    to: (to.length > 0 ? to : envelope.to).slice(0, summaryLimits.addresses).map(clip),
    subject: clip(parsed?.subject ?? ''),
    hasAttachments: parsed?.attachments.some((a) => a.contentDisposition !== 'inline' && !a.related) ?? false,
    snippet: snippetOf(parsed?.text ?? ''),
  }
}

/** The parts of a message the message view shows, beyond its summary. */
export interface MessageContent {
  html: string | null
  text: string | null
  headers: { name: string; value: string }[]
  attachments: InboxAttachment[]
  mimeTree: InboxMimeNode
  raw: string
  rawTruncated: boolean
}

/** Parses a stored message for the message view (mailparser for content, mailsplit for the structure). */
export async function contentOf(raw: Buffer): Promise<MessageContent> {
  const parsed = await simpleParser(raw, parseOptions)
  return {
    html: typeof parsed.html === 'string' ? parsed.html : null,
    text: parsed.text ?? null,
    headers: parsed.headerLines.map(({ line }) => headerOf(line)),
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? '(no name)',
      contentType: a.contentType,
      size: a.size,
      ...(a.cid && { contentId: a.cid }),
      inline: a.contentDisposition === 'inline' || a.related === true,
    })),
    mimeTree: await mimeTreeOf(raw),
    raw: raw.subarray(0, inboxRawLimit).toString('utf8'),
    rawTruncated: raw.length > inboxRawLimit,
  }
}

/**
 * `contentOf`, or for a message that does not parse (a hostile MIME structure, for one) what can
 * still be shown: the header lines as sent, the source, and why the rest is missing. Never throws.
 */
export async function contentOrSourceOf(raw: Buffer): Promise<MessageContent & { parseError?: string }> {
  try {
    return await contentOf(raw)
  } catch (error) {
    const head = await simpleParser(headerBlockOf(raw), parseOptions).catch(() => undefined)
    return {
      html: null,
      text: null,
      headers: (head?.headerLines ?? []).map(({ line }) => headerOf(line)),
      attachments: [],
      mimeTree: { contentType: 'message/rfc822', part: '', size: raw.length, children: [] },
      raw: raw.subarray(0, inboxRawLimit).toString('utf8'),
      rawTruncated: raw.length > inboxRawLimit,
      parseError: `The message could not be parsed: ${(error as Error).message || 'unknown error'}`.slice(0, 500),
    }
  }
}

/** The attachment at `index` in `contentOf(raw).attachments` (same parser, same order), with its decoded bytes. */
export async function attachmentOf(
  raw: Buffer,
  index: number,
): Promise<{ filename: string; contentType: string; content: Buffer } | undefined> {
  const attachment = (await simpleParser(raw, parseOptions)).attachments[index]
  return (
    attachment && {
      filename: attachment.filename ?? '(no name)',
      contentType: attachment.contentType,
      content: attachment.content,
    }
  )
}

/** The MIME structure: every part with its type, encoded size and file name, nested as sent. */
export async function mimeTreeOf(raw: Buffer): Promise<InboxMimeNode> {
  const { Splitter } = await import('@zone-eu/mailsplit')
  const splitter = new Splitter({ maxChildNodes: 10_000 })
  const nodes = new Map<object, InboxMimeNode>()
  let root: InboxMimeNode | undefined
  splitter.end(raw)
  for await (const chunk of splitter as AsyncIterable<SplitterChunk>) {
    if (chunk.type === 'node') {
      const node: InboxMimeNode = {
        contentType: chunk.contentType || 'text/plain',
        part: (chunk.partNr || []).filter((n) => typeof n === 'number').join('.'),
        size: 0,
        ...(chunk.charset && { charset: chunk.charset }),
        ...(chunk.encoding && { encoding: chunk.encoding }),
        ...(chunk.disposition && { disposition: chunk.disposition }),
        ...(chunk.filename && { filename: chunk.filename }),
        children: [],
      }
      nodes.set(chunk, node)
      const parent = chunk.parentNode ? nodes.get(chunk.parentNode) : undefined
      if (parent) parent.children.push(node)
      else root ??= node
    } else if (chunk.type === 'body') {
      const node = nodes.get(chunk.node)
      if (node) node.size += chunk.value.length
    }
  }
  return root ?? { contentType: 'text/plain', part: '', size: raw.length, children: [] }
}

/** The header section of a message (up to its first empty line, at most 1 MB) with an empty body. */
function headerBlockOf(raw: Buffer): Buffer {
  const head = raw.subarray(0, 1024 * 1024)
  const crlf = head.indexOf('\r\n\r\n')
  const lf = head.indexOf('\n\n')
  const ends = [crlf, lf].filter((i) => i !== -1)
  const end = ends.length > 0 ? Math.min(...ends) : head.length
  return Buffer.concat([head.subarray(0, end), Buffer.from('\r\n\r\n')])
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field]
  const out: string[] = []
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group)
      else if (entry.address) out.push(entry.address)
    }
  }
  for (const object of objects) visit(object.value)
  return out
}

function clip(text: string): string {
  return text.length > summaryLimits.textLength ? `${text.slice(0, summaryLimits.textLength - 1)}…` : text
}

function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > snippetLength ? `${flat.slice(0, snippetLength - 1)}…` : flat
}

/** "Subject: Hi\r\n there" → { name: "Subject", value: "Hi there" } (unfolded, not decoded). */
function headerOf(line: string): { name: string; value: string } {
  const colon = line.indexOf(':')
  if (colon === -1) return { name: line.trim(), value: '' }
  return {
    name: line.slice(0, colon).trim(),
    value: line
      .slice(colon + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim(),
  }
}

export const internals = { headerOf, snippetOf, addressesOf }
