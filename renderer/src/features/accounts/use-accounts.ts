import { useCallback, useEffect, useState } from 'react'
import type { Account, AccountInput, AppError, Result } from '../../../../shared/contract'
import { sendsmith } from '../../sendsmith'

export interface AccountsData {
  accounts: Account[]
  loading: boolean
  /** Why the list could not be read (e.g. KEYCHAIN_UNAVAILABLE), or null. */
  loadError: AppError | null
  reload: () => Promise<void>
  save: (input: AccountInput) => Promise<Result<Account>>
  remove: (id: string) => Promise<Result<{ id: string }>>
}

/** The accounts feature's one door to main: list, save and delete, keeping the list current. */
export function useAccounts(): AccountsData {
  const [accounts, setAccounts] = useState<Account[]>([])
  const [loading, setLoading] = useState(true)
  const [loadError, setLoadError] = useState<AppError | null>(null)

  const reload = useCallback(async () => {
    const result = await sendsmith().accounts.list({})
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

  const save = useCallback(
    async (input: AccountInput) => {
      const result = await sendsmith().accounts.save(input)
      if (result.ok) await reload()
      return result
    },
    [reload],
  )

  const remove = useCallback(
    async (id: string) => {
      const result = await sendsmith().accounts.delete({ id })
      if (result.ok) await reload()
      return result
    },
    [reload],
  )

  return { accounts, loading, loadError, reload, save, remove }
}
