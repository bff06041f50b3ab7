import { useState } from 'react'
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components'
import type { OutboxEntry } from '../../../shared/contract'

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
