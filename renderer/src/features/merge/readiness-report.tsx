import { useEffect, useState } from 'react'
import {
  Badge,
  Caption1,
  Checkbox,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { AppError, MergeInput, ReadinessCheck, ReadinessReport } from '../../../../shared/contract'
import { AppErrorBar } from '../../components/app-error-bar'
import { sendsmith, settle } from '../../sendsmith'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  status: { width: '84px', verticalAlign: 'top', paddingBlock: tokens.spacingVerticalS },
  cell: { verticalAlign: 'top', paddingBlock: tokens.spacingVerticalS },
  fix: { display: 'block', marginTop: tokens.spacingVerticalXXS, color: tokens.colorNeutralForeground2 },
})

const badges: Record<ReadinessCheck['status'], { label: string; color: 'success' | 'warning' | 'danger' }> = {
  pass: { label: 'OK', color: 'success' },
  warn: { label: 'Warning', color: 'warning' },
  error: { label: 'Error', color: 'danger' },
}

/**
 * The bulk-sender readiness report (DKIM, SPF, DMARC, one-click unsubscribe, a visible link,
 * volume, TLS) of the validated merge. Errors with recipients at Gmail/Yahoo/Outlook.com block
 * Send until the user overrides, as the CLI's --override-readiness.
 */
export function ReadinessReportView({
  input,
  override,
  onOverride,
  onReport,
}: {
  input: MergeInput
  override: boolean
  onOverride: (override: boolean) => void
  onReport: (report: ReadinessReport | null) => void
}) {
  const styles = useStyles()
  const [report, setReport] = useState<ReadinessReport | null>(null)
  const [error, setError] = useState<AppError | null>(null)

  useEffect(() => {
    let current = true
    setReport(null)
    setError(null)
    onReport(null)
    onOverride(false)
    void settle(sendsmith().merge.readiness(input)).then((result) => {
      if (!current) return
      if (result.ok) {
        setReport(result.value)
        onReport(result.value)
      } else setError(result.error)
    })
    return () => {
      current = false
    }
  }, [input])

  if (error) return <AppErrorBar title="The readiness report could not be made" error={error} />
  if (!report) return <Spinner size="tiny" label="Checking the bulk-sender rules (DKIM, SPF, DMARC)…" />
  return (
    <section className={styles.root} aria-label="Bulk-sender readiness" data-testid="merge-readiness">
      <Text weight="semibold">
        {`Bulk-sender readiness: ${report.providerRecipients.toLocaleString()} of ${report.recipients.toLocaleString()} recipients at Gmail, Yahoo or Outlook.com`}
      </Text>
      <Table size="small" aria-label="Readiness checks">
        <TableBody>
          {report.checks.map((c) => (
            <TableRow key={c.id} aria-label={c.message}>
              <TableCell className={styles.status}>
                <Badge appearance="tint" color={badges[c.status].color}>
                  {badges[c.status].label}
                </Badge>
              </TableCell>
              <TableCell className={styles.cell}>
                <Text>{c.message}</Text>
                {c.fix && c.status !== 'pass' && <Caption1 className={styles.fix}>{`Fix: ${c.fix}`}</Caption1>}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {report.blocked && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            Gmail, Yahoo and Outlook.com reject or junk bulk mail that breaks these rules. Sending is blocked until the
            errors are fixed.
            <Checkbox
              checked={override}
              onChange={(_, d) => onOverride(d.checked === true)}
              label="Send anyway: I accept that these providers may refuse the messages"
            />
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  )
}
