import { useState, type FormEvent } from 'react'
import {
  Badge,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title3,
  makeStyles,
  tokens,
  type BadgeProps,
} from '@fluentui/react-components'
import { ArrowSync20Regular } from '@fluentui/react-icons'
import type { Account, RoundTripReport } from '../../../../../shared/contract'
import { AppErrorBar } from '../../../components/app-error-bar'
import { useNow } from '../../../components/use-now'
import { useRoundTrip } from './use-round-trip'
import { raisedCard } from '../../../components/surface-styles'

const useStyles = makeStyles({
  card: {
    ...raisedCard,
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
  },
  title: { margin: 0 },
  lead: { color: tokens.colorNeutralForeground3 },
  row: { display: 'flex', alignItems: 'end', gap: tokens.spacingHorizontalM },
  timeout: { width: '160px' },
  running: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  cell: { overflowWrap: 'anywhere', paddingBlock: tokens.spacingVerticalXS },
})

const verdictColor = (result: string): BadgeProps['color'] =>
  result === 'pass' ? 'success' : ['fail', 'permerror', 'softfail'].includes(result) ? 'danger' : 'warning'

/** "Send a test to myself and read it back": what the receiving side recorded, as the provider computed it. */
export function RoundTripPanel({ account }: { account: Account }) {
  const styles = useStyles()
  const roundTrip = useRoundTrip(account.id)
  const [timeout, setTimeoutText] = useState('120')
  const [timeoutError, setTimeoutError] = useState<string>()
  const now = useNow(roundTrip.status === 'running')

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const seconds = Number(timeout)
    if (!Number.isInteger(seconds) || seconds < 5 || seconds > 900) {
      setTimeoutError('Wait 5 to 900 seconds')
      return
    }
    void roundTrip.run(seconds)
  }

  return (
    <form className={styles.card} onSubmit={submit} noValidate aria-labelledby="round-trip-title">
      <Title3 as="h3" id="round-trip-title" className={styles.title}>
        Send a test to myself and read it back
      </Title3>
      <Text className={styles.lead}>
        Sends a short message to {account.email}, waits for it over IMAP and shows what your provider recorded: SPF,
        DKIM and DMARC as it computed them, the servers the message passed with their encryption, and whether it landed
        in spam.
      </Text>
      {account.imap ? (
        <div className={styles.row}>
          <Field
            label="Wait at most (seconds)"
            className={styles.timeout}
            validationMessage={timeoutError}
            validationState={timeoutError ? 'error' : 'none'}
          >
            <Input
              type="number"
              min={5}
              max={900}
              value={timeout}
              onChange={(_, d) => (setTimeoutText(d.value), setTimeoutError(undefined))}
            />
          </Field>
          <Button
            type="submit"
            appearance="primary"
            icon={<ArrowSync20Regular />}
            disabled={roundTrip.status === 'running'}
          >
            Send and read back
          </Button>
        </div>
      ) : (
        <MessageBar intent="info">
          <MessageBarBody>
            This account has no IMAP server: add one under “Incoming server (IMAP)” in its settings.
          </MessageBarBody>
        </MessageBar>
      )}
      {roundTrip.status === 'running' && (
        <div className={styles.running} role="status">
          <Spinner size="tiny" />
          <Text>
            Sent to {account.email}; looking for it in the INBOX and the spam folder…{' '}
            {Math.round((now - roundTrip.startedAt) / 1000)} s
          </Text>
        </div>
      )}
      {roundTrip.error && <AppErrorBar title="The round trip could not run" error={roundTrip.error} />}
      {roundTrip.report && <RoundTripResult report={roundTrip.report} />}
    </form>
  )
}

function RoundTripResult({ report }: { report: RoundTripReport }) {
  const styles = useStyles()
  return (
    <>
      {report.folder ? (
        <MessageBar intent={report.inSpam ? 'warning' : 'success'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>
              {report.inSpam ? `It landed in ${report.folder} (spam)` : `Arrived in ${report.folder}`}
            </MessageBarTitle>
            after {((report.delayMs ?? 0) / 1000).toFixed(1)} s ·{' '}
            <span className={styles.mono}>{report.messageId}</span>
          </MessageBarBody>
        </MessageBar>
      ) : (
        report.error && <AppErrorBar title="It did not come back" error={report.error} />
      )}
      {report.folder && (
        <>
          <h4 className={styles.heading}>Authentication-Results</h4>
          {report.authenticationResults.length === 0 ? (
            <Caption1>The receiving server wrote no Authentication-Results header.</Caption1>
          ) : (
            <Table size="small" aria-label="Authentication results">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Check</TableHeaderCell>
                  <TableHeaderCell>Result</TableHeaderCell>
                  <TableHeaderCell>Details</TableHeaderCell>
                  <TableHeaderCell>By</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {report.authenticationResults.flatMap((results, i) =>
                  results.verdicts.map((v, j) => (
                    <TableRow key={`${i}-${j}`}>
                      <TableCell className={styles.cell}>{v.method.toUpperCase()}</TableCell>
                      <TableCell className={styles.cell}>
                        <Badge appearance="filled" color={verdictColor(v.result)}>
                          {v.result}
                        </Badge>
                      </TableCell>
                      <TableCell className={`${styles.cell} ${styles.mono}`}>{v.properties}</TableCell>
                      <TableCell className={styles.cell}>{results.authservId}</TableCell>
                    </TableRow>
                  )),
                )}
              </TableBody>
            </Table>
          )}
          <h4 className={styles.heading}>Received hops (newest first)</h4>
          <Table size="small" aria-label="Received hops">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>By</TableHeaderCell>
                <TableHeaderCell>From</TableHeaderCell>
                <TableHeaderCell>With</TableHeaderCell>
                <TableHeaderCell>Encryption</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {report.received.map((hop, i) => (
                <TableRow key={i}>
                  <TableCell className={styles.cell}>{hop.by || '?'}</TableCell>
                  <TableCell className={styles.cell}>{hop.from || '?'}</TableCell>
                  <TableCell className={styles.cell}>{hop.with || '?'}</TableCell>
                  <TableCell className={styles.cell}>
                    <Badge appearance="tint" color={hop.tls ? 'success' : 'danger'}>
                      {hop.tls ? 'TLS' : 'not encrypted'}
                    </Badge>{' '}
                    {hop.tls && <span className={styles.mono}>{hop.tls}</span>}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </>
  )
}
