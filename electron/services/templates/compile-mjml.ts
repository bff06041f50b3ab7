import mjml2html from 'mjml'
import type { PipelineWarning } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'

/**
 * MJML to HTML. Validation is "soft": the document renders even when MJML finds mistakes, and
 * each mistake comes back as a warning with its line. Includes are never followed (no file access).
 */
export async function compileMjml(source: string): Promise<{ html: string; warnings: PipelineWarning[] }> {
  let result: Awaited<ReturnType<typeof mjml2html>>
  try {
    result = await mjml2html(source, {
      validationLevel: 'soft',
      keepComments: true,
      ignoreIncludes: true,
      minify: false,
      beautify: false,
    })
  } catch (error) {
    throw new SendsmithError(
      {
        code: 'VALIDATION',
        field: 'source',
        message: `MJML cannot read this document: ${(error as Error).message.split('\n')[0]}`,
        hint: 'An MJML document starts with <mjml> and has an <mj-body>.',
      },
      { cause: error },
    )
  }
  const warnings = result.errors.map((e) => ({
    stage: 'mjml' as const,
    message: `${e.tagName ? `<${e.tagName}>: ` : ''}${e.message}`,
    ...(Number.isInteger(e.line) && { line: e.line }),
  }))
  return { html: result.html, warnings }
}
