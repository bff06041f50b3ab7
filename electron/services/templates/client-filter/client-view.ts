import type { ClientView, EmailClient } from '../../../../shared/contract'
import { renderTemplate, type RenderInput } from '../render-template'
import { filterForClient } from './filter-for-client'

/** Renders a template (merge, MJML, inline CSS) and filters the result for one client. */
export async function renderForClient(
  input: RenderInput,
  client: EmailClient,
  options: { imagesOn?: boolean } = {},
): Promise<ClientView> {
  const { html } = await renderTemplate(input)
  return filterForClient(html, client, options)
}
