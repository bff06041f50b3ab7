import { parseDocument, DomUtils } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { markedLine, markSourceLines, stripLineMarkers } from '../../../../electron/services/templates/line-markers'
import { applyTemplateData } from '../../../../electron/services/templates/apply-template-data'

describe('source line markers', () => {
  it('marks every start tag with its line, without adding lines, and strips back to the original', () => {
    const source = '<html>\n<body>\n  <p class="x">Hi {{name}}</p>\n  <img\n    src="a.png">\n</body>\n</html>'
    const marked = markSourceLines(source, 'html')
    expect(marked.split('\n')).toHaveLength(source.split('\n').length)
    expect(marked).toContain('<p data-sendsmith-line="3" class="x">')
    expect(marked).toContain('<img data-sendsmith-line="4"')
    expect(stripLineMarkers(marked)).toBe(source)
  })

  it('keeps the source line of elements repeated by a Handlebars loop', () => {
    const source = '<ul>\n{{#each rows}}\n<li>{{this}}</li>\n{{/each}}\n</ul>'
    const merged = applyTemplateData(markSourceLines(source, 'hbs'), { rows: ['a', 'b'] }).output
    const items = DomUtils.getElementsByTagName('li', parseDocument(merged).children)
    expect(items.map((li) => markedLine(li))).toEqual([3, 3])
  })

  it('does not touch tags written inside a Handlebars expression', () => {
    const source = '{{helper "<b>x</b>"}}<i>y</i>'
    expect(markSourceLines(source, 'hbs')).toBe('{{helper "<b>x</b>"}}<i data-sendsmith-line="1">y</i>')
  })

  it('marks MJML components with a css-class MJML passes on, and HTML inside them with the attribute', () => {
    const source =
      '<mjml>\n<mj-body>\n<mj-section css-class="hero">\n<mj-column>\n<mj-text><p>x</p></mj-text>\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>'
    const marked = markSourceLines(source, 'mjml')
    expect(marked).toContain('<mj-section css-class="hero sendsmith-line-3">')
    expect(marked).toContain('<mj-column css-class="sendsmith-line-4">')
    expect(marked).toContain('<p data-sendsmith-line="5">')
    expect(marked).toContain('<mj-body>')
    expect(stripLineMarkers('<div class="hero sendsmith-line-3">x</div><td class="sendsmith-line-4-outlook">')).toBe(
      '<div class="hero">x</div><td>',
    )
  })
})
