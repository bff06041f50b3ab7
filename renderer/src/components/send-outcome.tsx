import { useState } from 'react'
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { AppError, ErrorCode, OutboxEntry } from '../../../shared/contract'

// What compose, the outbox and Sent all say about a failed send, in the same words.
const useStyles = makeStyles({
  line: { display: 'block', marginTop: tokens.spacingVerticalXS },
  response: {
    display: 'block',
    marginTop: tokens.spacingVerticalXS,
    fontFamily: tokens.fontFamilyMonospace,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
})

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

/** The error's message, advice and the server's own words. */
export function ErrorText({ error }: { error: AppError }) {
  const styles = useStyles()
  return (
    <>
      {error.message}
      {error.hint && <span className={styles.line}>{error.hint}</span>}
      {error.response && <code className={styles.response}>{error.response}</code>}
    </>
  )
}

/** Asks before sending again a message that may already have arrived. */
export function ResendButton({ entry, onResend }: { entry: OutboxEntry; onResend: () => void }) {
  const [open, setOpen] = useState(false)
  if (entry.state === 'failed') return <Button onClick={onResend}>Send again</Button>
  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
      <Button onClick={() => setOpen(true)}>Send again</Button>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Send this message again?</DialogTitle>
          <DialogContent>
            The server may already have it: the connection was lost after the whole message was sent. Recipients could
            get it twice.
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              onClick={() => {
                setOpen(false)
                onResend()
              }}
            >
              Send again
            </Button>
            <Button onClick={() => setOpen(false)}>Keep it</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
