import type { Account } from '../../../shared/contract'
import type { DkimSigningKey } from '../dkim/dkim-key'
import { compileLine, type CompiledTemplate } from './compiled-template'
import { MergeMessageBuilder } from './merge-message'
import type { CheckedRow } from './merge-plan'

/** What a merge's messages are made of: the compiled template, subject and List-Unsubscribe targets. */
export interface RowMessageParts {
  template: CompiledTemplate
  subject: (context: Record<string, unknown>) => string
  unsubscribe?: { url?: (context: Record<string, unknown>) => string; mailto?: string; oneClick: boolean }
}

/** One row's message as it is sent, with the parts a preview shows. */
export interface RowMessage {
  raw: Buffer
  messageId: string
  subject: string
  html: string
  text: string
}

/** Compiles the subject and the unsubscribe URL (URL-encoding merged values) once per merge. */
export function rowMessageParts(
  template: CompiledTemplate,
  subject: string,
  listUnsubscribe: { url?: string; mailto?: string; oneClick?: boolean } | undefined,
): RowMessageParts {
  return {
    template,
    subject: compileLine(subject),
    ...(listUnsubscribe && {
      unsubscribe: {
        ...(listUnsubscribe.url !== undefined && { url: compileLine(listUnsubscribe.url, encodeURIComponent) }),
        ...(listUnsubscribe.mailto !== undefined && { mailto: listUnsubscribe.mailto }),
        oneClick: listUnsubscribe.oneClick ?? false,
      },
    }),
  }
}

/** The builder for an account's merge messages; with `dkim`, each one is signed. */
export function messageBuilderFor(account: Account, dkim?: DkimSigningKey): MergeMessageBuilder {
  return new MergeMessageBuilder({
    from: { name: account.name, address: account.email },
    ...(account.replyTo && { replyTo: account.replyTo }),
    ...(dkim && { dkim }),
  })
}

/**
 * One row merged and built into its message: the one way a merge makes a message, so the preview,
 * the CLI's dry run and the run itself send what they show.
 */
export async function buildRowMessage(
  parts: RowMessageParts,
  builder: MergeMessageBuilder,
  row: CheckedRow,
): Promise<RowMessage> {
  const rendered = await parts.template.render(row.context)
  const subject = parts.subject(row.context)
  const messageId = builder.messageId()
  const { unsubscribe } = parts
  const raw = builder.build({
    to: row.mailbox,
    subject,
    html: rendered.html,
    text: rendered.text,
    messageId,
    ...(unsubscribe && {
      unsubscribe: { url: unsubscribe.url?.(row.context), mailto: unsubscribe.mailto, oneClick: unsubscribe.oneClick },
    }),
  })
  return { raw, messageId, subject, html: rendered.html, text: rendered.text }
}
