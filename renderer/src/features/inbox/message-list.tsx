import { useEffect, useRef, type KeyboardEvent } from 'react'
import {
  Caption1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components'
import { Attach16Regular } from '@fluentui/react-icons'
import type { InboxSummary } from '../../../../shared/contract'
import { formatSize } from '../../components/format-size'

const useStyles = makeStyles({
  scroller: {
    maxHeight: '300px',
    overflowY: 'auto',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  table: { tableLayout: 'fixed' },
  head: { position: 'sticky', top: 0, zIndex: 1, backgroundColor: tokens.colorNeutralBackground1 },
  row: {
    cursor: 'default',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  selected: {
    backgroundColor: tokens.colorSubtleBackgroundSelected,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundSelected },
    boxShadow: `inset 3px 0 0 ${tokens.colorBrandStroke1}`,
  },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  subject: { fontWeight: tokens.fontWeightSemibold },
  snippet: {
    color: tokens.colorNeutralForeground3,
    marginInlineStart: tokens.spacingHorizontalS,
    fontWeight: tokens.fontWeightRegular,
  },
  number: { textAlign: 'end', color: tokens.colorNeutralForeground2, fontVariantNumeric: 'tabular-nums' },
  icon: { color: tokens.colorNeutralForeground3, verticalAlign: 'middle' },
  // A small window keeps the Subject readable: To and Size give way (the message view shows both).
  wideOnly: { '@media (max-width: 1023px)': { display: 'none' } },
})

/** "14:05" today, "3 Mar, 14:05" this year, the full date before. */
export function formatReceived(iso: string, now = new Date()): string {
  const date = new Date(iso)
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  if (date.toDateString() === now.toDateString()) return time
  if (date.getFullYear() === now.getFullYear())
    return `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`
  return date.toLocaleDateString()
}

interface MessageListProps {
  messages: InboxSummary[]
  selectedId: string | null
  onSelect: (id: string) => void
  onDelete: (message: InboxSummary) => void
}

/** The received messages, newest first: Up and Down move through them, Delete deletes (with undo). */
export function MessageList({ messages, selectedId, onSelect, onDelete }: MessageListProps) {
  const styles = useStyles()
  const rows = useRef(new Map<string, HTMLTableRowElement>())
  const moved = useRef(false)
  const focusIndex = Math.max(
    0,
    messages.findIndex((m) => m.id === selectedId),
  )

  // The keyboard moved the selection: focus follows (a click or a new message does not steal focus).
  useEffect(() => {
    if (!moved.current || !selectedId) return
    moved.current = false
    const row = rows.current.get(selectedId)
    row?.focus()
    row?.scrollIntoView({ block: 'nearest' })
  }, [selectedId])

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0
    if (step !== 0) {
      event.preventDefault()
      const next =
        selectedId === null ? messages[index] : messages[Math.min(messages.length - 1, Math.max(0, index + step))]
      if (next) {
        moved.current = true
        if (next.id === selectedId) rows.current.get(next.id)?.focus()
        else onSelect(next.id)
      }
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault()
      const next = event.key === 'Home' ? messages[0] : messages[messages.length - 1]
      moved.current = true
      onSelect(next.id)
    } else if (event.key === 'Delete') {
      event.preventDefault()
      moved.current = true
      onDelete(messages[index])
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onSelect(messages[index].id)
    }
  }

  return (
    <div className={styles.scroller}>
      <Table aria-label="Messages" size="small" className={styles.table}>
        <TableHeader className={styles.head}>
          <TableRow>
            <TableHeaderCell style={{ width: '28px' }}>
              <Attach16Regular aria-label="Attachments" />
            </TableHeaderCell>
            <TableHeaderCell style={{ width: '22%' }}>From</TableHeaderCell>
            <TableHeaderCell style={{ width: '22%' }} className={styles.wideOnly}>
              To
            </TableHeaderCell>
            <TableHeaderCell>Subject</TableHeaderCell>
            <TableHeaderCell style={{ width: '76px' }} className={mergeClasses(styles.number, styles.wideOnly)}>
              Size
            </TableHeaderCell>
            <TableHeaderCell style={{ width: '112px' }} className={styles.number}>
              Received
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {messages.map((m, index) => {
            const selected = m.id === selectedId
            return (
              <TableRow
                key={m.id}
                ref={(element: HTMLTableRowElement | null) => {
                  if (element) rows.current.set(m.id, element)
                  else rows.current.delete(m.id)
                }}
                aria-label={m.subject || '(no subject)'}
                aria-selected={selected}
                data-testid="inbox-row"
                tabIndex={index === focusIndex ? 0 : -1}
                className={mergeClasses(styles.row, selected && styles.selected)}
                onClick={() => onSelect(m.id)}
                onKeyDown={(event) => onKeyDown(event, index)}
              >
                <TableCell>
                  {m.hasAttachments && <Attach16Regular className={styles.icon} aria-label="Has attachments" />}
                </TableCell>
                <TableCell className={styles.cell} title={senderTooltip(m.from)}>
                  {senderName(m.from) || <Caption1>(no sender)</Caption1>}
                </TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.wideOnly)} title={m.to.join(', ')}>
                  {m.to.join(', ')}
                </TableCell>
                <TableCell className={styles.cell} title={m.snippet}>
                  <span className={styles.subject}>{m.subject || '(no subject)'}</span>
                  {m.snippet && <span className={styles.snippet}>{m.snippet}</span>}
                </TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.number, styles.wideOnly)}>
                  {formatSize(m.size)}
                </TableCell>
                <TableCell
                  className={mergeClasses(styles.cell, styles.number)}
                  title={new Date(m.receivedAt).toLocaleString()}
                >
                  {formatReceived(m.receivedAt)}
                </TableCell>
              </TableRow>
            )
          })}
        </TableBody>
      </Table>
    </div>
  )
}

/** `"Farm Shop" <farm@example.test>` → name and address; null when the header has no <address>. */
function splitSender(from: string): { name: string; address: string } | null {
  const match = /^\s*(.*?)\s*<([^<>]*)>\s*$/.exec(from)
  if (!match) return null
  const quoted = /^"(.*)"$/.exec(match[1])
  const name = (quoted ? quoted[1].replace(/\\(.)/g, '$1') : match[1]).trim()
  return { name, address: match[2].trim() }
}

/** The From column shows the display name (the address when there is none), never the header's quotes. */
function senderName(from: string): string {
  const sender = splitSender(from)
  return sender ? sender.name || sender.address : from
}

/** The tooltip: name and address, without the header's quotes. */
function senderTooltip(from: string): string {
  const sender = splitSender(from)
  return sender ? (sender.name ? `${sender.name} <${sender.address}>` : sender.address) : from
}
