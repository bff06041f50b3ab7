import { useEffect, useRef, type ReactNode, type RefObject } from 'react'
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { AppError, OutboxEntry } from '../../../../shared/contract'
import { secondsUntil, useNow } from '../../components/use-now'
import { SendDetails } from '../../components/send-details'
import { AppErrorText, sendErrorTitle } from '../../components/app-error-bar'
import { ResendButton } from '../../components/send-outcome'
import { undoSeconds, type SendPhase } from './use-queued-send'

const useStyles = makeStyles({
  region: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    scrollMarginBottom: tokens.spacingVerticalXXL,
  },
  spinner: { justifyContent: 'flex-start' },
  line: { display: 'block', marginTop: tokens.spacingVerticalXS },
  response: {
    display: 'block',
    marginTop: tokens.spacingVerticalXS,
    fontFamily: tokens.fontFamilyMonospace,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
})

interface SendResultProps {
  phase: SendPhase
  onUndo: () => void
  onResend: () => void
}

/** Where the message is (undo countdown, sending, retrying), then what the server said. Always mounted: it is the live region. */
export function SendResultPanel({ phase, onUndo, onResend }: SendResultProps) {
  const styles = useStyles()
  const region = useRef<HTMLDivElement>(null)
  const entry = phase.kind === 'entry' ? phase.entry : null
  const now = useNow(entry !== null && (entry.state === 'queued' || entry.state === 'retrying'))
  const finished = entry?.state === 'sent' || entry?.state === 'failed' || entry?.state === 'uncertain'
  // Bring the outcome into view when it arrives, wherever the user had scrolled to.
  useEffect(() => {
    if (finished) region.current?.scrollIntoView({ block: 'nearest' })
  }, [finished])
  // Just queued: Undo takes the focus, so Enter (or Ctrl+Z) takes the message back within its delay.
  const undoButton = useRef<HTMLButtonElement>(null)
  const queuedId = entry?.state === 'queued' ? entry.id : null
  useEffect(() => {
    if (queuedId) undoButton.current?.focus()
  }, [queuedId])
  // When the focused Undo goes away (the delay ran out), focus stays here rather than falling to the page.
  const holdsFocus = useRef(false)
  useEffect(() => {
    const active = document.activeElement
    if (holdsFocus.current && (active === null || active === document.body)) region.current?.focus()
  })

  return (
    <div
      ref={region}
      role="status"
      aria-live="polite"
      data-testid="send-result"
      className={styles.region}
      tabIndex={-1}
      onFocus={() => (holdsFocus.current = true)}
      onBlur={(event) => (holdsFocus.current = event.relatedTarget === null)}
    >
      {phase.kind === 'queueing' && (
        <Spinner
          className={styles.spinner}
          size="small"
          labelPosition="after"
          label="Putting the message in the outbox…"
        />
      )}
      {phase.kind === 'refused' && (
        <OutcomeBar intent="error" title={sendErrorTitle(phase.error)} error={phase.error} />
      )}
      {phase.kind === 'cancelled' && (
        <MessageBar intent="info">
          <MessageBarBody>Sending cancelled. The message is here as you left it.</MessageBarBody>
        </MessageBar>
      )}
      {entry && (
        <EntryStatus
          entry={entry}
          percent={phase.kind === 'entry' ? phase.percent : undefined}
          now={now}
          onUndo={onUndo}
          onResend={onResend}
          undoButton={undoButton}
        />
      )}
    </div>
  )
}

function EntryStatus({
  entry,
  percent,
  now,
  onUndo,
  onResend,
  undoButton,
}: {
  entry: OutboxEntry
  percent?: number
  now: number
  onUndo: () => void
  onResend: () => void
  undoButton: RefObject<HTMLButtonElement | null>
}) {
  const styles = useStyles()
  switch (entry.state) {
    case 'queued': {
      const seconds = secondsUntil(entry.sendAt, now)
      const later = Date.parse(entry.sendAt) - Date.parse(entry.createdAt) > (undoSeconds + 1) * 1000
      return (
        <MessageBar intent="info">
          <MessageBarBody>
            {later && seconds > 0
              ? `Scheduled for ${new Date(entry.sendAt).toLocaleString()}`
              : seconds > 0
                ? `Sending in ${seconds} s…`
                : 'Sending…'}
          </MessageBarBody>
          {seconds > 0 && (
            <MessageBarActions>
              <Button ref={undoButton} onClick={onUndo} title={later ? undefined : 'Undo (Ctrl+Z)'}>
                {later ? 'Cancel' : 'Undo'}
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )
    }
    case 'sending':
      return (
        <>
          <Spinner
            className={styles.spinner}
            size="small"
            labelPosition="after"
            label={percent !== undefined ? `Sending ${Math.round(percent)}%` : 'Sending…'}
          />
          {percent !== undefined && <ProgressBar value={percent / 100} />}
        </>
      )
    case 'retrying':
      return (
        <OutcomeBar
          intent="warning"
          title={entry.lastError ? sendErrorTitle(entry.lastError) : 'Not sent yet'}
          error={entry.lastError}
        >
          <span className={styles.line}>
            Retrying in {secondsUntil(entry.nextAttemptAt, now)} s (attempt {entry.attempts + 1}). The message stays in
            the outbox until then.
          </span>
        </OutcomeBar>
      )
    case 'uncertain':
      return (
        <OutcomeBar
          intent="warning"
          title="May have been delivered — not resent automatically"
          error={entry.lastError}
          action={<ResendButton entry={entry} onResend={onResend} />}
        />
      )
    case 'failed':
      return (
        <OutcomeBar
          intent="error"
          title={entry.lastError ? sendErrorTitle(entry.lastError) : 'Not sent'}
          error={entry.lastError}
          action={<ResendButton entry={entry} onResend={onResend} />}
        />
      )
    case 'sent':
      return entry.result ? <Sent entry={entry} /> : null
  }
}

/** A multiline bar: a title, the error's text when there is one, more lines, and an action. */
function OutcomeBar({
  intent,
  title,
  error,
  action,
  children,
}: {
  intent: 'warning' | 'error'
  title: string
  error?: AppError
  action?: ReactNode
  children?: ReactNode
}) {
  return (
    <MessageBar intent={intent} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {error && <AppErrorText error={error} />}
        {children}
      </MessageBarBody>
      {action && <MessageBarActions>{action}</MessageBarActions>}
    </MessageBar>
  )
}

function Sent({ entry }: { entry: OutboxEntry }) {
  const value = entry.result!
  return (
    <>
      <MessageBar intent={value.rejected.length > 0 ? 'warning' : 'success'}>
        <MessageBarBody>
          <MessageBarTitle>Message sent</MessageBarTitle>
          {value.accepted.length} recipient{value.accepted.length === 1 ? '' : 's'} accepted
          {value.rejected.length > 0 ? `, ${value.rejected.length} refused` : ''}.
        </MessageBarBody>
      </MessageBar>
      <SendDetails value={value} />
    </>
  )
}
