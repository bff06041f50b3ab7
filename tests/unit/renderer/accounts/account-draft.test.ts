import { describe, expect, it } from 'vitest'
import type { Account, ServerCandidate } from '../../../../shared/contract'
import {
  draftFromAccount,
  draftProblems,
  saveRequestOf,
  type AccountDraft,
} from '../../../../renderer/src/features/accounts/account-draft'

const account: Account = {
  id: '0b5f6f2e-8a4c-4c5e-9d7f-3a2b1c0d9e8f',
  name: 'Ada Lovelace',
  email: 'ada@example.test',
  host: 'smtp.example.test',
  port: 465,
  security: 'tls',
  auth: true,
  authMethod: 'auto',
  username: 'ada',
  allowInsecureAuth: false,
  replyTo: '',
  signatureHtml: '<p>Ada</p>',
  clientName: '',
  timeoutSeconds: 30,
  ca: '',
  isDefault: true,
  hasPassword: true,
} as unknown as Account

const candidate = {
  host: 'smtp.gmail.com',
  port: 587,
  security: 'starttls',
  source: 'builtin',
  sourceDetail: 'Gmail (built-in list)',
  notes: [],
} as unknown as ServerCandidate

const edit = (draft: AccountDraft, change: Partial<AccountDraft>) => ({ ...draft, ...change })

describe('the account draft', () => {
  it('starts from the contract defaults for a new account', () => {
    expect(draftFromAccount()).toMatchObject({ port: '587', security: 'starttls', auth: true, timeoutSeconds: '15' })
  })

  it('starts a new account from the setup page: the detected server, the email as user name, the password typed there', () => {
    const draft = draftFromAccount(undefined, { name: 'Bo', email: 'bo@gmail.com', password: 'pw', candidate })
    expect(draft).toMatchObject({ host: 'smtp.gmail.com', port: '587', username: 'bo@gmail.com', password: 'pw' })
  })

  it('edits an account without its password (empty keeps the saved one)', () => {
    const draft = draftFromAccount(account, { name: 'x', email: 'x@y.z', password: 'ignored', candidate })
    expect(draft).toMatchObject({ host: 'smtp.example.test', port: '465', password: '', timeoutSeconds: '30' })
    const request = saveRequestOf(draft, account)
    expect(request.ok && request.value).toMatchObject({ id: account.id, port: 465, timeoutSeconds: 30 })
    expect(request.ok && request.value).not.toHaveProperty('password')
  })

  it('makes the save request: trimmed text, numbers, the password only when typed, IMAP as given', () => {
    const draft = edit(draftFromAccount(), {
      name: 'Bo',
      email: 'bo@example.test',
      host: 'smtp.example.test',
      username: 'bo',
      password: 'secret',
      replyTo: ' r@example.test ',
      ca: '\n',
      security: 'starttls',
      allowInsecureAuth: true,
    })
    const request = saveRequestOf(draft, undefined, { sentCopy: false } as never)
    expect(request).toEqual({
      ok: true,
      value: expect.objectContaining({
        port: 587,
        password: 'secret',
        replyTo: 'r@example.test',
        ca: '',
        // Consent to an unencrypted password means nothing over STARTTLS.
        allowInsecureAuth: false,
        sentCopy: false,
      }),
    })
    expect(request.ok && request.value).not.toHaveProperty('id')
  })

  it('signs in with a provider instead of a password', () => {
    const draft = edit(draftFromAccount(account), { oauth: { provider: 'google' } as never, password: 'typed' })
    const request = saveRequestOf(draft, account)
    expect(request.ok && request.value).toMatchObject({
      oauth: { provider: 'google' },
      auth: true,
      authMethod: 'XOAUTH2',
    })
    expect(request.ok && request.value).not.toHaveProperty('password')
  })

  it('refuses a port or timeout that is not a whole number, naming the field', () => {
    const port = saveRequestOf(edit(draftFromAccount(), { port: 'abc' }), undefined)
    expect(port).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'port' } })
    const timeout = saveRequestOf(edit(draftFromAccount(), { timeoutSeconds: '1.5' }), undefined)
    expect(timeout).toMatchObject({ ok: false, error: { field: 'timeoutSeconds' } })
  })

  it("validates fields with the contract's schema, as main would", () => {
    const good = edit(draftFromAccount(account), {})
    expect(draftProblems(good, account)).toEqual({})
    const bad = edit(good, { email: 'not an address', username: ' ', security: 'none' })
    const problems = draftProblems(bad, account)
    expect(Object.keys(problems).sort()).toEqual(['email', 'security', 'username'])
    expect(problems.username).toMatch(/User name is empty/)
    expect(draftProblems(edit(good, { port: '' }), account)).toEqual({ port: expect.stringMatching(/Port/) })
  })
})
