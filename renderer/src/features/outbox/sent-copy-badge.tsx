import { useState } from 'react'
import { Badge, Button, Spinner, Tooltip, type BadgeProps } from '@fluentui/react-components'
import { ArrowClockwise16Regular } from '@fluentui/react-icons'
import type { OutboxEntry, SentCopyState } from '../../../../shared/contract'

const looks: Record<SentCopyState, { text: (folder?: string) => string; color: BadgeProps['color'] }> = {
  saved: { text: (folder) => `Copy saved to ${folder ?? 'Sent'}`, color: 'success' },
  waiting: { text: () => 'Copy waiting', color: 'warning' },
  failed: { text: () => 'Copy not saved', color: 'danger' },
  skipped: { text: () => 'No copy', color: 'subtle' },
}

/** Where the message's copy in the mailbox's Sent folder is, with why in the tooltip. */
export function SentCopyBadge({ entry }: { entry: OutboxEntry }) {
  const copy = entry.sentCopy
  if (!copy) return null
  const look = looks[copy.state]
  const why = [
    copy.detail,
    copy.lastError && `${copy.lastError.message}${copy.lastError.hint ? ` ${copy.lastError.hint}` : ''}`,
    copy.nextAttemptAt && `Next try ${new Date(copy.nextAttemptAt).toLocaleTimeString()}`,
  ]
    .filter(Boolean)
    .join(' · ')
  return (
    <Tooltip content={why} relationship="description">
      <Badge appearance="tint" size="small" color={look.color} data-copy-state={copy.state}>
        {look.text(copy.folder)}
      </Badge>
    </Tooltip>
  )
}

/** "Retry now" for a copy that waits or failed: disabled while its attempt runs. */
export function RetryCopyButton({ entry, onRetry }: { entry: OutboxEntry; onRetry: (id: string) => Promise<void> }) {
  const [busy, setBusy] = useState(false)
  if (entry.sentCopy?.state !== 'waiting' && entry.sentCopy?.state !== 'failed') return null
  return (
    <Button
      size="small"
      icon={busy ? <Spinner size="extra-tiny" /> : <ArrowClockwise16Regular />}
      disabled={busy}
      aria-label={`Retry now: the copy of ${entry.subject || '(no subject)'}`}
      onClick={() => {
        setBusy(true)
        void onRetry(entry.id).finally(() => setBusy(false))
      }}
    >
      Retry now
    </Button>
  )
}

/** Sent messages whose copy in Sent is still to be saved (or failed): unfinished outgoing work. */
export function pendingCopies(sent: OutboxEntry[]): OutboxEntry[] {
  return sent.filter((e) => e.sentCopy?.state === 'waiting' || e.sentCopy?.state === 'failed')
}
