import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { Copy20Regular, Dismiss20Regular } from '@fluentui/react-icons'
import type { Account } from '../../../../../shared/contract'
import { useCopyToClipboard } from '../../../components/copy-to-clipboard'

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
  line: { display: 'block', marginTop: tokens.spacingVerticalXS },
})

export type Transfer =
  | { kind: 'exported'; count: number; filename: string; json: string }
  | { kind: 'imported'; imported: Account[]; skipped: { name: string; reason: string }[] }

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** What an export or import did: the file written (with a copy button), or what came in and what was skipped and why. */
export function TransferResult({ transfer, onDismiss }: { transfer: Transfer; onDismiss: () => void }) {
  const styles = useStyles()
  const { state, copy } = useCopyToClipboard()
  const dismiss = (
    <Button appearance="transparent" aria-label="Dismiss" icon={<Dismiss20Regular />} onClick={onDismiss} />
  )

  if (transfer.kind === 'exported') {
    return (
      <MessageBar intent="success" layout="multiline" data-testid="transfer-result">
        <MessageBarBody>
          <MessageBarTitle>Exported {plural(transfer.count, 'account')}</MessageBarTitle>
          Saved as {transfer.filename}. Settings only: passwords and tokens stay in the keychain.
          {state === 'copied' && <span className={styles.line}>JSON copied to the clipboard.</span>}
          {state === 'failed' && <span className={styles.line}>Could not copy to the clipboard.</span>}
        </MessageBarBody>
        <MessageBarActions containerAction={dismiss}>
          <Button icon={<Copy20Regular />} onClick={() => void copy(transfer.json)}>
            Copy
          </Button>
        </MessageBarActions>
      </MessageBar>
    )
  }

  const { imported, skipped } = transfer
  return (
    <MessageBar intent={imported.length > 0 ? 'success' : 'warning'} layout="multiline" data-testid="transfer-result">
      <MessageBarBody>
        <MessageBarTitle>
          Imported {plural(imported.length, 'account')}
          {skipped.length > 0 ? `, skipped ${skipped.length}` : ''}
        </MessageBarTitle>
        {imported.length > 0 && 'Passwords are never exported: open each account with Edit to add its password. '}
        {skipped.length > 0 && (
          <ul className={styles.list} aria-label="Skipped accounts">
            {skipped.map((s, index) => (
              <li key={index}>
                <strong>{s.name || 'Unnamed account'}</strong>: {s.reason}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
      <MessageBarActions containerAction={dismiss} />
    </MessageBar>
  )
}
