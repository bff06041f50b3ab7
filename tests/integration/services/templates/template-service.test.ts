import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRouter } from '../../../../electron/main/router'
import { systemNetwork } from '../../../../electron/services/net/network'
import { TemplateService } from '../../../../electron/services/templates/template-service'
import { testServices } from '../../../helpers/services'
import { ownTemplates, sharedTemplatesDir, templateCorpus } from './template-corpus'

const templates = templateCorpus()
const own = ownTemplates()
const service = new TemplateService()

describe('every template of the corpus (own, plus ../shared/templates when present)', () => {
  it('finds the templates of every folder of the corpus', () => {
    const folders = new Set(templates.map((t) => t.name.split('/').slice(0, -1).join('/') || '.'))
    const expected = ['.', 'leemunroe', 'mjml', 'postmark']
    if (existsSync(sharedTemplatesDir))
      expected.push(...['colorlib', 'leemunroe', 'mailchimp', 'mjml', 'postmark', 'sendgrid'].map((f) => `shared/${f}`))
    expect([...folders].sort()).toEqual(expected.sort())
  })

  it('renders and checks each one without an exception, every finding pointing at a line of the file', async () => {
    const started = performance.now()
    let slowest = { name: '', ms: 0 }
    for (const template of templates) {
      const one = performance.now()
      const rendered = await service.render({ source: template.source, kind: template.kind })
      expect(rendered.html.length, template.name).toBeGreaterThan(100)
      expect(rendered.text.length, template.name).toBeGreaterThan(0)
      expect(rendered.html, template.name).not.toContain('sendsmith-line')
      const report = await service.check({ source: template.source, kind: template.kind })
      const lineCount = template.source.split('\n').length
      for (const finding of report.findings)
        expect(finding.line, `${template.name}: ${finding.message}`).toBeGreaterThanOrEqual(1)
      for (const finding of report.findings)
        expect(finding.line, `${template.name}: ${finding.message}`).toBeLessThanOrEqual(lineCount)
      expect(report.scores.map((s) => s.family)).toContain('outlook-windows')
      if (performance.now() - one > slowest.ms)
        slowest = { name: template.name, ms: Math.round(performance.now() - one) }
    }
    const ms = performance.now() - started
    console.log(
      `rendered and checked ${templates.length} templates in ${Math.round(ms)} ms (${Math.round(ms / templates.length)} ms each; slowest ${slowest.name}, ${slowest.ms} ms for render + check)`,
    )
  }, 120_000) // the first render also starts a render thread (seconds on a busy machine)

  it('compiles MJML to table-based HTML and reports MJML validation errors with their lines', async () => {
    const welcome = own.find((t) => t.name === 'mjml/welcome.mjml')!
    const { html, text } = await service.render({
      source: welcome.source,
      kind: 'mjml',
      data: {
        firstName: 'Ada',
        company: 'Analytical',
        signInUrl: 'https://example.test/in',
        email: 'ada@example.test',
      },
    })
    expect(html).toMatch(/<table[^>]*role="presentation"/)
    expect(html).toContain('Welcome, Ada!')
    expect(html).toContain('href="https://example.test/in"')
    expect(text).toContain('Welcome, Ada!')
    const invalid = own.find((t) => t.name === 'mjml/invalid.mjml')!
    const report = await service.check({ source: invalid.source, kind: 'mjml' })
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: 'pipeline',
        severity: 'warning',
        line: 7,
        message: 'MJML: <mj-button>: Attribute unknown-attribute is illegal',
      }),
    )
  })

  it('merges a Postmark template with JSON data, and lists the variables the data lacks with their lines', async () => {
    const welcome = own.find((t) => t.name === 'postmark/welcome.html')!
    const nameLine = welcome.source.split('\n').findIndex((l) => l.includes('{{name}}')) + 1
    const { html, missingVariables } = await service.render({
      source: welcome.source,
      kind: 'html',
      data: { product_name: 'Sendsmith', action_url: 'https://example.test/start' },
    })
    expect(html).toContain('href="https://example.test/start"')
    expect(html).not.toContain('{{action_url}}')
    expect(missingVariables).toContainEqual({ name: 'name', lines: expect.arrayContaining([nameLine]) })
    expect(missingVariables.map((v) => v.name)).not.toContain('action_url')
  })

  it('merges the chosen CSV row into a Handlebars template', async () => {
    const source = '<p>Dear {{name}},</p>\n<p>Your plan: {{plan}}</p>'
    const csv = { text: 'name,plan\nAda,Pro\n"Babbage, Charles",Free\n', row: 2 }
    const { html, missingVariables } = await service.render({ source, kind: 'hbs', csv })
    expect(html).toBe('<p>Dear Babbage, Charles,</p>\n<p>Your plan: Free</p>')
    expect(missingVariables).toEqual([])
  })

  it('keeps media queries in a <style> block while inlining the rest (leemunroe)', async () => {
    const lee = own.find((t) => t.name === 'leemunroe/email.html')!
    const { html } = await service.render({ source: lee.source, kind: 'html' })
    expect(html).toMatch(/<style[^>]*>[\s\S]*@media[\s\S]*<\/style>/)
    expect(html).toMatch(/<body[^>]*style="[^"]*"/)
  })
})

describe('templates over IPC', () => {
  it('renders and checks through the router, and refuses oversized or malformed requests', async () => {
    const router = createRouter(testServices())
    const rendered = await router.handle(
      'templates:render',
      { source: '<p style="color:red">Hi {{name}}</p>', kind: 'hbs', data: { name: 'Ada' } },
      () => {},
    )
    expect(rendered).toMatchObject({
      ok: true,
      value: { html: '<p style="color:red">Hi Ada</p>', text: 'Hi Ada', missingVariables: [] },
    })
    const checked = await router.handle('templates:check', { source: '<a href="">x</a>', kind: 'html' }, () => {})
    expect(checked).toMatchObject({
      ok: true,
      value: {
        findings: expect.arrayContaining([expect.objectContaining({ check: 'links', severity: 'error', line: 1 })]),
      },
    })
    expect(
      await router.handle('templates:render', { source: 'x'.repeat(5 * 1024 * 1024 + 1), kind: 'html' }, () => {}),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'source' } })
    expect(await router.handle('templates:render', { source: '<p/>', kind: 'pdf' }, () => {})).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'kind' },
    })
    expect(
      await router.handle(
        'templates:render',
        { source: '<p/>', kind: 'html', csv: { text: 'a\n1', row: 0 } },
        () => {},
      ),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'csv' } })
    expect(
      await router.handle('templates:check', { source: '<p/>', kind: 'html', csv: { text: 'a\n1', row: 9 } }, () => {}),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'row', message: expect.stringContaining('has 1 data row') },
    })
  })
})

describe('live link check (opt-in)', () => {
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/slow') return void setTimeout(() => response.end('late'), 2000)
      if (request.url === '/head-refused' && request.method === 'HEAD') return void response.writeHead(405).end()
      response.writeHead(request.url === '/gone' ? 404 : 200).end('ok')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('reports links that answer 4xx or time out, at their lines, and retries HEAD-refused links with GET', async () => {
    const source = [
      `<a href="${base}/ok">a</a>`,
      `<a href="${base}/gone">b</a>`,
      `<a href="${base}/slow">c</a>`,
      `<a href="${base}/head-refused">d</a>`,
      `<a href="${base}/gone">again</a>`,
    ].join('\n')
    const findings = await service.checkLinksLive(
      { source, kind: 'html' },
      // The test's own server is on loopback, which only an allowed host may reach.
      { lookup: systemNetwork().lookup, allowHosts: ['127.0.0.1'], timeoutMs: 500, concurrency: 2 },
    )
    expect(findings.map((f) => [f.line, f.message])).toEqual([
      [2, `The link ${base}/gone answered 404.`],
      [3, `The link ${base}/slow did not answer within 500 ms.`],
    ])
  })
})
