import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../../shared/contract'
import { checkCompatibility } from '../../../../electron/services/templates/checks/compatibility'
import { hrefProblem } from '../../../../electron/services/templates/checks/links'
import { gmailClipBytes } from '../../../../electron/services/templates/checks/size'
import { TemplateService } from '../../../../electron/services/templates/template-service'

const service = new TemplateService()
const check = async (source: string, kind: 'html' | 'mjml' | 'hbs' = 'html', data?: unknown) =>
  (await service.check({ source, kind, ...(data !== undefined && { data }) })).findings
const only = (findings: Finding[], name: Finding['check']) => findings.filter((f) => f.check === name)
const page = (body: string) => `<!doctype html>\n<html lang="en" dir="ltr">\n<body>\n${body}\n</body>\n</html>`

describe('compatibility (caniemail data)', () => {
  it('reports display:flex in a <style> block as unsupported in Outlook desktop, at its line and column', () => {
    const source = page(
      '<style>\n  .row {\n    color: #333;\n    display: flex;\n  }\n</style>\n<div class="row">x</div>',
    )
    const { findings } = checkCompatibility(source, 'html')
    const flex = findings.find((f) => f.clientFamily === 'outlook-windows' && f.message.startsWith('display:flex'))
    expect(flex).toMatchObject({
      check: 'compatibility',
      severity: 'warning',
      line: 7,
      column: 5,
      url: 'https://www.caniemail.com/features/css-display-flex/',
    })
    expect(flex?.message).toContain('is not supported by Outlook desktop (Windows)')
  })

  it('reports background-image in a style attribute at the attribute line, and scores the family down', () => {
    const source = page(
      '<table role="presentation">\n<tr><td\n  style="background-image: url(https://example.test/bg.png)">x</td></tr>\n</table>',
    )
    const { findings, scores } = checkCompatibility(source, 'html')
    expect(
      findings.find((f) => f.clientFamily === 'outlook-windows' && f.message.startsWith('background-image')),
    ).toMatchObject({ severity: 'warning', line: 6 })
    const outlook = scores.find((s) => s.family === 'outlook-windows')
    expect(outlook?.unsupported).toBeGreaterThan(0)
    expect(outlook?.score).toBeLessThan(100)
    expect(scores.find((s) => s.family === 'apple-mail')?.score).toBe(100)
  })

  it('checks CSS inside media queries and <mj-style>, but not the MJML components themselves', () => {
    const mjml =
      '<mjml>\n<mj-head>\n<mj-style>\n@media (max-width: 480px) { .x { display: grid; } }\n</mj-style>\n</mj-head>\n<mj-body><mj-section><mj-column><mj-text>x</mj-text></mj-column></mj-section></mj-body>\n</mjml>'
    const { findings } = checkCompatibility(mjml, 'mjml')
    expect(findings.find((f) => f.message.startsWith('display:grid') && f.clientFamily === 'gmail')).toMatchObject({
      line: 4,
    })
    expect(findings.some((f) => /mj-/.test(f.message))).toBe(false)
  })
})

describe("compatibility of MJML templates (checked on MJML's output, what is sent)", () => {
  const mjml = [
    '<mjml>',
    '<mj-head>',
    '<mj-style>',
    '  .promo { display: grid; }',
    '</mj-style>',
    '</mj-head>',
    '<mj-body>',
    '<mj-section background-url="https://example.test/bg.png">',
    '<mj-column><mj-text>Hello</mj-text></mj-column>',
    '</mj-section>',
    '</mj-body>',
    '</mjml>',
  ].join('\n')

  it('reports the background CSS that MJML writes for <mj-section background-url> at the section line', async () => {
    // The source has no CSS property for this at all: only the output does.
    expect(checkCompatibility(mjml, 'mjml').findings.some((f) => f.message.startsWith('background'))).toBe(false)
    const findings = only(await check(mjml, 'mjml'), 'compatibility')
    const background = findings.find(
      (f) => f.clientFamily === 'outlook-windows' && /^background-(size|position|repeat)/.test(f.message),
    )
    expect(background).toMatchObject({ severity: 'warning', line: 8 })
    expect(background?.message).toContain("In MJML's output, from this line's component")
  })

  it("maps <mj-style> CSS copied into the output back to its source line, and MJML's own markup to the <mjml> line", async () => {
    const findings = only(await check(mjml, 'mjml'), 'compatibility')
    expect(findings.find((f) => f.clientFamily === 'gmail' && f.message.startsWith('display:grid'))).toMatchObject({
      line: 4,
    })
    // MJML's responsive column CSS sits in a <style> in <head> that the user never wrote.
    const generated = findings.filter((f) => f.message.includes('markup MJML adds itself'))
    expect(generated.length).toBeGreaterThan(0)
    expect(generated.every((f) => f.line === 1)).toBe(true)
  })
})

describe('links', () => {
  it('judges each kind of link target', () => {
    expect(hrefProblem('')).toMatchObject({ severity: 'error', message: expect.stringContaining('empty href') })
    expect(hrefProblem('#')).toMatchObject({ severity: 'warning' })
    expect(hrefProblem('http://example.com/a')).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('uses http'),
    })
    expect(hrefProblem('https://exa mple.com/')).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('not a valid web address'),
    })
    expect(hrefProblem('pricing.html')).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('relative'),
    })
    expect(hrefProblem('mailto:ada@@example.com')).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('invalid address'),
    })
    expect(hrefProblem('mailto:')).toMatchObject({ severity: 'error', message: expect.stringContaining('no address') })
    expect(hrefProblem('tel:call-me')).toMatchObject({ severity: 'error' })
    expect(hrefProblem('javascript:alert(1)')).toMatchObject({ severity: 'error' })
    for (const fine of [
      'https://example.com/a?b=c',
      'mailto:ada@example.com?subject=Hi',
      'tel:+44-20-7946-0018',
      '#top',
      '{{unsubscribe_url}}',
    ])
      expect(hrefProblem(fine)).toBeNull()
  })

  it('points each finding at the line of its <a> in the source', async () => {
    const findings = only(
      await check(
        page(
          '<p>\n<a href="">empty</a>\n<a href="http://example.com">plain</a>\n<a href="https://example.com">ok</a>\n</p>',
        ),
      ),
      'links',
    )
    expect(findings.map((f) => [f.line, f.severity])).toEqual([
      [5, 'error'],
      [6, 'warning'],
    ])
  })
})

describe('images', () => {
  it('reports missing alt, width and height, insecure and relative sources, and large embedded images', async () => {
    const big = `data:image/png;base64,${'A'.repeat(1_500_000)}`
    const findings = only(
      await check(
        page(
          `<img src="https://example.test/ok.png" alt="" width="10" height="10">\n<img src="http://example.test/a.png">\n<img src="images/b.png" alt="b" width="1" height="1">\n<img src="${big}" alt="" width="1" height="1">`,
        ),
      ),
      'images',
    )
    const at = (line: number) => findings.filter((f) => f.line === line).map((f) => f.message)
    expect(at(4)).toEqual([])
    expect(at(5)).toHaveLength(4)
    expect(at(5)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('no alt text'),
        expect.stringContaining('no width attribute'),
        expect.stringContaining('no height attribute'),
        expect.stringContaining('over http'),
      ]),
    )
    expect(findings.find((f) => f.line === 6)).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('relative address'),
    })
    expect(at(7)).toHaveLength(2)
    expect(at(7)).toEqual(
      expect.arrayContaining([expect.stringContaining('data: URI'), expect.stringContaining('1.1 MB')]),
    )
  })
})

describe('accessibility', () => {
  it('asks for lang and dir, role="presentation" on layout tables (not data tables), and headings in order', async () => {
    const source =
      '<html>\n<body>\n<table><tr><td>layout</td></tr></table>\n<table><tr><th>Item</th></tr></table>\n<h1>A</h1>\n<h3>C</h3>\n</body>\n</html>'
    const findings = only(await check(source), 'accessibility')
    expect(findings.sort((a, b) => a.line - b.line).map((f) => [f.line, f.severity, f.message.slice(0, 40)])).toEqual([
      [1, 'warning', 'The <html> element has no lang attribute'],
      [1, 'info', 'The <html> element has no dir attribute:'],
      [3, 'warning', 'A layout table has no role="presentation'],
      [6, 'warning', 'An <h3> follows an <h1>: heading levels '],
    ])
  })
})

describe('size', () => {
  it('warns when the final HTML is over Gmail’s 102 KB clipping limit, and not below it', async () => {
    const filler = (bytes: number) => `<p>${'x'.repeat(bytes)}</p>`
    const over = only(await check(page(filler(gmailClipBytes))), 'size')
    expect(over).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('Gmail clips messages over 102 KB'),
      }),
    ])
    expect(only(await check(page(filler(50_000))), 'size')).toEqual([expect.objectContaining({ severity: 'info' })])
  })
})

describe('merge fields', () => {
  it('reports Mailchimp merge tags and Liquid tags as unresolved errors, at their lines', async () => {
    const findings = only(
      await check(page('<p>*|FNAME|*</p>\n<p>{% if vip %}VIP{% endif %}</p>\n<a href="*|UNSUB|*">Unsubscribe</a>')),
      'merge-fields',
    )
    expect(findings.map((f) => [f.line, f.severity, f.message.split(' is not')[0]])).toEqual([
      [4, 'error', 'The Mailchimp merge tag *|FNAME|*'],
      [5, 'error', 'The template tag {% if vip %}'],
      [5, 'error', 'The template tag {% endif %}'],
      [6, 'error', 'The Mailchimp merge tag *|UNSUB|*'],
    ])
  })

  it('warns about unmerged fields without data, and reports variables the data lacks as errors', async () => {
    const source = page('<p>Hi {{name}}</p>\n<p>{{plan}}</p>')
    expect(only(await check(source, 'hbs'), 'merge-fields').map((f) => [f.line, f.severity])).toEqual([
      [4, 'warning'],
      [5, 'warning'],
    ])
    const withData = only(await check(source, 'hbs', { name: 'Ada' }), 'merge-fields')
    expect(withData).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 5,
        message: '"plan" is used but not in the merge data, so it renders empty.',
      }),
    ])
  })
})
