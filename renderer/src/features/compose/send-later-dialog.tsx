import { useState } from 'react'
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
} from '@fluentui/react-components'

/** "2026-03-01T14:30" in local time, as <input type=datetime-local> wants it. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

interface SendLaterDialogProps {
  open: boolean
  onClose: () => void
  onSchedule: (at: Date) => void
}

/** Picks when a message goes out; the outbox keeps it until then, across restarts. */
export function SendLaterDialog({ open, onClose, onSchedule }: SendLaterDialogProps) {
  const [value, setValue] = useState(() => localInputValue(new Date(Date.now() + 60 * 60 * 1000)))
  const at = new Date(value)
  const problem = Number.isNaN(at.getTime())
    ? 'Choose a date and time'
    : at.getTime() <= Date.now()
      ? 'Choose a time in the future'
      : null
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-label="Schedule delivery">
        <DialogBody>
          <DialogTitle>Schedule delivery</DialogTitle>
          <DialogContent>
            <Field
              label="Deliver at"
              validationState={problem ? 'error' : 'none'}
              validationMessage={
                problem ?? 'Sendsmith sends it then, if it is running; otherwise as soon as it starts.'
              }
            >
              <Input type="datetime-local" value={value} onChange={(_, d) => setValue(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={problem !== null} onClick={() => onSchedule(at)}>
              Schedule
            </Button>
            <Button onClick={onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
