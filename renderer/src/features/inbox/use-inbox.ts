import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppError, CheckReport, InboxMessage, InboxStatus, InboxSummary } from '../../../../shared/contract'
import { sendsmith, settle } from '../../sendsmith'
import { downloadBlob } from '../../components/download-file'

/** How long a deleted message can be taken back before it is removed from disk. */
export const undoDeleteMs = 6000

/** A query matches the list as the store does it: from, to, envelope addresses and subject, case-insensitive. */
export function matchesQuery(message: InboxSummary, query: string): boolean {
  const needle = query.trim().toLowerCase()
  if (!needle) return true
  return [message.from, ...message.to, message.envelope.from, ...message.envelope.to, message.subject].some((field) =>
    field.toLowerCase().includes(needle),
  )
}

/**
 * The local test inbox's door to main: the server's status, the list (searched in main, kept
 * current by `inbox:received`), the open message, delete with undo, and clear.
 */
export function useInbox(visible: boolean) {
  const [status, setStatus] = useState<InboxStatus | null>(null)
  const [messages, setMessages] = useState<InboxSummary[]>([])
  const [loaded, setLoaded] = useState(false)
  const [query, setQuery] = useState('')
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [message, setMessage] = useState<InboxMessage | null>(null)
  const [messageLoading, setMessageLoading] = useState(false)
  const [error, setError] = useState<AppError | null>(null)
  // Deleted in the list at once, on disk only when the undo time is up.
  const [pending, setPending] = useState<InboxSummary | null>(null)
  const pendingTimer = useRef<number | undefined>(undefined)
  const queryRef = useRef(query)
  queryRef.current = query
  const pendingRef = useRef(pending)
  pendingRef.current = pending

  const reload = useCallback(async () => {
    const [state, list] = await Promise.all([
      settle(sendsmith().inbox.status({})),
      settle(sendsmith().inbox.list(queryRef.current.trim() ? { query: queryRef.current.trim() } : {})),
    ])
    if (state.ok) setStatus(state.value)
    // A message waiting to be deleted (undo still possible) stays out of the list.
    if (list.ok) setMessages(list.value.filter((m) => m.id !== pendingRef.current?.id))
    setLoaded(true)
    setError(!state.ok ? state.error : !list.ok ? list.error : null)
  }, [])

  useEffect(() => {
    if (visible) void reload()
  }, [visible, reload])

  // Searching asks main, a moment after the last key.
  useEffect(() => {
    const timer = window.setTimeout(() => void reload(), 150)
    return () => window.clearTimeout(timer)
  }, [query, reload])

  useEffect(
    () =>
      sendsmith().on('inbox:received', (summary) => {
        if (matchesQuery(summary, queryRef.current))
          setMessages((all) => [summary, ...all.filter((m) => m.id !== summary.id)])
        // The server may have started after the window first asked (main starts it in the background).
        void settle(sendsmith().inbox.status({})).then((state) => state.ok && setStatus(state.value))
      }),
    [],
  )

  // The open message: fetched when the selection changes.
  useEffect(() => {
    if (!selectedId) {
      setMessage(null)
      return
    }
    let live = true
    setMessageLoading(true)
    void settle(sendsmith().inbox.get({ id: selectedId })).then((result) => {
      if (!live) return
      setMessageLoading(false)
      if (result.ok) setMessage(result.value)
      else {
        setMessage(null)
        setError(result.error)
      }
    })
    return () => {
      live = false
    }
  }, [selectedId])

  const commitDelete = useCallback(async (summary: InboxSummary) => {
    const result = await settle(sendsmith().inbox.delete({ id: summary.id }))
    if (!result.ok) setError(result.error)
  }, [])

  /** Removes a message from the list now and from disk after `undoDeleteMs`, unless undone. */
  const remove = useCallback(
    (summary: InboxSummary) => {
      window.clearTimeout(pendingTimer.current)
      if (pending) void commitDelete(pending)
      setPending(summary)
      const at = messages.findIndex((m) => m.id === summary.id)
      const rest = messages.filter((m) => m.id !== summary.id)
      setMessages(rest)
      // The next message (or the one above, at the end) is selected, as mail clients do.
      if (selectedId === summary.id) setSelectedId(rest[Math.min(at, rest.length - 1)]?.id ?? null)
      pendingTimer.current = window.setTimeout(() => {
        setPending(null)
        void commitDelete(summary)
      }, undoDeleteMs)
    },
    [pending, messages, selectedId, commitDelete],
  )

  const undo = useCallback(() => {
    window.clearTimeout(pendingTimer.current)
    if (!pending) return
    setPending(null)
    setMessages((all) => [...all, pending].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)))
    setSelectedId(pending.id)
  }, [pending])

  // Leaving the app with a deletion waiting: it happens now rather than never.
  useEffect(
    () => () => {
      window.clearTimeout(pendingTimer.current)
      if (pendingRef.current) void settle(sendsmith().inbox.delete({ id: pendingRef.current.id }))
    },
    [],
  )

  const clear = useCallback(async () => {
    window.clearTimeout(pendingTimer.current)
    setPending(null)
    const result = await settle(sendsmith().inbox.clear({}))
    if (!result.ok) setError(result.error)
    setSelectedId(null)
    await reload()
  }, [reload])

  const saveAttachment = useCallback(async (id: string, index: number) => {
    const result = await settle(sendsmith().inbox.attachment({ id, index }))
    if (!result.ok) {
      setError(result.error)
      return
    }
    const { filename, contentType, contentBase64 } = result.value
    const bytes = Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0))
    downloadBlob(new Blob([bytes], { type: contentType }), safeFileName(filename))
  }, [])

  return {
    status,
    messages,
    loaded,
    query,
    setQuery,
    selectedId,
    select: setSelectedId,
    message: message?.id === selectedId ? message : null,
    messageLoading,
    error,
    dismissError: () => setError(null),
    pending,
    remove,
    undo,
    clear,
    saveAttachment,
    reload,
  }
}

/** A file name the sender chose, made safe to offer: no folders, no characters file systems refuse. */
export function safeFileName(name: string): string {
  const cleaned = [...name]
    .map((c) => (c.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .trim()
  return cleaned === '' || /^\.+$/.test(cleaned) ? 'attachment' : cleaned
}

/** The workbench's checks on a received message's HTML; the answer names the HTML it is for (a newer one may be asked for meanwhile). */
export function useHtmlChecks(html: string) {
  const [result, setResult] = useState<{ html: string; report: CheckReport | null; error: AppError | null } | null>(
    null,
  )
  useEffect(() => {
    let live = true
    void settle(sendsmith().templates.check({ source: html, kind: 'html' })).then((reply) => {
      if (live) setResult({ html, report: reply.ok ? reply.value : null, error: reply.ok ? null : reply.error })
    })
    return () => {
      live = false
    }
  }, [html])
  return result?.html === html ? result : null
}
