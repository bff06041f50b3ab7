import type { TemplateKind } from '../../../shared/contract'
import { applyTemplateData } from './apply-template-data'
import { inlineCss } from './inline-css'
import { htmlToPlainText } from './plain-text'

/**
 * The heavy steps of a mail merge, run in a render thread (render-worker.ts), never on main's: MJML,
 * juice and html-to-text can take seconds on a hostile template, and main sends the mail meanwhile.
 */

/** MJML and CSS inlining, once, on a template whose merge fields are placeholder words; and its text. */
export async function prepareMergeTemplate(
  tokenized: string,
  kind: TemplateKind,
): Promise<{ html: string; text: string }> {
  let html = tokenized
  // MJML weighs some 60 MB once loaded: a merge of an HTML template does without it.
  if (kind === 'mjml') html = (await (await import('./compile-mjml')).compileMjml(tokenized)).html
  html = inlineCss(html, kind).html
  return { html, text: htmlToPlainText(html) }
}

/** The whole pipeline for one row, for templates whose placeholders MJML moved (see compiled-template.ts). */
export async function renderMergeRow(
  source: string,
  kind: TemplateKind,
  context: Record<string, unknown>,
): Promise<{ html: string; text: string }> {
  let html = applyTemplateData(source, context).output
  if (kind === 'mjml') html = (await (await import('./compile-mjml')).compileMjml(html)).html
  html = inlineCss(html, kind).html
  return { html, text: htmlToPlainText(html) }
}
