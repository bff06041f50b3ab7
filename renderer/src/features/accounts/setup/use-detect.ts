import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppError, DetectResult, DetectStep } from '../../../../../shared/contract'
import { sendsmith, settle } from '../../../sendsmith'
import { upsertStep } from '../live-steps'

export type DetectStatus = 'idle' | 'running' | 'done' | 'failed'

export interface DetectState {
  status: DetectStatus
  /** Steps so far: live from `detect:step` while running, then the final list. */
  steps: DetectStep[]
  result: DetectResult | null
  error: AppError | null
  detect: (email: string) => Promise<void>
  cancel: () => void
  reset: () => void
}

/** Runs `accounts:detect` for one address and follows its steps; cancellable. */
export function useDetect(): DetectState {
  const [status, setStatus] = useState<DetectStatus>('idle')
  const [steps, setSteps] = useState<DetectStep[]>([])
  const [result, setResult] = useState<DetectResult | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  // Only events of the run under way count; late ones from a finished run are dropped.
  const activeRun = useRef<string | null>(null)

  useEffect(
    () =>
      sendsmith().on('detect:step', ({ runId, step }) => {
        if (runId === activeRun.current) setSteps((current) => upsertStep(current, step))
      }),
    [],
  )

  // Leaving the screen mid-run stops the probes in main too.
  useEffect(
    () => () => {
      if (activeRun.current !== null) void settle(sendsmith().accounts.cancel({ runId: activeRun.current }))
    },
    [],
  )

  const detect = useCallback(async (email: string) => {
    const runId = crypto.randomUUID()
    activeRun.current = runId
    setStatus('running')
    setSteps([])
    setResult(null)
    setError(null)
    const outcome = await settle(sendsmith().accounts.detect({ email, runId }))
    if (activeRun.current !== runId) return
    activeRun.current = null
    if (outcome.ok) {
      setSteps(outcome.value.steps)
      setResult(outcome.value)
      setStatus('done')
    } else {
      setError(outcome.error)
      setStatus('failed')
    }
  }, [])

  const cancel = useCallback(() => {
    if (activeRun.current !== null) void settle(sendsmith().accounts.cancel({ runId: activeRun.current }))
  }, [])

  const reset = useCallback(() => {
    if (activeRun.current !== null) void settle(sendsmith().accounts.cancel({ runId: activeRun.current }))
    activeRun.current = null
    setStatus('idle')
    setSteps([])
    setResult(null)
    setError(null)
  }, [])

  return { status, steps, result, error, detect, cancel, reset }
}
