import { useCallback, useEffect, useState } from 'react'
import type { AppError, DraftSummary } from '../../../../shared/contract'
import { sendsmith, settle } from '../../sendsmith'

/** The drafts feature's door to main: the list (newest first), refreshed whenever the screen is shown. */
export function useDrafts(visible: boolean) {
  const [drafts, setDrafts] = useState<DraftSummary[]>([])
  const [error, setError] = useState<AppError | null>(null)

  const reload = useCallback(async () => {
    const result = await settle(sendsmith().drafts.list({}))
    if (result.ok) setDrafts(result.value)
    setError(result.ok ? null : result.error)
  }, [])

  useEffect(() => {
    if (visible) void reload()
  }, [visible, reload])

  const remove = useCallback(
    async (id: string) => {
      const result = await settle(sendsmith().drafts.delete({ id }))
      if (!result.ok) setError(result.error)
      await reload()
    },
    [reload],
  )

  return { drafts, error, reload, remove }
}
