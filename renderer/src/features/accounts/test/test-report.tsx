import { useEffect, useRef, type ReactNode } from 'react'
import { Caption1, Spinner, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components'
import { CheckmarkCircle20Filled, DismissCircle20Filled, Prohibited20Regular } from '@fluentui/react-icons'
import type { AppError, TestReport, TestStep } from '../../../../../shared/contract'
import { AppErrorBar, accountErrorTitle } from '../../../components/app-error-bar'
import { formatElapsed } from '../../../components/format-elapsed'
import { CapabilityBadges } from './capability-badges'
import { CertificateCard } from './certificate-card'
import { EnvelopeTable } from './envelope-table'
import { TestSteps } from './test-steps'
import { TranscriptView } from './transcript-view'
import type { TestStatus } from './use-account-test'
import { reportCard } from '../../../components/surface-styles'

const useStyles = makeStyles({
  report: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  outcome: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightBase400,
  },
  passed: { color: tokens.colorPaletteGreenForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  outcomeText: { color: tokens.colorNeutralForeground1 },
  card: reportCard,
  cardTitle: { margin: 0 },
})

/** "Test failed at TLS handshake", "All tests passed in 1.2 s": the report in one line. */
export function outcomeLine(report: TestReport): string {
  if (report.ok) return `All tests passed in ${formatElapsed(report.elapsedMs)}`
  if (report.steps.some((s) => s.status === 'cancelled')) return 'Test cancelled'
  const failed = report.steps.find((s) => s.status === 'failed')
  return failed ? `Test failed at ${failed.label}` : 'Test failed'
}

/** A titled card of the report. */
function ReportCard({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const styles = useStyles()
  return (
    <section className={styles.card} aria-label={title} data-testid={testId}>
      <Subtitle2 as="h3" className={styles.cardTitle}>
        {title}
      </Subtitle2>
      {children}
    </section>
  )
}

interface TestReportViewProps {
  status: TestStatus
  steps: TestStep[]
  report: TestReport | null
  /** The call itself failed: no report. */
  callError: AppError | null
  /** Shown instead of the error bar and the certificate card: the trust prompt, when there is one. */
  certificatePrompt?: ReactNode
}

/** What the connection test found: outcome, error advice, steps, certificate, capabilities, envelope, transcript. */
export function TestReportView({ status, steps, report, callError, certificatePrompt }: TestReportViewProps) {
  const styles = useStyles()
  const running = status === 'running'
  const cancelled = report !== null && !report.ok && report.steps.some((s) => s.status === 'cancelled')
  // When a run ends, the outcome takes the focus: the Run test button was disabled under the keyboard.
  const outcome = useRef<HTMLDivElement>(null)
  const wasRunning = useRef(running)
  useEffect(() => {
    if (wasRunning.current && !running) outcome.current?.focus()
    wasRunning.current = running
  }, [running])

  return (
    <div className={styles.report} data-testid="test-report">
      <div
        ref={outcome}
        tabIndex={-1}
        role="status"
        aria-live="polite"
        className={styles.outcome}
        data-testid="test-outcome"
      >
        {running && <Spinner size="tiny" label="Testing…" labelPosition="after" />}
        {report && (
          <>
            {report.ok ? (
              <CheckmarkCircle20Filled className={styles.passed} aria-hidden />
            ) : cancelled ? (
              <Prohibited20Regular className={styles.muted} aria-hidden />
            ) : (
              <DismissCircle20Filled className={styles.failed} aria-hidden />
            )}
            <Text className={styles.outcomeText} size={400} weight="semibold">
              {outcomeLine(report)}
            </Text>
            {!report.ok && <Caption1 className={styles.muted}>after {formatElapsed(report.elapsedMs)}</Caption1>}
          </>
        )}
      </div>

      {callError && <AppErrorBar title={accountErrorTitle(callError)} error={callError} />}
      {report?.error &&
        !cancelled &&
        (certificatePrompt ?? <AppErrorBar title={accountErrorTitle(report.error)} error={report.error} />)}

      {steps.length > 0 && (
        <ReportCard title="Steps">
          <TestSteps steps={steps} />
        </ReportCard>
      )}

      {report?.certificate && !certificatePrompt && <CertificateCard certificate={report.certificate} />}

      {report?.capabilities && (
        <ReportCard title="Server capabilities" testId="capabilities-card">
          <CapabilityBadges capabilities={report.capabilities} />
        </ReportCard>
      )}

      {report && report.envelope.length > 0 && (
        <ReportCard title="Sender and recipients">
          <EnvelopeTable checks={report.envelope} />
        </ReportCard>
      )}

      {report && report.transcript.length > 0 && (
        <ReportCard title="Transcript">
          <TranscriptView lines={report.transcript} scrollToEnd={!report.ok} />
        </ReportCard>
      )}
    </div>
  )
}
