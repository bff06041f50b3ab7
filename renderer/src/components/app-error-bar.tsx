import type { ReactNode } from 'react'
import { MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components'
import type { AppError } from '../../../shared/contract'

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

/** An error from main in words: a title, the message, what to do next and the server's reply. */
export function AppErrorBar({ title, error, action }: { title: string; error: AppError; action?: ReactNode }) {
  const styles = useStyles()
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {error.message}
        {error.hint && <span className={styles.hint}>{error.hint}</span>}
        {error.response && <code className={styles.response}>{error.response}</code>}
      </MessageBarBody>
      {action && <MessageBarActions>{action}</MessageBarActions>}
    </MessageBar>
  )
}

/** Short titles for errors that are not about one send (those have their own in send-result). */
export function accountErrorTitle(error: AppError): string {
  switch (error.code) {
    case 'KEYCHAIN_UNAVAILABLE':
      return 'System keychain not available'
    case 'VALIDATION':
      return 'Check the account'
    case 'NOT_FOUND':
      return 'Account not found'
    default:
      return 'Something went wrong'
  }
}
