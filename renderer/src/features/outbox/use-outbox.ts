import { useCallback, useEffect, useState } from 'react'
import type { AppError, OutboxEntry } from '../../../../shared/contract'
import { sendsmith, settle } from '../../sendsmith'

/** The outbox feature's door to main: what is waiting or failed, and the sent history, kept current by `outbox:changed`. */
export function useOutbox(visible: boolean) {
  const [entries, setEntries] = useState<OutboxEntry[]>([])
  const [sent, setSent] = useState<OutboxEntry[]>([])
  const [error, setError] = useState<AppError | null>(null)

  const reload = useCallback(async () => {
    const [waiting, done] = await Promise.all([
      settle(sendsmith().outbox.list({})),
      settle(sendsmith().outbox.sent({})),
    ])
    if (waiting.ok) setEntries(waiting.value)
    if (done.ok) setSent([...done.value].reverse())
    setError(!waiting.ok ? waiting.error : !done.ok ? done.error : null)
  }, [])

  useEffect(() => {
    if (visible) void reload()
  }, [visible, reload])

  useEffect(
    () =>
      sendsmith().on('outbox:changed', (entry) => {
        if (entry.state === 'sent') {
          setEntries((all) => all.filter((e) => e.id !== entry.id))
          // A copy-in-Sent update changes a sent entry in place; a newly sent one goes on top.
          setSent((all) =>
            all.some((e) => e.id === entry.id) ? all.map((e) => (e.id === entry.id ? entry : e)) : [entry, ...all],
          )
        } else {
          setEntries((all) =>
            all.some((e) => e.id === entry.id) ? all.map((e) => (e.id === entry.id ? entry : e)) : [...all, entry],
          )
        }
      }),
    [],
  )

  // Cancelled (undo send, from any window) or moved to the sent history: no longer waiting.
  useEffect(() => sendsmith().on('outbox:removed', ({ id }) => setEntries((all) => all.filter((e) => e.id !== id))), [])

  const cancel = useCallback(
    async (id: string) => {
      const result = await settle(sendsmith().outbox.cancel({ id }))
      if (!result.ok) setError(result.error)
      else if (!result.value.cancelled)
        setError({ code: 'VALIDATION', message: 'It is being sent right now and can no longer be taken back.' })
      await reload()
    },
    [reload],
  )

  const resend = useCallback(async (id: string) => {
    const result = await settle(sendsmith().outbox.resend({ id }))
    if (!result.ok) setError(result.error)
  }, [])

  /** "Retry now" for a copy in Sent: one attempt at once; its new state comes back (and as 'outbox:changed'). */
  const retryCopy = useCallback(async (id: string) => {
    const result = await settle(sendsmith().outbox.retryCopy({ id }))
    if (!result.ok) setError(result.error)
    else if (result.value) {
      const entry = result.value
      setSent((all) => all.map((e) => (e.id === entry.id ? entry : e)))
    }
  }, [])

  return { entries, sent, error, reload, cancel, resend, retryCopy }
}
