import {
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  makeStyles,
  tokens,
  type BadgeProps,
} from '@fluentui/react-components'
import type { AppError, OutboxEntry, OutboxState } from '../../../../shared/contract'
import { secondsUntil, useNow } from '../../components/use-now'
import { sendErrorTitle } from '../../components/app-error-bar'
import { ResendButton } from '../../components/send-outcome'
import { pendingCopies, RetryCopyButton, SentCopyBadge } from './sent-copy-badge'
import { SignInButton, waitsForSignIn } from './sign-in-button'
import { screenColumn } from '../../components/surface-styles'

const useStyles = makeStyles({
  screen: screenColumn,
  title: { margin: 0 },
  table: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1, display: 'block' },
  cell: { overflowWrap: 'anywhere', paddingBlock: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
})

export const stateLabels: Record<OutboxState, { text: string; color: BadgeProps['color'] }> = {
  queued: { text: 'Waiting', color: 'informative' },
  sending: { text: 'Sending', color: 'brand' },
  retrying: { text: 'Retrying', color: 'warning' },
  uncertain: { text: 'May have been delivered', color: 'severe' },
  failed: { text: 'Failed', color: 'danger' },
  sent: { text: 'Sent', color: 'success' },
}

function when(entry: OutboxEntry, now: number): string {
  // It is still tried hourly, but what sends it is the user's sign-in.
  if (waitsForSignIn(entry)) return 'After you sign in'
  if (entry.state === 'retrying') return `in ${secondsUntil(entry.nextAttemptAt, now)} s`
  if (entry.state === 'queued') {
    const s = secondsUntil(entry.sendAt, now)
    return s === 0 ? 'now' : s < 120 ? `in ${s} s` : new Date(entry.sendAt).toLocaleString()
  }
  return '—'
}

interface OutboxScreenProps {
  entries: OutboxEntry[]
  error: AppError | null
  visible: boolean
  onCancel: (id: string) => void
  onResend: (id: string) => void
  /** Sent history: the messages whose copy in Sent is still waiting are shown here too. */
  sent?: OutboxEntry[]
  /** "Retry now" for a waiting or failed copy in Sent. */
  onRetryCopy?: (id: string) => Promise<void>
}

/** Everything not yet sent: waiting (undo delay, send later), being sent, retrying, failed, or possibly delivered. */
export function OutboxScreen({
  entries,
  error,
  visible,
  onCancel,
  onResend,
  sent = [],
  onRetryCopy,
}: OutboxScreenProps) {
  const styles = useStyles()
  const copies = pendingCopies(sent)
  const now = useNow(
    visible && (entries.some((e) => e.state === 'queued' || e.state === 'retrying') || pendingCopies(sent).length > 0),
  )
  return (
    <div className={styles.screen}>
      <Title2 as="h2" className={styles.title}>
        Outbox
      </Title2>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      )}
      {entries.length === 0 ? (
        <Text>
          {copies.length === 0
            ? 'The outbox is empty: every message has been sent.'
            : 'Every message has been sent; some copies for the Sent folder are still waiting.'}
        </Text>
      ) : (
        <Table aria-label="Outbox" className={styles.table} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell>Subject</TableHeaderCell>
              <TableHeaderCell>Recipients</TableHeaderCell>
              <TableHeaderCell>Attempts</TableHeaderCell>
              <TableHeaderCell>Next attempt</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.map((entry) => (
              <TableRow key={entry.id} aria-label={entry.subject || '(no subject)'}>
                <TableCell className={styles.cell}>
                  <Badge appearance="tint" color={stateLabels[entry.state].color}>
                    {waitsForSignIn(entry) ? 'Sign-in needed' : stateLabels[entry.state].text}
                  </Badge>
                </TableCell>
                <TableCell className={styles.cell}>
                  {entry.subject || <span className={styles.muted}>(no subject)</span>}
                  {entry.lastError && (
                    <Caption1 className={styles.error}>
                      {sendErrorTitle(entry.lastError)}: {entry.lastError.message}
                      {entry.lastError.response ? ` (${entry.lastError.response})` : ''}
                    </Caption1>
                  )}
                </TableCell>
                <TableCell className={styles.cell}>{entry.envelope.to.join(', ')}</TableCell>
                <TableCell className={styles.cell}>{entry.attempts}</TableCell>
                <TableCell className={styles.cell}>{when(entry, now)}</TableCell>
                <TableCell className={styles.cell}>
                  <div className={styles.actions}>
                    {waitsForSignIn(entry) && <SignInButton entry={entry} />}
                    {(entry.state === 'failed' || entry.state === 'uncertain') && (
                      <ResendButton entry={entry} onResend={() => onResend(entry.id)} />
                    )}
                    {entry.state !== 'sending' && (
                      <Button size="small" onClick={() => onCancel(entry.id)}>
                        {entry.state === 'failed' || entry.state === 'uncertain' ? 'Delete' : 'Cancel'}
                      </Button>
                    )}
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {copies.length > 0 && (
        <Table aria-label="Copies for the Sent folder" className={styles.table} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Copy in Sent (IMAP)</TableHeaderCell>
              <TableHeaderCell>Subject</TableHeaderCell>
              <TableHeaderCell>Recipients</TableHeaderCell>
              <TableHeaderCell>Attempts</TableHeaderCell>
              <TableHeaderCell>Next attempt</TableHeaderCell>
              {onRetryCopy && <TableHeaderCell>Actions</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {copies.map((entry) => (
              <TableRow key={entry.id} aria-label={`Copy of ${entry.subject || '(no subject)'}`}>
                <TableCell className={styles.cell}>
                  <SentCopyBadge entry={entry} />
                </TableCell>
                <TableCell className={styles.cell}>
                  {entry.subject || <span className={styles.muted}>(no subject)</span>}
                  {entry.sentCopy?.lastError && (
                    <Caption1 className={styles.error}>{entry.sentCopy.lastError.message}</Caption1>
                  )}
                </TableCell>
                <TableCell className={styles.cell}>{entry.envelope.to.join(', ')}</TableCell>
                <TableCell className={styles.cell}>{entry.sentCopy?.attempts}</TableCell>
                <TableCell className={styles.cell}>
                  {entry.sentCopy?.nextAttemptAt ? `in ${secondsUntil(entry.sentCopy.nextAttemptAt, now)} s` : '—'}
                </TableCell>
                {onRetryCopy && (
                  <TableCell className={styles.cell}>
                    <RetryCopyButton entry={entry} onRetry={onRetryCopy} />
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  )
}
