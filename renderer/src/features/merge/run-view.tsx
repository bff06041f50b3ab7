import { useCallback, useMemo, useState } from 'react'
import {
  Badge,
  Button,
  Caption1,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  ProgressBar,
  Text,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import {
  ArrowClockwise20Regular,
  Dismiss20Regular,
  MailArrowUp20Regular,
  Pause20Regular,
  Play20Regular,
} from '@fluentui/react-icons'
import type { AppError, MergeRunState } from '../../../../shared/contract'
import { AppErrorBar } from '../../components/app-error-bar'
import { formatEta } from './merge-results'
import { ResultsTable } from './results-table'
import type { MergeData, RunStatus } from './use-merge'
import { SuppressBouncesButton } from './suppress-bounces-button'

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  head: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  title: { margin: 0, flexGrow: 1 },
  stats: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(100px, 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  stat: { display: 'flex', flexDirection: 'column' },
  number: {
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    fontVariantNumeric: 'tabular-nums',
  },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
})

export const runStateLabels: Record<
  MergeRunState,
  { text: string; color: 'brand' | 'warning' | 'success' | 'subtle' | 'danger' }
> = {
  sending: { text: 'Sending', color: 'brand' },
  paused: { text: 'Paused', color: 'warning' },
  done: { text: 'Done', color: 'success' },
  cancelled: { text: 'Cancelled', color: 'subtle' },
  interrupted: { text: 'Interrupted', color: 'danger' },
}

/** A run: progress with rate and ETA, pause, resume and cancel, and the per-recipient results. */
export function RunView({ run, merge }: { run: RunStatus; merge: MergeData }) {
  const styles = useStyles()
  const [confirmCancel, setConfirmCancel] = useState(false)
  const [actionError, setActionError] = useState<AppError | null>(null)
  const [busy, setBusy] = useState(false)
  const sendable = run.total - run.skipped
  const finished = run.sent + run.failed + run.uncertain

  const act = useCallback(async (call: Promise<{ ok: boolean; error?: AppError }>) => {
    setBusy(true)
    const result = await call
    setBusy(false)
    setActionError(result.ok ? null : (result.error ?? null))
  }, [])

  const stats = useMemo(
    () => [
      { label: 'Sent', value: run.sent, testId: 'sent' },
      { label: 'Failed', value: run.failed, testId: 'failed' },
      { label: 'May have been delivered', value: run.uncertain, testId: 'uncertain' },
      { label: 'Remaining', value: run.remaining, testId: 'remaining' },
      { label: 'Skipped (invalid)', value: run.skipped, testId: 'skipped' },
      ...(run.sentCopies
        ? [
            {
              label:
                run.sentCopies.waiting + run.sentCopies.failed > 0
                  ? `Copies in Sent (${[
                      run.sentCopies.waiting > 0 && `${run.sentCopies.waiting} waiting`,
                      run.sentCopies.failed > 0 && `${run.sentCopies.failed} failed`,
                    ]
                      .filter(Boolean)
                      .join(', ')})`
                  : 'Copies in Sent',
              value: run.sentCopies.saved,
              testId: 'sent-copies',
            },
          ]
        : []),
    ],
    [run],
  )

  return (
    <div className={styles.view} data-testid="merge-run">
      <Card className={styles.card}>
        <div className={styles.head}>
          <Title3 as="h3" className={styles.title}>
            {run.subject}
          </Title3>
          <Badge appearance="filled" color={runStateLabels[run.state].color} data-testid="merge-run-state">
            {runStateLabels[run.state].text}
          </Badge>
          <div className={styles.actions}>
            {run.state === 'sending' && (
              <Button icon={<Pause20Regular />} disabled={busy} onClick={() => void act(merge.pause(run.runId))}>
                Pause
              </Button>
            )}
            {(run.state === 'paused' || run.state === 'interrupted') && (
              <Button
                appearance="primary"
                icon={<Play20Regular />}
                disabled={busy}
                onClick={() => void act(merge.resume(run.runId))}
              >
                Resume
              </Button>
            )}
            {run.state === 'done' && run.failed > 0 && (
              <Button
                icon={<ArrowClockwise20Regular />}
                disabled={busy}
                data-testid="merge-retry-failed"
                title="After fixing the cause: send the rows that failed for good again"
                onClick={() => void act(merge.sendAgain(run.runId, 'failed'))}
              >
                Retry failed ({run.failed})
              </Button>
            )}
            {run.state === 'done' && run.failed > 0 && <SuppressBouncesButton runId={run.runId} />}
            {run.state === 'done' && run.uncertain > 0 && (
              <Button
                icon={<MailArrowUp20Regular />}
                disabled={busy}
                data-testid="merge-resend-uncertain"
                title="These may have been delivered: send them again only if the recipients did not get them"
                onClick={() => void act(merge.sendAgain(run.runId, 'uncertain'))}
              >
                Resend uncertain ({run.uncertain})
              </Button>
            )}
            {(run.state === 'done' || run.state === 'cancelled') && (run.sentCopies?.waiting ?? 0) > 0 && (
              <Button
                icon={<ArrowClockwise20Regular />}
                disabled={busy}
                data-testid="merge-save-copies"
                title="The IMAP server could not be reached: save the waiting copies in Sent now (sends nothing)"
                onClick={() => void act(merge.resume(run.runId))}
              >
                Save waiting copies ({run.sentCopies?.waiting})
              </Button>
            )}
            {run.state !== 'done' && run.state !== 'cancelled' && (
              <Button icon={<Dismiss20Regular />} disabled={busy} onClick={() => setConfirmCancel(true)}>
                Cancel run…
              </Button>
            )}
          </div>
        </div>
        <Field
          validationMessage={`${finished.toLocaleString()} of ${sendable.toLocaleString()} messages`}
          validationState="none"
          label={run.state === 'sending' ? 'Sending' : runStateLabels[run.state].text}
        >
          <ProgressBar
            value={sendable > 0 ? finished / sendable : 1}
            thickness="large"
            color={run.failed > 0 ? 'warning' : run.state === 'done' ? 'success' : 'brand'}
            aria-label="Progress"
            data-testid="merge-progress"
          />
        </Field>
        <div className={styles.stats}>
          {stats.map((s) => (
            <div key={s.label} className={styles.stat} data-testid={`merge-count-${s.testId}`}>
              <span className={styles.number}>{s.value.toLocaleString()}</span>
              <Caption1 className={styles.muted}>{s.label}</Caption1>
            </div>
          ))}
          <div className={styles.stat} data-testid="merge-rate">
            <span className={styles.number}>
              {run.state === 'sending' && run.ratePerSecond !== undefined ? run.ratePerSecond.toFixed(1) : '—'}
            </span>
            <Caption1 className={styles.muted}>messages/s</Caption1>
          </div>
          <div className={styles.stat} data-testid="merge-eta">
            <span className={styles.number}>
              {run.state === 'sending' && run.etaSeconds != null ? formatEta(run.etaSeconds) : '—'}
            </span>
            <Caption1 className={styles.muted}>left</Caption1>
          </div>
        </div>
        <Caption1 className={styles.muted}>
          Started {new Date(run.createdAt).toLocaleString()} · run {run.runId}
        </Caption1>
        {run.error && (
          <AppErrorBar title={run.state === 'interrupted' ? 'The run stopped' : 'Problem'} error={run.error} />
        )}
        {actionError && <AppErrorBar title="That did not work" error={actionError} />}
      </Card>

      <ResultsTable run={run} merge={merge} />

      <Dialog open={confirmCancel} onOpenChange={(_, d) => setConfirmCancel(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Cancel this run?</DialogTitle>
            <DialogContent>
              <Text>
                {run.remaining.toLocaleString()} recipient{run.remaining === 1 ? '' : 's'} will not get the message. A
                cancelled run cannot be resumed.
              </Text>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setConfirmCancel(false)}>
                Keep sending
              </Button>
              <Button
                appearance="primary"
                onClick={() => {
                  setConfirmCancel(false)
                  void act(merge.cancel(run.runId))
                }}
              >
                Cancel run
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  )
}
