import { templateInputSchema, type CheckReport, type RenderResult, type TemplateInput } from '../../../shared/contract'
import type { Network } from '../net/network'
import { checkLinksLive, type LiveLinkOptions } from './checks/live-links'
import { readRenderedDocument } from './checks/rendered-document'
import { sharedRenderPool, type RenderPool, type RenderRunOptions } from './render-pool'
import type { RenderInput } from './render-template'

/**
 * The template workbench's back end: render (merge, MJML, inline, text) and check. The work runs
 * in the render pool's threads (time-limited), so a hostile template never blocks main.
 */
export class TemplateService {
  private readonly pool: RenderPool

  constructor(
    private readonly network?: Pick<Network, 'fetch'>,
    options: { pool?: RenderPool } = {},
  ) {
    this.pool = options.pool ?? sharedRenderPool()
  }

  /** What would be sent: the final HTML and text, with pipeline warnings and missing variables. */
  async render(input: TemplateInput | RenderInput, options: RenderRunOptions = {}): Promise<RenderResult> {
    const { markedHtml: _marked, merged: _merged, ...result } = await this.pool.render(parse(input), options)
    return result
  }

  /** Renders, then runs every check; findings point at lines of the given source. */
  async check(input: TemplateInput | RenderInput, options: RenderRunOptions = {}): Promise<CheckReport> {
    return this.pool.check(parse(input), options)
  }

  /** The optional live link check (network): every distinct http(s) link once, with a timeout. */
  async checkLinksLive(
    input: TemplateInput | RenderInput,
    options: Partial<LiveLinkOptions> = {},
  ): Promise<CheckReport['findings']> {
    const parsed = parse(input)
    const fetchImpl = options.fetch ?? this.network?.fetch
    if (!fetchImpl) throw new Error('No fetch to check links with')
    const rendered = await this.pool.render(parsed)
    return checkLinksLive(readRenderedDocument(rendered.markedHtml, 1), { ...options, fetch: fetchImpl })
  }
}

// The router has parsed already; the CLI and tests call in directly, so parse again (cheap).
function parse(input: TemplateInput | RenderInput): RenderInput {
  return templateInputSchema.parse(input)
}
