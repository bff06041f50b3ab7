import { useState } from 'react'
import type { Account } from '../../../../shared/contract'
import { draftFromAccount, type AccountDraft, type DraftPrefill } from './account-draft'

/** The account form's draft: one state for its fields, set one at a time. */
export function useAccountDraft(account?: Account, prefill?: DraftPrefill) {
  const [draft, setDraft] = useState<AccountDraft>(() => draftFromAccount(account, prefill))
  const set = <K extends keyof AccountDraft>(field: K, value: AccountDraft[K]) =>
    setDraft((d) => ({ ...d, [field]: value }))
  return { draft, set }
}
