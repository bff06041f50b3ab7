import type { CheckReport, Finding, PipelineWarning, TemplateKind } from '../../../../shared/contract'
import type { RenderOutput } from '../render-template'
import { checkAccessibility } from './accessibility'
import { checkCompatibility } from './compatibility'
import { checkImages, type ImageCheckOptions } from './images'
import { checkLinks } from './links'
import { locateInMjmlOutput } from './mjml-output-lines'
import { checkUnresolvedFields } from './unresolved-fields'
import { readRenderedDocument } from './rendered-document'
import { checkSize } from './size'

const severityOrder = { error: 0, warning: 1, info: 2 } as const

/**
 * Every check over a rendered template: pure and synchronous (no network; the live link check
 * is separate). Findings point at lines of `source`, the text the user edits. Compatibility of an
 * MJML template is judged on MJML's output (what is sent), mapped back to source lines by the line
 * markers.
 */
export function runChecks(
  source: string,
  kind: TemplateKind,
  rendered: RenderOutput,
  options: ImageCheckOptions = {},
): CheckReport {
  const fallbackLine = firstLineOf(source, kind === 'mjml' ? /<mjml\b/i : /<html\b/i)
  const doc = readRenderedDocument(rendered.markedHtml, fallbackLine)
  const compatibility =
    kind === 'mjml'
      ? checkCompatibility(rendered.markedHtml, 'html', locateInMjmlOutput(rendered.markedHtml, source, fallbackLine))
      : checkCompatibility(source, kind)
  const findings: Finding[] = [
    ...rendered.warnings.map(fromWarning),
    ...checkUnresolvedFields({
      source,
      finalHtml: rendered.html,
      merged: rendered.merged,
      missingVariables: rendered.missingVariables,
    }),
    ...checkSize(rendered.sizeBytes),
    ...checkLinks(doc),
    ...checkImages(doc, options),
    ...checkAccessibility(doc, fallbackLine),
    ...compatibility.findings,
  ]
  return {
    findings: findings.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]),
    scores: compatibility.scores,
    sizeBytes: rendered.sizeBytes,
  }
}

function fromWarning(warning: PipelineWarning): Finding {
  const stage = { mjml: 'MJML', merge: 'Handlebars', inline: 'CSS inlining', text: 'Plain text' }[warning.stage]
  return {
    check: warning.stage === 'merge' ? 'merge-fields' : 'pipeline',
    severity: 'warning',
    message: `${stage}: ${warning.message}`,
    line: warning.line ?? 1,
  }
}

function firstLineOf(source: string, pattern: RegExp): number {
  const match = pattern.exec(source)
  return match ? source.slice(0, match.index).split('\n').length : 1
}
