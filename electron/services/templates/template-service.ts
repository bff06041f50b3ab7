import { templateInputSchema, type CheckReport, type RenderResult, type TemplateInput } from '../../../shared/contract'
import type { Network } from '../net/network'
import type { FetchedImage } from '../../../shared/contract'
import { checkLinksLive, type LiveLinkOptions } from './checks/live-links'
import { readRenderedDocument } from './checks/rendered-document'
import { sharedRenderPool, type RenderPool, type RenderRunOptions } from './render-pool'
import type { RenderInput } from './render-template'
import { fetchRemoteImages } from './workbench/remote-images'

/**
 * The template workbench's back end: render (merge, MJML, inline, text) and check. The work runs
 * in the render pool's threads (time-limited), so a hostile template never blocks main.
 */
export class TemplateService {
  private readonly pool: RenderPool

  private readonly allowHosts: () => readonly string[]

  /** `allowHosts`: the hosts the user allows fetching from although they are not public (read at each fetch). */
  constructor(
    private readonly network?: Pick<Network, 'lookup'>,
    options: { pool?: RenderPool; allowHosts?: () => readonly string[] } = {},
  ) {
    this.pool = options.pool ?? sharedRenderPool()
    this.allowHosts = options.allowHosts ?? (() => [])
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
    const lookup = options.lookup ?? this.network?.lookup
    if (!lookup) throw new Error('No network to check links with')
    const rendered = await this.pool.render(parsed)
    const allowHosts = [...this.allowHosts(), ...(options.allowHosts ?? [])]
    return checkLinksLive(readRenderedDocument(rendered.markedHtml, 1), { ...options, lookup, allowHosts })
  }

  /** A preview's remote images, fetched by main (public addresses and allowed hosts only) as data: URLs. */
  async fetchImages(urls: string[]): Promise<FetchedImage[]> {
    if (!this.network) throw new Error('No network to fetch images with')
    return fetchRemoteImages(urls, { lookup: this.network.lookup, allowHosts: this.allowHosts() })
  }
}

// The router has parsed already; the CLI and tests call in directly, so parse again (cheap).
function parse(input: TemplateInput | RenderInput): RenderInput {
  return templateInputSchema.parse(input)
}
