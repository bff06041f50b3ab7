import juice from 'juice'
import type { PipelineWarning, TemplateKind } from '../../../shared/contract'

/**
 * Moves CSS from <style> blocks into style attributes, keeping what cannot be inlined (media
 * queries, @font-face, :hover and friends) in a <style> block. MJML output keeps every <style>
 * block as MJML wrote it (its Outlook and Thunderbird fixes match no element of their own).
 */
export function inlineCss(html: string, kind: TemplateKind): { html: string; warnings: PipelineWarning[] } {
  try {
    return {
      html: juice(html, {
        preserveMediaQueries: true,
        preserveFontFaces: true,
        preserveKeyFrames: true,
        preservePseudos: true,
        preserveImportant: true,
        removeStyleTags: kind !== 'mjml',
        insertPreservedExtraCss: true,
      }),
      warnings: [],
    }
  } catch (error) {
    return {
      html,
      warnings: [
        {
          stage: 'inline',
          message: `The CSS could not be inlined, so it stays in <style> blocks: ${(error as Error).message.split('\n')[0]}`,
        },
      ],
    }
  }
}
