import { useState } from 'react'
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { SendRegular } from '@fluentui/react-icons'
import type { Account, AppError, RenderResult } from '../../../../shared/contract'
import { formatMailbox, parseAddressList } from '../../../../shared/addresses'
import { AccountPicker, senderAccount } from '../../components/account-picker'
import { AppErrorBar } from '../../components/app-error-bar'
import { sendTest } from './use-template-workbench'

const useStyles = makeStyles({ content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } })

interface SendTestDialogProps {
  accounts: Account[]
  rendered: RenderResult | null
  /** The subject to start with (the template's <title>, or its file name). */
  subject: string
  /** What the data row is, to say in the dialog ("row 2 of contacts.csv"). */
  dataLabel: string | null
}

/** "Send test": the final HTML and text of the current render (data row included) to an address. */
export function SendTestDialog({ accounts, rendered, subject: initialSubject, dataLabel }: SendTestDialogProps) {
  const styles = useStyles()
  const [open, setOpen] = useState(false)
  const [accountId, setAccountId] = useState<string | null>(null)
  const [to, setTo] = useState('')
  const [subject, setSubject] = useState('')
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<AppError | null>(null)
  const [sent, setSent] = useState<string | null>(null)
  const account = senderAccount(accounts, accountId)

  const send = async () => {
    if (!account || !rendered) return
    const parsed = parseAddressList(to)
    if (parsed.invalid.length > 0 || parsed.mailboxes.length === 0) {
      return setError({
        code: 'VALIDATION',
        field: 'to',
        message: parsed.invalid[0]
          ? `${parsed.invalid[0].input}: ${parsed.invalid[0].reason}`
          : 'Add an address to send the test to',
      })
    }
    setSending(true)
    setError(null)
    const result = await sendTest({
      accountId: account.id,
      to: parsed.mailboxes.map(formatMailbox),
      cc: [],
      bcc: [],
      subject: subject || initialSubject,
      html: rendered.html,
      text: rendered.text,
    })
    setSending(false)
    if (result.ok) setSent(result.value.response)
    else setError(result.error)
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open)
        if (d.open) {
          setSubject(initialSubject)
          setSent(null)
          setError(null)
        }
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button size="small" icon={<SendRegular />} disabled={!rendered}>
          Send test…
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Send a test</DialogTitle>
          <DialogContent className={styles.content}>
            <Field label="From" required>
              <AccountPicker accounts={accounts} account={account} onChange={(a) => setAccountId(a.id)} />
            </Field>
            <Field
              label="To"
              required
              validationState={error?.field === 'to' ? 'error' : 'none'}
              validationMessage={error?.field === 'to' ? error.message : undefined}
            >
              <Input value={to} onChange={(_, d) => setTo(d.value)} placeholder="you@example.com" />
            </Field>
            <Field label="Subject">
              <Input value={subject} onChange={(_, d) => setSubject(d.value)} />
            </Field>
            <MessageBar intent="info">
              <MessageBarBody>{`Sends the final HTML and plain text as previewed${dataLabel ? `, merged with ${dataLabel}` : ''}.`}</MessageBarBody>
            </MessageBar>
            {sent && (
              <MessageBar intent="success">
                <MessageBarBody>{`Sent. The server said: ${sent}`}</MessageBarBody>
              </MessageBar>
            )}
            {error && error.field !== 'to' && <AppErrorBar title="The test was not sent" error={error} />}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Close</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              icon={<SendRegular />}
              disabled={!account || sending}
              onClick={() => void send()}
            >
              {sending ? 'Sending…' : 'Send test'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
