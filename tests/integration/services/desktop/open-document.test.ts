import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { draftFromFile, draftFromMailto } from '../../../../electron/services/desktop/open-document'
import { TemplateService } from '../../../../electron/services/templates/template-service'
import { tempHome } from '../../../helpers/temp-home'

const templates = new TemplateService()

function file(name: string, text: string): string {
  const path = join(tempHome(), name)
  writeFileSync(path, text)
  return path
}

describe('opening a file or a link from the system as a new message', () => {
  it('a saved .eml message keeps its recipients, subject and HTML body', async () => {
    const eml = [
      'From: Ada <ada@example.test>',
      'To: Bob <bob@example.test>, carol@example.test',
      'Cc: dave@example.test',
      'Subject: =?UTF-8?Q?Caf=C3=A9_plans?=',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>See you at <b>noon</b>.</p>',
    ].join('\r\n')
    expect(await draftFromFile(file('plans.eml', eml), templates)).toEqual({
      to: '"Bob" <bob@example.test>, carol@example.test',
      cc: 'dave@example.test',
      bcc: '',
      subject: 'Café plans',
      html: expect.stringContaining('<p>See you at <b>noon</b>.</p>'),
    })
  })

  it('an MJML template becomes the rendered HTML of a new message, its title the subject', async () => {
    const mjml =
      '<mjml><mj-head><mj-title>Welcome aboard</mj-title></mj-head><mj-body><mj-section><mj-column><mj-text>Hello there</mj-text></mj-column></mj-section></mj-body></mjml>'
    const draft = await draftFromFile(file('welcome.mjml', mjml), templates)
    expect(draft.subject).toBe('Welcome aboard')
    expect(draft.html).toContain('Hello there')
    expect(draft.html).not.toContain('<mj-')
  })

  it('refuses files it does not open, and says which it does', async () => {
    await expect(draftFromFile(file('run.sh', 'rm -rf ~'), templates)).rejects.toMatchObject({
      code: 'VALIDATION',
      hint: expect.stringContaining('.eml'),
    })
  })

  it('a mailto: link becomes a draft; a link that is not one is refused', () => {
    expect(draftFromMailto('mailto:bob@example.test?subject=Hi')).toMatchObject({
      to: 'bob@example.test',
      subject: 'Hi',
    })
    expect(() => draftFromMailto('https://example.test/')).toThrow(/cannot be read/)
  })
})
