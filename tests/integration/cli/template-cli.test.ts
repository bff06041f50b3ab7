import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCliInProcess } from '../../helpers/in-process-cli'
import { runCli } from '../../helpers/run-cli'
import { testServices } from '../../helpers/services'
import { tempHome } from '../../helpers/temp-home'
import { ownTemplatesDir, templateCorpus } from '../services/templates/template-corpus'

const services = testServices()

describe('sendsmith template (every template of the corpus)', () => {
  it('checks every template of the corpus (own, plus ../shared/templates when present): a report, never a crash (exit 0 or 1, nothing on stderr)', async () => {
    for (const template of templateCorpus()) {
      const run = await runCliInProcess(['template', 'check', template.path, '--json'], services)
      expect(run.stderr, template.name).toBe('')
      expect([0, 1], `${template.name} exited ${run.code}`).toContain(run.code)
      const report = JSON.parse(run.stdout)
      expect(report.file).toBe(template.path)
      expect(run.code, template.name).toBe(
        report.findings.some((f: { severity: string }) => f.severity === 'error') ? 1 : 0,
      )
    }
  })

  it('renders every template of the corpus to HTML on stdout', async () => {
    for (const template of templateCorpus()) {
      const run = await runCliInProcess(['template', 'render', template.path], services)
      expect(run.code, `${template.name}: ${run.stderr}`).toBe(0)
      expect(run.stdout, template.name).toMatch(/<(html|table|div|p)\b/i)
    }
  })
})

describe('sendsmith template render', () => {
  it('merges a CSV row into a template, writes HTML and text files, and lists missing variables on stderr', async () => {
    const dir = tempHome('sendsmith-template-')
    const template = join(dir, 'invite.hbs')
    writeFileSync(
      template,
      '<html lang="en">\n<body>\n<p>Hi {{name}}, welcome to {{team}}.</p>\n<p>{{footer}}</p>\n</body>\n</html>',
    )
    writeFileSync(join(dir, 'people.csv'), 'name,team\nAda,Engines\nGrace,Compilers\n')
    const run = await runCliInProcess(
      [
        'template',
        'render',
        template,
        '--data',
        join(dir, 'people.csv'),
        '--row',
        '2',
        '--out',
        join(dir, 'out.html'),
        '--text-out',
        join(dir, 'out.txt'),
      ],
      services,
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(readFileSync(join(dir, 'out.html'), 'utf8')).toContain('<p>Hi Grace, welcome to Compilers.</p>')
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toContain('Hi Grace, welcome to Compilers.')
    expect(run.stderr).toContain(`warning: ${template}:4 "footer" is not in the merge data`)
  })

  it('refuses bad input with exit 2: unknown file type, missing file, a row that does not exist, --row without --data', async () => {
    const dir = tempHome('sendsmith-template-')
    writeFileSync(join(dir, 'a.txt'), 'x')
    writeFileSync(join(dir, 'a.html'), '<p>{{x}}</p>')
    writeFileSync(join(dir, 'd.json'), '[{"x":1}]')
    const cases: [string[], string][] = [
      [['template', 'render', join(dir, 'a.txt')], 'is not a template Sendsmith reads'],
      [['template', 'check', join(dir, 'missing.html')], 'does not exist'],
      [
        ['template', 'check', join(dir, 'a.html'), '--data', join(dir, 'd.json'), '--row', '3'],
        'Row 3 does not exist: the JSON array has 1 item',
      ],
      [['template', 'check', join(dir, 'a.html'), '--row', '1'], '--row picks a row of the --data file'],
      [
        ['template', 'check', join(dir, 'a.html'), '--row', 'two', '--data', join(dir, 'd.json')],
        '--row must be a row number',
      ],
      [['template', 'frobnicate'], 'Unknown template command'],
    ]
    for (const [args, message] of cases) {
      const run = await runCliInProcess(args, services)
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr, args.join(' ')).toContain(message)
    }
  })
})

describe('sendsmith template check (the built command)', () => {
  it('prints findings grouped by check with FILE:LINE and scores per client family, exit 1 for Mailchimp merge tags', async () => {
    const file = join(ownTemplatesDir, 'mailchimp-tags.html')
    const run = await runCli(['template', 'check', file], { home: tempHome() })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      new RegExp(
        `\\nmerge-fields\\n  ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3  error    The Mailchimp merge tag \\*\\|MC:SUBJECT\\|\\* is not resolved`,
      ),
    )
    expect(run.stdout).toContain('\ncompatibility')
    expect(run.stdout).toMatch(/\n {2}Outlook desktop \(Windows\)\s+\d+%/)
    expect(run.stdout).toMatch(/\n {2}Gmail\s+\d+%/)
  })

  it('exits 0 when nothing is an error, and reports a flexbox layout for Outlook desktop at its line', async () => {
    const dir = tempHome('sendsmith-template-')
    const file = join(dir, 'flex.html')
    writeFileSync(
      file,
      '<!doctype html>\n<html lang="en" dir="ltr">\n<head>\n<style>\n.cols { display: flex; }\n</style>\n</head>\n<body>\n<div class="cols">x</div>\n</body>\n</html>\n',
    )
    const run = await runCli(['template', 'check', file, '--json'], { home: dir })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: 'compatibility',
        clientFamily: 'outlook-windows',
        severity: 'warning',
        line: 5,
        message: expect.stringMatching(/^display:flex is not supported by Outlook desktop/),
      }),
    )
    expect(report.scores.find((s: { family: string }) => s.family === 'outlook-windows').unsupported).toBeGreaterThan(0)
  })

  it("checks an MJML template on MJML's output: the CSS written for background-url, at the <mj-section> line", async () => {
    const dir = tempHome('sendsmith-template-')
    const file = join(dir, 'hero.mjml')
    writeFileSync(
      file,
      '<mjml>\n<mj-body>\n<mj-section background-url="https://example.test/bg.png">\n<mj-column><mj-text>Hi</mj-text></mj-column>\n</mj-section>\n</mj-body>\n</mjml>\n',
    )
    const run = await runCli(['template', 'check', file, '--json'], { home: dir })
    expect(run.stderr).toBe('')
    const report = JSON.parse(run.stdout)
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: 'compatibility',
        clientFamily: 'outlook-windows',
        line: 3,
        message: expect.stringMatching(/^background-(size|position|repeat).*In MJML's output/),
      }),
    )
  })
})
