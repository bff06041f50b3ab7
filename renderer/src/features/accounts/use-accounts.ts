import { useCallback, useEffect, useState } from 'react'
import type {
  Account,
  AccountInput,
  AppError,
  ImportAccept,
  ImportCandidate,
  Result,
} from '../../../../shared/contract'
import { sendsmith, settle } from '../../sendsmith'

export interface ImportOutcome {
  imported: Account[]
  skipped: { name: string; reason: string }[]
}

export interface AccountsData {
  accounts: Account[]
  loading: boolean
  /** Why the list could not be read (e.g. KEYCHAIN_UNAVAILABLE), or null. */
  loadError: AppError | null
  reload: () => Promise<void>
  save: (input: AccountInput) => Promise<Result<Account>>
  remove: (id: string) => Promise<Result<{ id: string }>>
  duplicate: (id: string) => Promise<Result<Account>>
  makeDefault: (id: string) => Promise<Result<Account[]>>
  /** Settings as JSON (never secrets): all accounts, or only those named. */
  exportJson: (ids?: string[]) => Promise<Result<{ json: string }>>
  /** What each account of an export file would bring in (CA, pinned certificate, plaintext consent); imports nothing. */
  previewImport: (json: string) => Promise<Result<{ accounts: ImportCandidate[] }>>
  /** Imports the file; a CA, pin or plaintext consent only where `accept` names it. */
  importJson: (json: string, accept?: ImportAccept[]) => Promise<Result<ImportOutcome>>
  /** Pin one certificate fingerprint for one account. */
  trust: (accountId: string, fingerprint: string) => Promise<Result<Account>>
  untrust: (accountId: string) => Promise<Result<Account>>
}

/** The accounts feature's one door to main: every account call, keeping the list current. */
export function useAccounts(): AccountsData {
  const [accounts, setAccounts] = useState<Account[]>([])
  const [loading, setLoading] = useState(true)
  const [loadError, setLoadError] = useState<AppError | null>(null)

  const reload = useCallback(async () => {
    const result = await settle(sendsmith().accounts.list({}))
    if (result.ok) {
      setAccounts(result.value)
      setLoadError(null)
    } else {
      setLoadError(result.error)
    }
    setLoading(false)
  }, [])

  useEffect(() => {
    void reload()
  }, [reload])

  // A call that changes accounts, followed by a fresh list when it succeeded.
  const changing = useCallback(
    async <T>(call: Promise<Result<T>>): Promise<Result<T>> => {
      const result = await settle(call)
      if (result.ok) await reload()
      return result
    },
    [reload],
  )

  const save = useCallback((input: AccountInput) => changing(sendsmith().accounts.save(input)), [changing])
  const remove = useCallback((id: string) => changing(sendsmith().accounts.delete({ id })), [changing])
  const duplicate = useCallback((id: string) => changing(sendsmith().accounts.duplicate({ id })), [changing])
  const makeDefault = useCallback((id: string) => changing(sendsmith().accounts.makeDefault({ id })), [changing])
  const previewImport = useCallback((json: string) => settle(sendsmith().accounts.importPreview({ json })), [])
  const importJson = useCallback(
    (json: string, accept: ImportAccept[] = []) => changing(sendsmith().accounts.import({ json, accept })),
    [changing],
  )
  const trust = useCallback(
    (accountId: string, fingerprint: string) => changing(sendsmith().accounts.trust({ accountId, fingerprint })),
    [changing],
  )
  const untrust = useCallback((accountId: string) => changing(sendsmith().accounts.untrust({ accountId })), [changing])
  const exportJson = useCallback((ids?: string[]) => settle(sendsmith().accounts.export(ids ? { ids } : {})), [])

  return {
    accounts,
    loading,
    loadError,
    reload,
    save,
    remove,
    duplicate,
    makeDefault,
    exportJson,
    previewImport,
    importJson,
    trust,
    untrust,
  }
}
