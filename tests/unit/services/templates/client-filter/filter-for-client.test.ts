import { describe, expect, it } from 'vitest'
import { filterForClient } from '../../../../../electron/services/templates/client-filter/filter-for-client'
import { renderTemplate } from '../../../../../electron/services/templates/render-template'

const layout = `<!doctype html><html><head><style>
  @media (max-width: 600px) { .cols { display: block } }
  .cols { display: flex; gap: 12px }
  .grid { display: grid; grid-template-columns: 1fr 1fr }
</style></head><body>
<div class="cols"><p style="color: #123456; display: flex">One</p><p>Two</p></div>
<div class="grid"><span>A</span><span>B</span></div>
<img src="https://example.com/logo.png" alt="Acme logo" width="120" height="40">
<svg width="10" height="10"><rect width="10" height="10"/></svg>
</body></html>`

describe('client-filtered preview', () => {
  it('takes flex, grid and the <style> block out of the Outlook for Windows view and keeps them in the plain one', async () => {
    const rendered = await renderTemplate({ source: layout, kind: 'html' })
    expect(rendered.html).toMatch(/display: ?flex/)
    expect(rendered.html).toMatch(/display: ?grid/)
    expect(rendered.html).toContain('<style')

    const view = filterForClient(rendered.html, 'outlook-windows')
    expect(view.html).not.toMatch(/display: ?flex/)
    expect(view.html).not.toMatch(/display: ?grid/)
    expect(view.html).not.toMatch(/grid-template-columns/)
    expect(view.html).not.toContain('<style')
    expect(view.html).not.toContain('<svg')
    expect(view.html).toContain('color: #123456')
    expect(view.removed.map((r) => r.what)).toEqual(expect.arrayContaining(['display: flex', 'display: grid']))
    expect(view.removed.find((r) => r.what === 'display: flex')?.url).toMatch(/caniemail\.com/)
    expect(view.disclaimer).toMatch(/approximation from caniemail/)
  })

  it('shows alt text instead of remote images where the client blocks them, and the image where it does not', async () => {
    const { html } = await renderTemplate({ source: layout, kind: 'html' })
    const outlook = filterForClient(html, 'outlook-windows')
    expect(outlook.imagesBlocked).toBe(1)
    expect(outlook.html).not.toContain('logo.png')
    expect(outlook.html).toMatch(/data-sendsmith-image="blocked"[^>]*>Acme logo</)
    expect(filterForClient(html, 'outlook-windows', { imagesOn: true }).html).toContain('logo.png')
    const apple = filterForClient(html, 'apple-mail')
    expect(apple.imagesBlocked).toBe(0)
    expect(apple.html).toContain('logo.png')
    expect(apple.html).toMatch(/display: ?flex/)
  })

  it('keeps Gmail from <style> inside <body> and grid, but keeps flex it supports', () => {
    const html = `<html><head><style>.a { color: red }</style></head><body><style>.b { color: blue }</style><div style="display: grid">x</div><div style="display: flex">y</div></body></html>`
    const view = filterForClient(html, 'gmail')
    expect(view.html).toContain('.a { color: red }')
    expect(view.html).not.toContain('.b { color: blue }')
    expect(view.html).not.toMatch(/display: ?grid/)
    expect(view.html).toMatch(/display: ?flex/)
    expect(view.clippedAtBytes).toBeNull()
  })

  it('marks where Gmail clips a message over 102 KB and drops what follows', () => {
    const paragraphs = Array.from({ length: 2500 }, (_, i) => `<p>Paragraph ${i} with some words to fill the line.</p>`)
    const html = `<html><body>${paragraphs.join('\n')}<p>The very end</p></body></html>`
    expect(Buffer.byteLength(html)).toBeGreaterThan(102 * 1024)
    const view = filterForClient(html, 'gmail')
    expect(view.clippedAtBytes).toBe(102 * 1024)
    expect(view.html).toContain('[Message clipped]')
    expect(view.html).not.toContain('The very end')
    expect(view.html).toContain('Paragraph 10 ')
    expect(filterForClient(html, 'outlook-web').html).toContain('The very end')
  })
})
