import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { AppError } from '../../../../../shared/contract'
import { AppErrorBar, accountErrorTitle } from '../../../components/app-error-bar'
import { FingerprintText } from '../fingerprint-text'
import { BusyButton } from '../../../components/busy-button'

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fingerprint: {
    display: 'block',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    alignSelf: 'flex-start',
  },
})

interface TrustDialogProps {
  open: boolean
  accountName: string
  fingerprint: string
  busy: boolean
  error: AppError | null
  onTrust: () => void
  onCancel: () => void
}

/** Asks once more before pinning a certificate, saying exactly what trusting it means. */
export function TrustDialog({ open, accountName, fingerprint, busy, error, onTrust, onCancel }: TrustDialogProps) {
  const styles = useStyles()
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, data) => !data.open && !busy && onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Trust this certificate?</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>
              Sendsmith will accept this one certificate for <strong>{accountName}</strong> only. Other accounts are not
              affected, and any other certificate from this server will still be refused unless a known authority
              vouches for it.
            </Text>
            <Text>Compare the fingerprint with the one your administrator or provider gives you:</Text>
            <FingerprintText className={styles.fingerprint} fingerprint={fingerprint} />
            {error && <AppErrorBar title={accountErrorTitle(error)} error={error} />}
          </DialogContent>
          <DialogActions>
            <BusyButton appearance="primary" onClick={onTrust} busy={busy}>
              Trust
            </BusyButton>
            <Button onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
