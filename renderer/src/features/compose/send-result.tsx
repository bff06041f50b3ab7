import { useEffect, useRef } from 'react'
import { MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import type { AppError, ErrorCode, Result, SendResult, SendStage } from '../../../../shared/contract'

const useStyles = makeStyles({
  region: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, scrollMarginBottom: tokens.spacingVerticalXXL },
  spinner: { justifyContent: 'flex-start' },
  details: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase200,
  },
  term: { color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  rejected: { color: tokens.colorPaletteRedForeground1 },
  list: { margin: 0, paddingLeft: 0, listStyleType: 'none' },
  line: { display: 'block', marginTop: tokens.spacingVerticalXS },
  response: { display: 'block', marginTop: tokens.spacingVerticalXS, fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
})

const stageLabels: Record<SendStage, string> = {
  queued: 'In the outbox…',
  connecting: 'Connecting…',
  authenticating: 'Signing in…',
  sending: 'Sending…',
  sent: 'Sent',
  retrying: 'Will retry',
  failed: 'Failed',
}

const errorTitles: Partial<Record<ErrorCode, string>> = {
  CONNECTION_REFUSED: 'Connection refused',
  CONNECTION_LOST: 'Connection lost',
  MAYBE_DELIVERED: 'May have been delivered',
  HOST_NOT_FOUND: 'Server not found',
  TIMEOUT: 'No answer from server',
  TLS_FAILED: 'TLS failed',
  CERTIFICATE_INVALID: 'Certificate not trusted',
  AUTH_FAILED: 'Authentication failed',
  AUTH_REQUIRED: 'Authentication required',
  PASSWORD_MISSING: 'Password missing',
  KEYCHAIN_UNAVAILABLE: 'System keychain not available',
  SENDER_REFUSED: 'Sender refused',
  RECIPIENT_REFUSED: 'Recipient refused',
  MESSAGE_REFUSED: 'Message refused',
  FORBIDDEN_SENDER: 'Sender not allowed',
  VALIDATION: 'Check the message',
  NOT_FOUND: 'Account not found',
}

/** A short title for a failed send; the message below it says the rest. */
export function sendErrorTitle(error: AppError): string {
  return errorTitles[error.code] ?? 'Not sent'
}

/** "412 ms" under a second, "1.4 s" above. */
export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

interface SendResultProps {
  sending: boolean
  stage: SendStage | null
  result: Result<SendResult> | null
}

/** Progress while sending, then what the server said. Always mounted: it is the live region. */
export function SendResultPanel({ sending, stage, result }: SendResultProps) {
  const styles = useStyles()
  const region = useRef<HTMLDivElement>(null)
  // The panel sits below a tall form: bring the outcome into view when it arrives.
  useEffect(() => {
    if (result !== null) region.current?.scrollIntoView({ block: 'nearest' })
  }, [result])
  return (
    <div ref={region} role="status" aria-live="polite" data-testid="send-result" className={styles.region}>
      {sending && <Spinner className={styles.spinner} size="small" labelPosition="after" label={stageLabels[stage ?? 'connecting']} />}
      {!sending && result?.ok === true && <Success value={result.value} />}
      {!sending && result?.ok === false && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{sendErrorTitle(result.error)}</MessageBarTitle>
            {result.error.message}
            {result.error.hint && <span className={styles.line}>{result.error.hint}</span>}
            {result.error.response && <code className={styles.response}>{result.error.response}</code>}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  )
}

function Success({ value }: { value: SendResult }) {
  const styles = useStyles()
  return (
    <>
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle>Message sent</MessageBarTitle>
          {value.accepted.length} recipient{value.accepted.length === 1 ? '' : 's'} accepted
          {value.rejected.length > 0 ? `, ${value.rejected.length} rejected` : ''}.
        </MessageBarBody>
      </MessageBar>
      <dl className={styles.details}>
        <dt className={styles.term}>Accepted</dt>
        <dd className={styles.value}>{value.accepted.length > 0 ? value.accepted.join(', ') : 'none'}</dd>
        {value.rejected.length > 0 && (
          <>
            <dt className={styles.term}>Rejected</dt>
            <dd className={styles.value}>
              <ul className={styles.list}>
                {value.rejected.map((r) => (
                  <li key={r.address} className={styles.rejected}>
                    {r.address}: <span className={styles.mono}>{r.response}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt className={styles.term}>Server response</dt>
        <dd className={mergeClasses(styles.value, styles.mono)}>{value.response}</dd>
        <dt className={styles.term}>Message-ID</dt>
        <dd className={mergeClasses(styles.value, styles.mono)}>{value.messageId}</dd>
        <dt className={styles.term}>Time</dt>
        <dd className={styles.value}>{formatElapsed(value.elapsedMs)}</dd>
      </dl>
    </>
  )
}
