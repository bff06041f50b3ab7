import { useState, type KeyboardEvent } from 'react'
import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Option,
  Textarea,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { Send20Regular } from '@fluentui/react-icons'
import { formatMailbox, parseAddressList } from '../../../../shared/addresses'
import type { Account } from '../../../../shared/contract'
import { SendResultPanel } from './send-result'
import { useSend } from './use-send'

const useStyles = makeStyles({
  screen: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0 },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
  },
  // Outlook-style: short labels beside the address lines instead of a third of the width.
  inline: { gridTemplateColumns: '72px 1fr' },
  from: { minWidth: 0, width: '100%' },
  body: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  hint: { color: tokens.colorNeutralForeground3 },
  messages: { whiteSpace: 'pre-line' },
})

type ComposeField = 'from' | 'to' | 'cc' | 'bcc' | 'subject' | 'html'
type FieldErrors = Partial<Record<ComposeField, string[]>>
type RecipientField = 'to' | 'cc' | 'bcc'

// The request's field names as main reports them, mapped to the form's fields.
const errorFields: Record<string, ComposeField> = { accountId: 'from', to: 'to', cc: 'cc', bcc: 'bcc', subject: 'subject', html: 'html' }

interface ComposeFormProps {
  accounts: Account[]
  loading: boolean
  onOpenAccounts: () => void
}

/** Write one HTML message and send it now through a chosen account. */
export function ComposeForm({ accounts, loading, onOpenAccounts }: ComposeFormProps) {
  const styles = useStyles()
  const { sending, stage, result, send } = useSend()
  const [accountId, setAccountId] = useState<string | null>(null)
  const [recipients, setRecipients] = useState<Record<RecipientField, string>>({ to: '', cc: '', bcc: '' })
  const [subject, setSubject] = useState('')
  const [html, setHtml] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})

  // Until the user picks one (or if theirs was deleted), send from the default account.
  const account = accounts.find((a) => a.id === accountId) ?? accounts.find((a) => a.isDefault) ?? accounts[0]
  const accountText = (a: Account) => `${a.name} <${a.email}>`

  const clearError = (field: ComposeField) => setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current))

  const fieldProps = (field: ComposeField) => {
    const messages = errors[field]
    if (!messages || messages.length === 0) return {}
    return {
      validationState: 'error' as const,
      // One line per bad address, so each can be read (and found) on its own.
      validationMessage: { children: messages.join('\n'), className: styles.messages },
    }
  }

  const submit = async () => {
    if (sending) return
    const found: FieldErrors = {}
    const parsed = {} as Record<RecipientField, string[]>
    for (const field of ['to', 'cc', 'bcc'] as const) {
      const { mailboxes, invalid } = parseAddressList(recipients[field])
      if (invalid.length > 0) found[field] = invalid.map((entry) => `"${entry.input}" is not a valid address: ${entry.reason}`)
      parsed[field] = mailboxes.map(formatMailbox)
    }
    if (!found.to && !found.cc && !found.bcc && parsed.to.length + parsed.cc.length + parsed.bcc.length === 0) {
      found.to = ['Add at least one recipient in To, Cc or Bcc']
    }
    if (!account) found.from = ['Choose an account to send from']
    setErrors(found)
    if (Object.keys(found).length > 0 || !account) return

    const outcome = await send({ accountId: account.id, to: parsed.to, cc: parsed.cc, bcc: parsed.bcc, subject, html })
    // What the user typed stays either way: after a failure to fix it, after a success to send again.
    const field = !outcome.ok && outcome.error.field !== undefined ? errorFields[outcome.error.field] : undefined
    if (!outcome.ok && field) setErrors({ [field]: [outcome.error.message] })
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      void submit()
    }
  }

  const recipientField = (field: RecipientField, label: string) => (
    <Field label={label} orientation="horizontal" className={styles.inline} {...fieldProps(field)}>
      <Input
        value={recipients[field]}
        onChange={(_, d) => {
          setRecipients((current) => ({ ...current, [field]: d.value }))
          clearError(field)
        }}
        spellCheck={false}
        autoComplete="off"
      />
    </Field>
  )

  return (
    <div className={styles.screen}>
      <Title2 as="h2" className={styles.title}>
        New message
      </Title2>

      {!loading && accounts.length === 0 && (
        <MessageBar intent="info">
          <MessageBarBody>There is no account to send from yet. Add the SMTP server you send through first.</MessageBarBody>
          <MessageBarActions>
            <Button onClick={onOpenAccounts}>Go to Accounts</Button>
          </MessageBarActions>
        </MessageBar>
      )}

      <form className={styles.form} onSubmit={(e) => e.preventDefault()} onKeyDown={onKeyDown} aria-label="New message" noValidate>
        <Field label="From" orientation="horizontal" className={styles.inline} {...fieldProps('from')}>
          <Dropdown
            className={styles.from}
            value={account ? accountText(account) : ''}
            selectedOptions={account ? [account.id] : []}
            placeholder={loading ? 'Loading accounts…' : 'No account yet'}
            disabled={accounts.length === 0}
            onOptionSelect={(_, d) => {
              if (d.optionValue) setAccountId(d.optionValue)
              clearError('from')
            }}
          >
            {accounts.map((a) => (
              <Option key={a.id} value={a.id} text={accountText(a)}>
                {accountText(a)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {recipientField('to', 'To')}
        {recipientField('cc', 'Cc')}
        {recipientField('bcc', 'Bcc')}
        <Field label="Subject" orientation="horizontal" className={styles.inline} {...fieldProps('subject')}>
          <Input
            value={subject}
            onChange={(_, d) => {
              setSubject(d.value)
              clearError('subject')
            }}
          />
        </Field>
        <Field label="HTML body" {...fieldProps('html')}>
          <Textarea
            textarea={{ className: styles.body }}
            value={html}
            rows={16}
            resize="vertical"
            spellCheck={false}
            onChange={(_, d) => {
              setHtml(d.value)
              clearError('html')
            }}
          />
        </Field>
        <div className={styles.footer}>
          <Button type="button" appearance="primary" icon={<Send20Regular />} disabled={sending} onClick={() => void submit()}>
            Send
          </Button>
          <Caption1 className={styles.hint}>Ctrl+Enter to send</Caption1>
        </div>
      </form>

      <SendResultPanel sending={sending} stage={stage} result={result} />
    </div>
  )
}
