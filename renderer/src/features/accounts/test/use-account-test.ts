import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppError, TestReport, TestRequest, TestStep } from '../../../../../shared/contract'
import { sendsmith, settle } from '../../../sendsmith'
import { upsertStep } from '../live-steps'

export type TestStatus = 'idle' | 'running' | 'done' | 'failed'

/** What the user asked for besides the connection itself. */
export type TestOptions = Omit<TestRequest, 'accountId' | 'runId'>

export interface AccountTestState {
  status: TestStatus
  /** Steps so far: live from `test:step` while running, then the report's list. */
  steps: TestStep[]
  report: TestReport | null
  /** The call itself failed (validation, account not found ...), as opposed to a failed test. */
  error: AppError | null
  run: (options: TestOptions) => Promise<void>
  cancel: () => void
}

/** Runs `accounts:test` for one account and follows its steps; cancellable. */
export function useAccountTest(accountId: string): AccountTestState {
  const [status, setStatus] = useState<TestStatus>('idle')
  const [steps, setSteps] = useState<TestStep[]>([])
  const [report, setReport] = useState<TestReport | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const activeRun = useRef<string | null>(null)

  useEffect(
    () =>
      sendsmith().on('test:step', ({ runId, step }) => {
        if (runId === activeRun.current) setSteps((current) => upsertStep(current, step))
      }),
    [],
  )

  useEffect(
    () => () => {
      if (activeRun.current !== null) void settle(sendsmith().accounts.cancel({ runId: activeRun.current }))
    },
    [],
  )

  const run = useCallback(
    async (options: TestOptions) => {
      const runId = crypto.randomUUID()
      activeRun.current = runId
      setStatus('running')
      setSteps([])
      setReport(null)
      setError(null)
      const outcome = await settle(sendsmith().accounts.test({ ...options, accountId, runId }))
      if (activeRun.current !== runId) return
      activeRun.current = null
      if (outcome.ok) {
        setSteps(outcome.value.steps)
        setReport(outcome.value)
        setStatus('done')
      } else {
        setError(outcome.error)
        setStatus('failed')
      }
    },
    [accountId],
  )

  const cancel = useCallback(() => {
    if (activeRun.current !== null) void settle(sendsmith().accounts.cancel({ runId: activeRun.current }))
  }, [])

  return { status, steps, report, error, run, cancel }
}
