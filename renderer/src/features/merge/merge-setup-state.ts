import type { AppError, MergeInput, MergeSendOptions, MergeValidation, TemplateFile } from '../../../../shared/contract'
import { autoMap, guessAddressColumn, guessNameColumn, mergeFieldsOf, type MergeListFile } from './merge-list-file'

/**
 * What the user set up: the parts of the merge request. This object is replaced only when one of
 * them changes, so the request made from it keeps its identity otherwise (a validation report is
 * tied to the request it was made from).
 */
export interface MergeSetupFields {
  template: TemplateFile | null
  list: MergeListFile | null
  addressColumn: string
  nameColumn: string
  /** Columns the user chose for merge fields; the others are mapped by name (autoMap). */
  fieldChoice: Record<string, string>
  subject: string
  /** The account chosen in the picker; '' means the default account. */
  chosenAccount: string
  /** The speed and unsubscribe fields as typed (numbers are read by sendOptionsOf). */
  connections: string
  perConnection: string
  perSecond: string
  perMinute: string
  perHour: string
  unsubscribeUrl: string
  unsubscribeMailto: string
  oneClick: boolean
  /** Append each delivered message once to the account's Sent folder over IMAP (off by default). */
  saveSentCopy: boolean
}

export interface MergeSetupState {
  fields: MergeSetupFields
  fileError: AppError | null
  listError: string | null
  /** The last report, with the request it was made for. */
  validation: { input: MergeInput; value: MergeValidation } | null
  validationError: AppError | null
  validating: boolean
  confirming: boolean
  starting: boolean
  startError: AppError | null
}

/** The fields typed or ticked directly: one action sets any of them. */
export type MergeSetupTextField = Exclude<keyof MergeSetupFields, 'template' | 'list' | 'fieldChoice'>

export type MergeSetupAction =
  | { type: 'templateOpened'; template: TemplateFile }
  | { type: 'templateNotOpened'; error: AppError | null }
  | { type: 'templateChanged'; handle: string; source: string }
  | { type: 'listRead'; list: MergeListFile }
  | { type: 'listNotRead'; message: string }
  | { [K in MergeSetupTextField]: { type: 'set'; field: K; value: MergeSetupFields[K] } }[MergeSetupTextField]
  | { type: 'mapField'; field: string; column: string }
  | { type: 'validating' }
  | { type: 'validated'; input: MergeInput; value: MergeValidation }
  | { type: 'notValidated'; error: AppError }
  | { type: 'confirm'; open: boolean }
  | { type: 'starting' }
  | { type: 'started' }
  | { type: 'notStarted'; error: AppError }

export const initialMergeSetup: MergeSetupState = {
  fields: {
    template: null,
    list: null,
    addressColumn: '',
    nameColumn: '',
    fieldChoice: {},
    subject: '',
    chosenAccount: '',
    connections: '3',
    perConnection: '100',
    perSecond: '',
    perMinute: '',
    perHour: '',
    unsubscribeUrl: '',
    unsubscribeMailto: '',
    oneClick: false,
    saveSentCopy: false,
  },
  fileError: null,
  listError: null,
  validation: null,
  validationError: null,
  validating: false,
  confirming: false,
  starting: false,
  startError: null,
}

/** A template's <title>, offered as the subject. */
export function titleOf(source: string): string | undefined {
  return /<title>([^<]*)<\/title>/i.exec(source)?.[1]?.trim() || undefined
}

export function mergeSetupReducer(state: MergeSetupState, action: MergeSetupAction): MergeSetupState {
  const fields = (change: Partial<MergeSetupFields>): MergeSetupState => ({
    ...state,
    fields: { ...state.fields, ...change },
  })
  switch (action.type) {
    case 'templateOpened': {
      const title = state.fields.subject === '' ? titleOf(action.template.source) : undefined
      return {
        ...fields({ template: action.template, ...(title && { subject: title }) }),
        fileError: null,
      }
    }
    case 'templateNotOpened':
      return { ...state, fileError: action.error }
    case 'templateChanged': {
      const template = state.fields.template
      if (!template || template.handle !== action.handle) return state
      return fields({ template: { ...template, source: action.source } })
    }
    case 'listRead':
      return {
        ...fields({
          list: action.list,
          addressColumn: guessAddressColumn(action.list.columns) ?? '',
          nameColumn: guessNameColumn(action.list.columns) ?? '',
          fieldChoice: {},
        }),
        listError: null,
      }
    case 'listNotRead':
      return { ...state, listError: action.message }
    case 'set':
      return fields({ [action.field]: action.value })
    case 'mapField':
      return fields({ fieldChoice: { ...state.fields.fieldChoice, [action.field]: action.column } })
    case 'validating':
      return { ...state, validating: true }
    case 'validated':
      return {
        ...state,
        validating: false,
        validation: { input: action.input, value: action.value },
        validationError: null,
      }
    case 'notValidated':
      return { ...state, validating: false, validation: null, validationError: action.error }
    case 'confirm':
      return { ...state, confirming: action.open }
    case 'starting':
      return { ...state, starting: true }
    case 'started':
      return { ...state, starting: false, confirming: false, startError: null }
    case 'notStarted':
      return { ...state, starting: false, confirming: false, startError: action.error }
  }
}

/** The merge fields the template, subject and unsubscribe URL use. */
export function fieldsInUse(fields: MergeSetupFields): string[] {
  return mergeFieldsOf(fields.template?.source ?? '', fields.subject, fields.unsubscribeUrl)
}

/** A column for each merge field in use ('' for none). */
export function mappingOf(fields: MergeSetupFields): Record<string, string> {
  return autoMap(fieldsInUse(fields), fields.list?.columns ?? [], fields.fieldChoice)
}

/** The contract's merge request, or null while a required part is missing (see missingStep). */
export function mergeInputOf(fields: MergeSetupFields, accountId: string): MergeInput | null {
  const { template, list, subject, addressColumn, nameColumn, unsubscribeUrl, unsubscribeMailto, oneClick } = fields
  if (!template || !list || !accountId || subject.trim() === '') return null
  const renamed = Object.fromEntries(
    Object.entries(mappingOf(fields)).filter(([field, column]) => column !== '' && column !== field),
  )
  const unsubscribe = unsubscribeUrl.trim() !== '' || unsubscribeMailto.trim() !== ''
  return {
    accountId,
    template: { source: template.source, kind: template.kind },
    subject: subject.trim(),
    data: { format: list.format, text: list.text },
    mapping: { ...(addressColumn && { addressColumn }), ...(nameColumn && { nameColumn }), fields: renamed },
    ...(unsubscribe && {
      listUnsubscribe: {
        ...(unsubscribeUrl.trim() && { url: unsubscribeUrl.trim() }),
        ...(unsubscribeMailto.trim() && { mailto: unsubscribeMailto.trim() }),
        oneClick,
      },
    }),
  }
}

/** An optional positive number typed by the user: undefined when empty. */
function numberOrUndefined(text: string): number | undefined {
  const n = Number(text)
  return text.trim() === '' || !Number.isFinite(n) || n <= 0 ? undefined : n
}

/** The contract's send options from the speed fields: 1–20 connections, limits only where typed. */
export function sendOptionsOf(fields: MergeSetupFields): MergeSendOptions {
  const perSecond = numberOrUndefined(fields.perSecond)
  const perMinute = numberOrUndefined(fields.perMinute)
  const perHour = numberOrUndefined(fields.perHour)
  return {
    connections: Math.min(20, Math.max(1, Math.round(numberOrUndefined(fields.connections) ?? 3))),
    messagesPerConnection: Math.max(1, Math.round(numberOrUndefined(fields.perConnection) ?? 100)),
    limits: { ...(perSecond && { perSecond }), ...(perMinute && { perMinute }), ...(perHour && { perHour }) },
    ...(fields.saveSentCopy && { saveSentCopy: true }),
  }
}

/** "10/s, 600/min" for the confirmation; '' without limits. */
export function limitsText(options: MergeSendOptions): string {
  return [
    options.limits?.perSecond && `${options.limits.perSecond}/s`,
    options.limits?.perMinute && `${options.limits.perMinute}/min`,
    options.limits?.perHour && `${options.limits.perHour}/h`,
  ]
    .filter(Boolean)
    .join(', ')
}

/** The first thing still to do before validating, or null when the request is complete. */
export function missingStep(fields: MergeSetupFields, accountId: string): string | null {
  if (!fields.template) return 'Open a template'
  if (!fields.list) return 'Choose a recipient list'
  if (!accountId) return 'Add an account to send from'
  if (fields.subject.trim() === '') return 'Write a subject'
  return null
}

/** The report for this very request, or null when the setup changed since (or none was made). */
export function currentValidation(state: MergeSetupState, input: MergeInput | null): MergeValidation | null {
  return state.validation && state.validation.input === input ? state.validation.value : null
}
