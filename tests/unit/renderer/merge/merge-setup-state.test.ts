import { describe, expect, it } from 'vitest'
import type { AppError, MergeValidation, TemplateFile } from '../../../../shared/contract'
import type { MergeListFile } from '../../../../renderer/src/features/merge/merge-list-file'
import {
  currentValidation,
  initialMergeSetup,
  limitsText,
  mergeInputOf,
  mergeSetupReducer,
  missingStep,
  sendOptionsOf,
  type MergeSetupAction,
  type MergeSetupState,
} from '../../../../renderer/src/features/merge/merge-setup-state'

const template: TemplateFile = {
  handle: '6f1c1e9a-3b0e-4f7e-9a55-2d8c1f0b7a11',
  name: 'welcome.hbs',
  kind: 'hbs',
  source: '<title>Your code</title><p>Hello {{first_name}}, your code is {{Code}}.</p>',
}
const list: MergeListFile = {
  name: 'people.csv',
  format: 'csv',
  text: 'E-Mail,Name,first_name,code\na@example.test,Ann,Ann,C1\n',
  columns: ['E-Mail', 'Name', 'first_name', 'code'],
  rows: 1,
}
const validation: MergeValidation = {
  total: 1,
  valid: 1,
  invalid: 0,
  invalidRows: [],
  columns: list.columns,
  addressColumn: 'E-Mail',
  requiredFields: ['first_name', 'Code'],
  warnings: [],
}
const run = (...actions: MergeSetupAction[]): MergeSetupState => actions.reduce(mergeSetupReducer, initialMergeSetup)
const ready = (...more: MergeSetupAction[]) =>
  run({ type: 'templateOpened', template }, { type: 'listRead', list }, ...more)

describe('mail merge setup', () => {
  it('offers the template title as the subject, but keeps one already written', () => {
    expect(ready().fields.subject).toBe('Your code')
    expect(
      run({ type: 'set', field: 'subject', value: 'Mine' }, { type: 'templateOpened', template }).fields.subject,
    ).toBe('Mine')
  })

  it('guesses the address and name columns of a new list and forgets earlier field choices', () => {
    const state = run({ type: 'mapField', field: 'code', column: 'x' }, { type: 'listRead', list })
    expect(state.fields).toMatchObject({ addressColumn: 'E-Mail', nameColumn: 'Name', fieldChoice: {} })
  })

  it('makes the contract request: fields mapped by name (case-insensitive) or by choice, trimmed subject', () => {
    const state = ready({ type: 'set', field: 'subject', value: '  Hi {{first_name}} ' })
    expect(mergeInputOf(state.fields, 'a2')).toEqual({
      accountId: 'a2',
      template: { source: template.source, kind: 'hbs' },
      subject: 'Hi {{first_name}}',
      data: { format: 'csv', text: list.text },
      mapping: { addressColumn: 'E-Mail', nameColumn: 'Name', fields: { Code: 'code' } },
    })
    const chosen = mergeSetupReducer(state, { type: 'mapField', field: 'first_name', column: 'Name' })
    expect(mergeInputOf(chosen.fields, 'a2')?.mapping?.fields).toEqual({ Code: 'code', first_name: 'Name' })
  })

  it('adds List-Unsubscribe only when a URL or address is given', () => {
    expect(mergeInputOf(ready().fields, 'a1')).not.toHaveProperty('listUnsubscribe')
    const state = ready(
      { type: 'set', field: 'unsubscribeUrl', value: ' https://example.test/u?id={{code}} ' },
      { type: 'set', field: 'oneClick', value: true },
    )
    expect(mergeInputOf(state.fields, 'a1')?.listUnsubscribe).toEqual({
      url: 'https://example.test/u?id={{code}}',
      oneClick: true,
    })
  })

  it('has no request, and says what is missing, until template, list, account and subject are there', () => {
    expect(missingStep(initialMergeSetup.fields, 'a1')).toBe('Open a template')
    expect(missingStep(run({ type: 'templateOpened', template }).fields, 'a1')).toBe('Choose a recipient list')
    expect(missingStep(ready().fields, '')).toBe('Add an account to send from')
    const noSubject = ready({ type: 'set', field: 'subject', value: ' ' })
    expect(missingStep(noSubject.fields, 'a1')).toBe('Write a subject')
    expect(mergeInputOf(noSubject.fields, 'a1')).toBeNull()
    expect(missingStep(ready().fields, 'a1')).toBeNull()
  })

  it('reads the speed fields: 1–20 connections, limits only where a positive number is typed', () => {
    expect(sendOptionsOf(initialMergeSetup.fields)).toEqual({ connections: 3, messagesPerConnection: 100, limits: {} })
    const state = run(
      { type: 'set', field: 'connections', value: '50' },
      { type: 'set', field: 'perConnection', value: '0' },
      { type: 'set', field: 'perSecond', value: '5' },
      { type: 'set', field: 'perMinute', value: 'abc' },
      { type: 'set', field: 'perHour', value: '1000' },
    )
    const options = sendOptionsOf(state.fields)
    expect(options).toEqual({ connections: 20, messagesPerConnection: 100, limits: { perSecond: 5, perHour: 1000 } })
    expect(limitsText(options)).toBe('5/s, 1000/h')
  })

  it('asks for copies in Sent only when the box is ticked (a merge saves none by default)', () => {
    expect(sendOptionsOf(initialMergeSetup.fields).saveSentCopy).toBeUndefined()
    const state = run({ type: 'set', field: 'saveSentCopy', value: true })
    expect(sendOptionsOf(state.fields)).toMatchObject({ saveSentCopy: true })
  })

  it('keeps a report only for the request it was made from', () => {
    const state = ready()
    const input = mergeInputOf(state.fields, 'a1')!
    const checked = mergeSetupReducer(mergeSetupReducer(state, { type: 'validating' }), {
      type: 'validated',
      input,
      value: validation,
    })
    expect(checked.validating).toBe(false)
    // Opening the confirmation does not touch the setup: the same request, the same report.
    const confirming = mergeSetupReducer(checked, { type: 'confirm', open: true })
    expect(confirming.fields).toBe(checked.fields)
    expect(currentValidation(confirming, input)).toBe(validation)
    // An edit of the watched template file is a new setup.
    const edited = mergeSetupReducer(checked, {
      type: 'templateChanged',
      handle: template.handle,
      source: '<p>New</p>',
    })
    expect(edited.fields.template?.source).toBe('<p>New</p>')
    expect(currentValidation(edited, mergeInputOf(edited.fields, 'a1'))).toBeNull()
    // Another file's edit is not.
    expect(mergeSetupReducer(checked, { type: 'templateChanged', handle: 'other', source: 'x' })).toBe(checked)
  })

  it('records failures and clears them on success', () => {
    const error: AppError = { code: 'VALIDATION', message: 'No rows' }
    const failed = run({ type: 'validating' }, { type: 'notValidated', error })
    expect(failed).toMatchObject({ validating: false, validation: null, validationError: error })
    const notStarted = run({ type: 'confirm', open: true }, { type: 'starting' }, { type: 'notStarted', error })
    expect(notStarted).toMatchObject({ starting: false, confirming: false, startError: error })
    expect(mergeSetupReducer(notStarted, { type: 'started' }).startError).toBeNull()
    expect(run({ type: 'listNotRead', message: 'bad' }, { type: 'listRead', list }).listError).toBeNull()
    expect(run({ type: 'templateNotOpened', error }, { type: 'templateOpened', template }).fileError).toBeNull()
  })
})
