import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components'
import type { SendWarning } from './send-warnings'

interface SendWarningsDialogProps {
  warnings: SendWarning[]
  onSendAnyway: () => void
  onGoBack: (field: SendWarning['field']) => void
}

/** Asks before sending a message with no subject or a forgotten attachment; "Go back" is the default. */
export function SendWarningsDialog({ warnings, onSendAnyway, onGoBack }: SendWarningsDialogProps) {
  const back = () => onGoBack(warnings[0]?.field ?? 'subject')
  return (
    <Dialog open={warnings.length > 0} onOpenChange={(_, d) => !d.open && back()}>
      <DialogSurface aria-label="Send this message?">
        <DialogBody>
          <DialogTitle>Send this message?</DialogTitle>
          <DialogContent>
            <ul>
              {warnings.map((w) => (
                <li key={w.field}>{w.message}</li>
              ))}
            </ul>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={back}>
              Go back
            </Button>
            <Button onClick={onSendAnyway}>Send anyway</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
