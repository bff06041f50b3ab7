import { describe, expect, it } from 'vitest'
import { compileLine, compileTemplate, fieldsOf } from '../../../../electron/services/merge/compiled-template'
import { renderTemplate } from '../../../../electron/services/templates/render-template'

const data = { name: 'Tom & Jerry', code: 'X-1', items: ['one', 'two'], vip: true, url: 'https://example.test/a?b=1' }

describe('a template compiled once for a merge', () => {
  it('merges an HTML template as the workbench renders it, with the pipeline run once', async () => {
    const source = `<html><head><style>p { color: #333; }</style></head><body><h1>Hi {{name}}</h1><p>Code {{code}}</p><ul>{{#each items}}<li>{{this}}</li>{{/each}}</ul>{{#if vip}}<p>VIP</p>{{/if}}<a href="{{url}}">link</a></body></html>`
    const compiled = await compileTemplate(source, 'html')
    expect(compiled.mode).toBe('precompiled')
    const merged = await compiled.render(data)
    const workbench = await renderTemplate({ source, kind: 'html', data })
    expect(merged.html).toBe(workbench.html)
    // The text part may differ in blank lines where a block helper stood; the words are the same.
    const squeeze = (text: string) => text.replace(/\n{2,}/g, '\n\n')
    expect(squeeze(merged.text)).toBe(squeeze(workbench.text))
  })

  it('merges MJML once compiled, and falls back to the whole pipeline per row when MJML drops a merge field', async () => {
    const inText = `<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{name}}, code {{code}}</mj-text><mj-button href="{{url}}">Open</mj-button></mj-column></mj-section></mj-body></mjml>`
    const compiled = await compileTemplate(inText, 'mjml')
    expect(compiled.mode).toBe('precompiled')
    const merged = await compiled.render(data)
    expect(merged.html).toContain('Hello Tom &amp; Jerry, code X-1')
    // Handlebars escapes "=" as the workbench's merge does; browsers read it back.
    expect(merged.html).toContain('href="https://example.test/a?b&#x3D;1"')
    expect(merged.text).toContain('Hello Tom & Jerry, code X-1')

    const betweenSections = `<mjml><mj-body>{{#if vip}}<mj-section><mj-column><mj-text>VIP {{name}}</mj-text></mj-column></mj-section>{{/if}}</mj-body></mjml>`
    const slow = await compileTemplate(betweenSections, 'mjml')
    expect(slow.mode).toBe('per-row')
    expect((await slow.render(data)).html).toContain('VIP Tom &amp; Jerry')
    expect((await slow.render({ ...data, vip: false })).html).not.toContain('VIP')
  })

  it('keeps a heading upper-cased in the text part, merged value included', async () => {
    const compiled = await compileTemplate('<h1>Welcome {{name}}</h1><p>Hi</p>', 'html')
    expect((await compiled.render({ name: 'ada' })).text).toContain('WELCOME ADA')
  })

  it('names the fields a row must fill: plain ones outside blocks, not those in conditions or loops', () => {
    expect(
      fieldsOf('{{name}} {{#if nick}}{{nick}}{{/if}} {{#each items}}{{title}}{{/each}} {{user.email}} {{upper code}}'),
    ).toEqual({ used: ['name', 'nick', 'items', 'title', 'user', 'code'], required: ['name', 'user'] })
  })

  it('merges a subject without HTML escaping, and a URL with each value encoded', () => {
    expect(compileLine('Hi {{name}}')({ name: 'Tom & Jerry' })).toBe('Hi Tom & Jerry')
    expect(compileLine('https://x.test/u?id={{id}}', encodeURIComponent)({ id: 'a b&c' })).toBe(
      'https://x.test/u?id=a%20b%26c',
    )
  })

  it('refuses a template Handlebars cannot read', async () => {
    await expect(compileTemplate('<p>{{#if x}}open</p>', 'html')).rejects.toMatchObject({ code: 'VALIDATION' })
  })
})
