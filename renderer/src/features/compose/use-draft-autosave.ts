import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppError } from '../../../../shared/contract'
import { sendsmith, settle } from '../../sendsmith'
import { toDraft, type ComposeFields } from './compose-fields'

/** How long after the last keystroke a draft is written (the issue: "a few seconds"). */
export const autosaveDelayMs = 2000

export interface DraftAutosave {
  draftId: string | undefined
  savedAt: Date | null
  error: AppError | null
  /** Writes the draft now (Ctrl+S, closing the tab); a no-op when nothing changed. */
  saveNow: () => Promise<void>
  /** The message went out: its draft is deleted and later edits start a new one. */
  discard: () => Promise<void>
}

/**
 * Saves the compose fields as a draft ~2 s after typing stops, when the window is hidden or
 * closed (best effort), and on demand. `dirty` is false until the user changed something, so an
 * empty new message (or one holding only the signature) leaves no draft behind.
 */
export function useDraftAutosave(fields: ComposeFields, dirty: boolean, initialId?: string): DraftAutosave {
  const [draftId, setDraftId] = useState(initialId)
  const [savedAt, setSavedAt] = useState<Date | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const id = useRef(initialId)
  const latest = useRef(fields)
  const unsaved = useRef(false)
  const saving = useRef<Promise<void> | null>(null)
  latest.current = fields

  const save = useCallback(async () => {
    // One write at a time, so a slow save cannot land after a newer one and create a second draft.
    while (saving.current) await saving.current
    if (!unsaved.current) return
    unsaved.current = false
    saving.current = (async () => {
      const result = await settle(sendsmith().drafts.save(toDraft(latest.current, id.current)))
      if (result.ok) {
        id.current = result.value.id
        setDraftId(result.value.id)
        setSavedAt(new Date(result.value.updatedAt))
        setError(null)
      } else {
        unsaved.current = true
        setError(result.error)
      }
    })()
    await saving.current
    saving.current = null
  }, [])

  useEffect(() => {
    if (!dirty) return
    unsaved.current = true
    const timer = setTimeout(() => void save(), autosaveDelayMs)
    return () => clearTimeout(timer)
  }, [fields, dirty, save])

  useEffect(() => {
    const flush = () => void save()
    const onHidden = () => document.visibilityState === 'hidden' && flush()
    window.addEventListener('beforeunload', flush)
    document.addEventListener('visibilitychange', onHidden)
    return () => {
      window.removeEventListener('beforeunload', flush)
      document.removeEventListener('visibilitychange', onHidden)
    }
  }, [save])

  const discard = useCallback(async () => {
    while (saving.current) await saving.current
    const old = id.current
    id.current = undefined
    unsaved.current = false
    setDraftId(undefined)
    setSavedAt(null)
    if (old) await settle(sendsmith().drafts.delete({ id: old }))
  }, [])

  const saveNow = useCallback(async () => {
    if (dirty) unsaved.current = true
    await save()
  }, [dirty, save])

  return { draftId, savedAt, error, saveNow, discard }
}

/** A saved draft, to open in a new tab. */
export const getDraft = (id: string) => settle(sendsmith().drafts.get({ id }))
