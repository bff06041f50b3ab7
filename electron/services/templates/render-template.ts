import type { MissingVariable, PipelineWarning, RenderResult, TemplateKind } from '../../../shared/contract'
import { markSourceLines, stripLineMarkers } from './line-markers'
import { dataFromCsv, dataFromJson } from './merge-data'
import { applyTemplateData } from './apply-template-data'
import { htmlToPlainText } from './plain-text'

/** A template and its merge data, as the contract's request parses them. */
export interface RenderInput {
  source: string
  kind: TemplateKind
  data?: unknown
  csv?: { text: string; row: number }
  row?: number
}

/** The render result plus what the checks need: the same HTML with source-line markers. */
export interface RenderOutput extends RenderResult {
  markedHtml: string
  /** Whether merge data was given (and so merge fields were filled). */
  merged: boolean
}

/** The pipeline: merge data (Handlebars) -> MJML -> inline CSS (juice) -> plain text (html-to-text). */
export async function renderTemplate(input: RenderInput): Promise<RenderOutput> {
  const started = performance.now()
  const warnings: PipelineWarning[] = []
  let html = markSourceLines(input.source, input.kind)

  const data = input.csv
    ? dataFromCsv(input.csv.text, input.csv.row)
    : input.data !== undefined
      ? dataFromJson(input.data, input.row)
      : undefined
  let missingVariables: MissingVariable[] = []
  if (data !== undefined) {
    const merged = applyTemplateData(html, data)
    html = merged.output
    missingVariables = merged.missingVariables
    warnings.push(...merged.warnings)
  }
  const mergedAt = performance.now()

  if (input.kind === 'mjml') {
    // MJML weighs some 60 MB once loaded: a render thread for HTML templates starts without it.
    const { compileMjml } = await import('./compile-mjml')
    const compiled = await compileMjml(html)
    html = compiled.html
    warnings.push(...compiled.warnings)
  }
  // juice loads with the first render, not with the app or the CLI (issue 19); cached after that.
  const { inlineCss } = await import('./inline-css')
  const mjmlAt = performance.now()

  const inlined = inlineCss(html, input.kind)
  warnings.push(...inlined.warnings)
  const markedHtml = inlined.html
  const finalHtml = stripLineMarkers(markedHtml)
  const inlinedAt = performance.now()

  const text = htmlToPlainText(finalHtml)
  const done = performance.now()
  const ms = (from: number, to: number) => Math.round((to - from) * 10) / 10
  return {
    html: finalHtml,
    text,
    warnings,
    missingVariables,
    sizeBytes: Buffer.byteLength(finalHtml, 'utf8'),
    timings: {
      merge: ms(started, mergedAt),
      mjml: ms(mergedAt, mjmlAt),
      inline: ms(mjmlAt, inlinedAt),
      text: ms(inlinedAt, done),
      total: ms(started, done),
    },
    markedHtml,
    merged: data !== undefined,
  }
}
