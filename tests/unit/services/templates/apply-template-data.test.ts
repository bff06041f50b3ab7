import { describe, expect, it } from 'vitest'
import { dataFromCsv, dataFromJson } from '../../../../electron/services/templates/merge-data'
import { applyTemplateData } from '../../../../electron/services/templates/apply-template-data'

const template = [
  '<h1>Hello {{name}}</h1>',
  '<ul>',
  '{{#each items}}<li>{{title}}: {{price}}</li>{{/each}}',
  '</ul>',
  '<p>{{company.name}} · {{company.city}}</p>',
  '<p>Bye {{name}}</p>',
].join('\n')

describe('merge fields', () => {
  it('fills values from JSON data, loops included, and escapes HTML in them', () => {
    const { output, missingVariables } = applyTemplateData(template, {
      name: 'Ada <3',
      items: [{ title: 'Tea', price: '2 €' }],
      company: { name: 'Analytical', city: 'London' },
    })
    expect(output).toContain('<h1>Hello Ada &lt;3</h1>')
    expect(output).toContain('<li>Tea: 2 €</li>')
    expect(output).toContain('Analytical · London')
    expect(missingVariables).toEqual([])
  })

  it('lists each variable missing from the data with every line that uses it, and renders it empty', () => {
    const { output, missingVariables } = applyTemplateData(template, {
      items: [{ title: 'Tea' }],
      company: { name: 'Analytical' },
    })
    expect(output).toContain('<h1>Hello </h1>')
    expect(missingVariables).toEqual([
      { name: 'name', lines: [1, 6] },
      { name: 'items[].price', lines: [3] },
      { name: 'company.city', lines: [5] },
    ])
  })

  it('does not throw on unknown helpers, partials or syntax Handlebars cannot parse', () => {
    const helper = applyTemplateData('<p>\n{{formatDate sent "YYYY"}}</p>', { sent: 'x' })
    expect(helper.output).toBe('<p>\n</p>')
    expect(helper.warnings).toEqual([
      { stage: 'merge', message: 'The helper "formatDate" is not available here; it renders empty', line: 2 },
    ])
    expect(applyTemplateData('{{> footer}}<p>x</p>', {}).warnings[0]).toMatchObject({
      message: expect.stringContaining('partial "footer"'),
      line: 1,
    })
    const broken = applyTemplateData('<p>\n\n{{#if a}}never closed</p>', { a: 1 })
    expect(broken.output).toBe('<p>\n\n{{#if a}}never closed</p>')
    expect(broken.warnings[0]).toMatchObject({ stage: 'merge', message: expect.stringContaining('nothing was merged') })
  })
})

describe('merge data', () => {
  const csv =
    'name,email,company.name\n"Lovelace, Ada",ada@example.test,Analytical\nBabbage,charles@example.test,Difference\n'

  it('reads the chosen CSV row (1-based, quoted commas kept, dotted headers nested)', () => {
    expect(dataFromCsv(csv, 1)).toEqual({
      name: 'Lovelace, Ada',
      email: 'ada@example.test',
      company: { name: 'Analytical' },
    })
    expect(dataFromCsv(csv, 2)).toMatchObject({ name: 'Babbage' })
  })

  it('refuses a row the file does not have, saying how many there are', () => {
    expect(() => dataFromCsv(csv, 3)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        field: 'row',
        message: 'Row 3 does not exist: the CSV file has 2 data rows',
      }),
    )
    expect(() => dataFromCsv('name\n', 1)).toThrow(
      expect.objectContaining({ message: 'The CSV file has no data rows' }),
    )
  })

  it('takes a JSON object as it is, or a row of a JSON array', () => {
    expect(dataFromJson({ a: 1 }, 5)).toEqual({ a: 1 })
    expect(dataFromJson([{ a: 1 }, { a: 2 }], 2)).toEqual({ a: 2 })
    expect(dataFromJson([{ a: 1 }], undefined)).toEqual({ a: 1 })
    expect(() => dataFromJson([{ a: 1 }], 2)).toThrow(expect.objectContaining({ field: 'row' }))
  })
})
