import { useCallback, useEffect, useRef, useState } from 'react'
import type {
  MergeInput,
  MergePreview,
  MergeProgress,
  MergeRunSummary,
  MergeSendOptions,
  MergeValidation,
  Result,
  TemplateFile,
} from '../../../../shared/contract'
import { sendsmith, settle } from '../../sendsmith'

/** A run as last heard of: the summary from a call, or the latest 'merge:progress' (with rate and ETA). */
export type RunStatus = MergeRunSummary & Partial<Pick<MergeProgress, 'ratePerSecond' | 'etaSeconds' | 'elapsedMs'>>

/** The merge feature's one door to main: validate, preview, start and steer runs, and their progress. */
export function useMerge(visible: boolean) {
  const [runs, setRuns] = useState<RunStatus[]>([])
  const [listError, setListError] = useState<string | null>(null)

  const reloadRuns = useCallback(async () => {
    const result = await settle(sendsmith().merge.list({}))
    if (result.ok) {
      setListError(null)
      // A live run's progress (rate, ETA) is newer than the list's summary: keep it.
      setRuns((current) =>
        result.value.map((run) => ({ ...current.find((c) => c.runId === run.runId && c.state === run.state), ...run })),
      )
    } else setListError(result.error.message)
  }, [])

  useEffect(() => {
    if (visible) void reloadRuns()
  }, [visible, reloadRuns])

  useEffect(
    () =>
      sendsmith().on('merge:progress', (progress) =>
        setRuns((current) =>
          current.some((r) => r.runId === progress.runId)
            ? current.map((r) => (r.runId === progress.runId ? progress : r))
            : [progress, ...current],
        ),
      ),
    [],
  )

  // A call that returns a run's new summary: folded into the list at once.
  const steer = useCallback(async (call: Promise<Result<MergeRunSummary>>) => {
    const result = await settle(call)
    if (result.ok)
      setRuns((current) =>
        current.some((r) => r.runId === result.value.runId)
          ? current.map((r) => (r.runId === result.value.runId ? { ...r, ...result.value } : r))
          : [result.value, ...current],
      )
    return result
  }, [])

  return {
    runs,
    listError,
    reloadRuns,
    validate: useCallback(
      (input: MergeInput): Promise<Result<MergeValidation>> => settle(sendsmith().merge.validate(input)),
      [],
    ),
    preview: useCallback(
      (input: MergeInput, row: number): Promise<Result<MergePreview>> =>
        settle(sendsmith().merge.preview({ ...input, row })),
      [],
    ),
    start: useCallback(
      (input: MergeInput, options: MergeSendOptions & { overrideReadiness?: boolean }) =>
        steer(sendsmith().merge.start({ ...input, ...options })),
      [steer],
    ),
    pause: useCallback((runId: string) => steer(sendsmith().merge.pause({ runId })), [steer]),
    resume: useCallback((runId: string) => steer(sendsmith().merge.resume({ runId })), [steer]),
    cancel: useCallback((runId: string) => steer(sendsmith().merge.cancel({ runId })), [steer]),
    sendAgain: useCallback(
      (runId: string, rows: 'failed' | 'uncertain') => steer(sendsmith().merge.sendAgain({ runId, rows })),
      [steer],
    ),
    results: useCallback((runId: string) => settle(sendsmith().merge.results({ runId })), []),
  }
}

export type MergeData = ReturnType<typeof useMerge>

/**
 * The merge's template file, opened through main and watched there: `onChanged` hears its edits,
 * and the file is let go when another is opened or the screen goes.
 */
export function useMergeTemplateFile(onChanged: (handle: string, source: string) => void) {
  const handle = useRef<string | null>(null)
  const changed = useRef(onChanged)
  changed.current = onChanged

  useEffect(() => {
    const off = sendsmith().on('templates:changed', (event) => changed.current(event.handle, event.source))
    return () => {
      off()
      if (handle.current) void settle(sendsmith().templates.close({ handle: handle.current }))
    }
  }, [])

  /** Asks main for a file: null when the user cancels. */
  const open = useCallback(async (): Promise<Result<TemplateFile | null>> => {
    const result = await settle(sendsmith().templates.open({}))
    if (result.ok && result.value) {
      if (handle.current) void settle(sendsmith().templates.close({ handle: handle.current }))
      handle.current = result.value.handle
    }
    return result
  }, [])

  return { open }
}
