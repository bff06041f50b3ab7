import type { ReactNode } from 'react'
import {
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { AppError, ErrorCode } from '../../../shared/contract'

const useStyles = makeStyles({
  hint: { display: 'block', marginTop: tokens.spacingVerticalXS },
  response: {
    display: 'block',
    marginTop: tokens.spacingVerticalXS,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  },
})

/** The error's message, what to do next and the server's own words. */
export function AppErrorText({ error }: { error: AppError }) {
  const styles = useStyles()
  return (
    <>
      {error.message}
      {error.hint && <span className={styles.hint}>{error.hint}</span>}
      {error.response && <code className={styles.response}>{error.response}</code>}
    </>
  )
}

/** An error from main in words: a title, the message, what to do next and the server's reply. */
export function AppErrorBar({ title, error, action }: { title: string; error: AppError; action?: ReactNode }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        <AppErrorText error={error} />
      </MessageBarBody>
      {action && <MessageBarActions>{action}</MessageBarActions>}
    </MessageBar>
  )
}

/** A human title for each error code; the message, hint and server reply say the rest. */
export const errorTitles: Partial<Record<ErrorCode, string>> = {
  VALIDATION: 'Check the account',
  NOT_FOUND: 'Account not found',
  KEYCHAIN_UNAVAILABLE: 'System keychain not available',
  PASSWORD_MISSING: 'Password missing',
  CONNECTION_REFUSED: 'Connection refused',
  HOST_NOT_FOUND: 'Server not found',
  TIMEOUT: 'No answer from server',
  CONNECTION_LOST: 'Connection lost',
  TLS_FAILED: 'TLS failed',
  CERTIFICATE_INVALID: 'Certificate not trusted',
  AUTH_FAILED: 'Authentication failed',
  AUTH_REQUIRED: 'Authentication required',
  SENDER_REFUSED: 'Sender refused',
  RECIPIENT_REFUSED: 'Recipient refused',
  MESSAGE_REFUSED: 'Message refused',
  FORBIDDEN_SENDER: 'Not allowed',
  INTERNAL: 'Something went wrong',
}

// Where a message is concerned, a few codes read differently.
const sendTitles: Partial<Record<ErrorCode, string>> = {
  VALIDATION: 'Check the message',
  MAYBE_DELIVERED: 'May have been delivered',
  FORBIDDEN_SENDER: 'Sender not allowed',
}

/** A short title for an error about an account, a setting or a file. */
export function accountErrorTitle(error: AppError): string {
  return errorTitles[error.code] ?? 'Something went wrong'
}

/** A short title for a failed send; the message below it says the rest. */
export function sendErrorTitle(error: AppError): string {
  return sendTitles[error.code] ?? (error.code === 'INTERNAL' ? undefined : errorTitles[error.code]) ?? 'Not sent'
}
