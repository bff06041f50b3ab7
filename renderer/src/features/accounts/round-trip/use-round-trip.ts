import { useCallback, useState } from 'react'
import type { AppError, RoundTripReport } from '../../../../../shared/contract'
import { sendsmith, settle } from '../../../sendsmith'

/** The round trip's door to main: one run at a time, its report or the call's error. */
export function useRoundTrip(accountId: string) {
  const [status, setStatus] = useState<'idle' | 'running' | 'done'>('idle')
  const [report, setReport] = useState<RoundTripReport | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [startedAt, setStartedAt] = useState(0)

  const run = useCallback(
    async (timeoutSeconds: number) => {
      setStatus('running')
      setReport(null)
      setError(null)
      setStartedAt(Date.now())
      const result = await settle(sendsmith().accounts.roundtrip({ accountId, timeoutSeconds }))
      if (result.ok) setReport(result.value)
      else setError(result.error)
      setStatus('done')
    },
    [accountId],
  )

  return { status, report, error, startedAt, run }
}
