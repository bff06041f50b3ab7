import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppError, OutboxEntry, Result, SendRequest } from '../../../../shared/contract'
import { sendsmith, settle } from '../../sendsmith'

/** Seconds in which "Undo" takes a message back (ARCHITECTURE: undo send through the outbox). */
export const undoSeconds = 5

export type SendPhase =
  | { kind: 'idle' }
  | { kind: 'queueing' }
  | { kind: 'refused'; error: AppError }
  | { kind: 'cancelled' }
  | { kind: 'entry'; entry: OutboxEntry; percent?: number }

export interface QueuedSend {
  phase: SendPhase
  /** Puts the message in the outbox: now after the undo delay, or at `sendAt` (send later). */
  queue: (request: SendRequest, sendAt?: Date) => Promise<Result<OutboxEntry>>
  /** Undo send (or drop a scheduled message): true when it was taken back before sending. */
  undo: () => Promise<boolean>
  /** The user's word to send a failed or possibly-delivered message again. */
  resend: () => Promise<void>
}

/** One compose window's message in the outbox, followed through `outbox:changed` until it is sent or failed. */
export function useQueuedSend(): QueuedSend {
  const [phase, setPhase] = useState<SendPhase>({ kind: 'idle' })
  const current = useRef<string | null>(null)
  // Events can arrive before mail:queue answers: keep the latest per id until we know ours.
  const early = useRef(new Map<string, OutboxEntry>())

  useEffect(() => {
    const offChanged = sendsmith().on('outbox:changed', (entry) => {
      if (entry.id === current.current)
        setPhase((p) => ({
          kind: 'entry',
          entry,
          percent: entry.state === 'sending' && p.kind === 'entry' ? p.percent : undefined,
        }))
      else if (current.current === null) early.current.set(entry.id, entry)
    })
    // Progress names the outbox entry: another message from the same account is not ours.
    const offProgress = sendsmith().on('send:progress', (progress) => {
      setPhase((p) =>
        p.kind === 'entry' && p.entry.state === 'sending' && p.entry.id === progress.outboxId
          ? { ...p, percent: progress.percent }
          : p,
      )
    })
    return () => {
      offChanged()
      offProgress()
    }
  }, [])

  const queue = useCallback(async (request: SendRequest, sendAt?: Date) => {
    current.current = null
    early.current.clear()
    setPhase({ kind: 'queueing' })
    const result = await settle(
      sendsmith().mail.queue(
        sendAt ? { message: request, sendAt: sendAt.toISOString() } : { message: request, delaySeconds: undoSeconds },
      ),
    )
    if (!result.ok) {
      setPhase({ kind: 'refused', error: result.error })
      return result
    }
    current.current = result.value.id
    const newer = early.current.get(result.value.id)
    early.current.clear()
    setPhase({ kind: 'entry', entry: newer ?? result.value })
    return result
  }, [])

  const undo = useCallback(async () => {
    const id = current.current
    if (!id) return false
    const result = await settle(sendsmith().outbox.cancel({ id }))
    if (!result.ok || !result.value.cancelled) return false
    current.current = null
    setPhase({ kind: 'cancelled' })
    return true
  }, [])

  const resend = useCallback(async () => {
    const id = current.current
    if (!id) return
    const result = await settle(sendsmith().outbox.resend({ id }))
    if (result.ok && result.value) setPhase({ kind: 'entry', entry: result.value })
  }, [])

  return { phase, queue, undo, resend }
}
