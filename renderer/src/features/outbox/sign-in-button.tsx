import { useState } from 'react'
import { Button, Caption1, Spinner, makeStyles, tokens } from '@fluentui/react-components'
import type { AppError, OutboxEntry } from '../../../../shared/contract'
import { sendsmith, settle } from '../../sendsmith'

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  error: { color: tokens.colorPaletteRedForeground1, display: 'block' },
})

/** A message kept because its OAuth2 account must sign in again (the provider refused the saved sign-in). */
export function waitsForSignIn(entry: OutboxEntry): boolean {
  return entry.state === 'retrying' && entry.lastError?.code === 'SIGN_IN_REQUIRED'
}

/**
 * "Sign in" beside a message waiting for its account's sign-in: signs in through the system browser,
 * and main then sends the account's waiting messages at once (oauth:signIn), so the row leaves the outbox.
 */
export function SignInButton({ entry }: { entry: OutboxEntry }) {
  const styles = useStyles()
  const [waiting, setWaiting] = useState(false)
  const [error, setError] = useState<AppError | null>(null)
  const signIn = async () => {
    setWaiting(true)
    setError(null)
    const result = await settle(sendsmith().oauth.signIn({ accountId: entry.accountId }))
    setWaiting(false)
    if (!result.ok) setError(result.error)
  }
  const cancel = () => void settle(sendsmith().oauth.cancelSignIn({ accountId: entry.accountId }))
  return (
    <div className={styles.row}>
      {waiting ? (
        <>
          <Spinner size="tiny" label="Waiting for the sign-in in your browser…" />
          <Button size="small" onClick={cancel}>
            Cancel sign-in
          </Button>
        </>
      ) : (
        <Button size="small" appearance="primary" onClick={() => void signIn()}>
          Sign in
        </Button>
      )}
      {error && (
        <Caption1 className={styles.error} role="alert">
          {error.message}
          {error.hint ? ` ${error.hint}` : ''}
        </Caption1>
      )}
    </div>
  )
}
