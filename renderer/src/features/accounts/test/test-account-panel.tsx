import { useRef, useState, type FormEvent } from 'react'
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { ArrowLeft20Regular, Dismiss20Regular, Edit20Regular, Play20Regular } from '@fluentui/react-icons'
import { parseAddressList } from '../../../../../shared/addresses'
import type { Account, AppError, Result } from '../../../../../shared/contract'
import { useEscapeKey } from '../../../components/use-escape-key'
import { RoundTripPanel } from '../round-trip/round-trip-panel'
import { securityLabels } from '../security-labels'
import { TestReportView } from './test-report'
import { TrustDialog } from './trust-dialog'
import { UntrustedCertificate } from './untrusted-certificate'
import { useAccountTest, type TestOptions } from './use-account-test'
import { BusyButton } from '../../../components/busy-button'
import { raisedCard } from '../../../components/surface-styles'

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  headerText: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  title: { margin: 0 },
  subtitle: { color: tokens.colorNeutralForeground3 },
  server: { fontFamily: tokens.fontFamilyMonospace },
  card: {
    ...raisedCard,
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
  },
  lead: { color: tokens.colorNeutralForeground3 },
  sendRow: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'end',
  },
  checkbox: { marginBottom: '2px' },
  envelopeRow: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  messages: { whiteSpace: 'pre-line' },
  buttons: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
})

type OptionField = 'sendTestTo' | 'mailFrom' | 'rcptTo'
type OptionErrors = Partial<Record<OptionField, string>>

interface TestAccountPanelProps {
  account: Account
  onTrust: (accountId: string, fingerprint: string) => Promise<Result<Account>>
  onEdit: (account: Account) => void
  onClose: () => void
}

/** "Test account settings" for one account: options, the live steps and the full report. */
export function TestAccountPanel({ account, onTrust, onEdit, onClose }: TestAccountPanelProps) {
  const styles = useStyles()
  const test = useAccountTest(account.id)
  const [sendMessage, setSendMessage] = useState(false)
  const [sendTo, setSendTo] = useState(account.email)
  const [mailFrom, setMailFrom] = useState('')
  const [rcptTo, setRcptTo] = useState('')
  const [errors, setErrors] = useState<OptionErrors>({})
  const [promptDismissed, setPromptDismissed] = useState(false)
  const [trustOpen, setTrustOpen] = useState(false)
  const [trusting, setTrusting] = useState(false)
  const [trustError, setTrustError] = useState<AppError | null>(null)
  const [trustedFor, setTrustedFor] = useState<string | null>(null)
  const lastOptions = useRef<TestOptions>({})
  const running = test.status === 'running'

  useEscapeKey(running, test.cancel)

  /** The options as typed, and the problems with them, one per field. */
  const readOptions = (): { options: TestOptions; problems: OptionErrors } => {
    const problems: OptionErrors = {}
    const single = (field: OptionField, value: string, what: string): string | undefined => {
      const { mailboxes, invalid } = parseAddressList(value)
      if (invalid.length > 0) problems[field] = `"${invalid[0].input}" is not a valid address: ${invalid[0].reason}`
      else if (mailboxes.length > 1) problems[field] = `Give one ${what} address, not ${mailboxes.length}`
      return mailboxes[0]?.address
    }
    const options: TestOptions = {}
    if (sendMessage) {
      const address = single('sendTestTo', sendTo, 'recipient')
      if (address) options.sendTestTo = address
      else problems.sendTestTo ??= 'Type the address to send the test message to, or untick the box'
    }
    const from = single('mailFrom', mailFrom, 'sender')
    if (from) options.mailFrom = from
    const recipients = parseAddressList(rcptTo)
    // One line per bad address, so each can be read (and found) on its own.
    if (recipients.invalid.length > 0)
      problems.rcptTo = recipients.invalid.map((r) => `"${r.input}" is not a valid address: ${r.reason}`).join('\n')
    else if (recipients.mailboxes.length > 50) problems.rcptTo = 'Check at most 50 recipients at once'
    if (recipients.mailboxes.length > 0) options.rcptTo = recipients.mailboxes.map((m) => m.address)
    return { options, problems }
  }

  const start = async (options: TestOptions) => {
    lastOptions.current = options
    setPromptDismissed(false)
    await test.run(options)
  }

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (running) return
    const { options, problems } = readOptions()
    setErrors(problems)
    setTrustedFor(null)
    if (Object.keys(problems).length > 0) return
    void start(options)
  }

  // An error main reports about one of the options goes on that field too.
  const callField = test.error?.field?.split('.')[0]
  const fieldProps = (field: OptionField) => {
    const message = errors[field] ?? (callField === field ? test.error?.message : undefined)
    return message === undefined
      ? {}
      : { validationState: 'error' as const, validationMessage: { children: message, className: styles.messages } }
  }
  const clear = (field: OptionField) =>
    setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current))

  const certificate = test.report?.certificate ?? null
  const untrusted = !running && certificate !== null && certificate.trust === 'untrusted' && !promptDismissed

  const confirmTrust = async () => {
    if (!certificate) return
    setTrusting(true)
    setTrustError(null)
    const result = await onTrust(account.id, certificate.fingerprint)
    setTrusting(false)
    if (!result.ok) {
      setTrustError(result.error)
      return
    }
    setTrustOpen(false)
    setTrustedFor(result.value.name)
    // Prove it at once: the same test again, now with the pinned certificate.
    void start(lastOptions.current)
  }

  return (
    <div className={styles.panel}>
      <div className={styles.header}>
        <Button
          appearance="subtle"
          icon={<ArrowLeft20Regular />}
          aria-label="Back to accounts"
          title="Back to accounts"
          onClick={onClose}
        />
        <div className={styles.headerText}>
          <Title3 as="h2" className={styles.title} id="test-account-title">
            Test account settings
          </Title3>
          <Caption1 className={styles.subtitle}>
            {account.name} &lt;{account.email}&gt; ·{' '}
            <span className={styles.server}>
              {account.host}:{account.port}
            </span>{' '}
            · {securityLabels[account.security]}
          </Caption1>
        </div>
        <Button appearance="subtle" icon={<Edit20Regular />} onClick={() => onEdit(account)} disabled={running}>
          Edit account
        </Button>
      </div>

      <form className={styles.card} onSubmit={submit} noValidate aria-labelledby="test-account-title">
        <Body1 className={styles.lead}>
          Connects to the server and goes through each step: name lookup, connection, TLS, capabilities and sign-in.
          Optionally it checks a sender and recipients without sending, and sends a short message.
        </Body1>
        <div className={styles.sendRow}>
          <Checkbox
            className={styles.checkbox}
            checked={sendMessage}
            disabled={running}
            onChange={(_, d) => (setSendMessage(d.checked === true), clear('sendTestTo'))}
            label="Also send a test message"
          />
          <Field label="Send a test message to" {...fieldProps('sendTestTo')}>
            <Input
              value={sendTo}
              disabled={!sendMessage || running}
              onChange={(_, d) => (setSendTo(d.value), clear('sendTestTo'))}
              spellCheck={false}
            />
          </Field>
        </div>
        <div className={styles.envelopeRow}>
          <Field
            label="Check sender (MAIL FROM)"
            hint="Asks whether the server takes mail from this address. Nothing is sent."
            {...fieldProps('mailFrom')}
          >
            <Input
              value={mailFrom}
              disabled={running}
              placeholder={account.email}
              onChange={(_, d) => (setMailFrom(d.value), clear('mailFrom'))}
              spellCheck={false}
            />
          </Field>
          <Field
            label="Check recipients (RCPT TO)"
            hint="Comma-separated. The server is asked, then reset (RSET)."
            {...fieldProps('rcptTo')}
          >
            <Input
              value={rcptTo}
              disabled={running}
              placeholder="bob@example.com, carol@example.org"
              onChange={(_, d) => (setRcptTo(d.value), clear('rcptTo'))}
              spellCheck={false}
            />
          </Field>
        </div>
        <div className={styles.buttons}>
          <BusyButton type="submit" appearance="primary" busy={running} icon={<Play20Regular />}>
            Run test
          </BusyButton>
          {running && (
            <Button type="button" icon={<Dismiss20Regular />} onClick={test.cancel} title="Stop the test (Esc)">
              Cancel
            </Button>
          )}
        </div>
      </form>

      {trustedFor && (
        <MessageBar intent="success">
          <MessageBarBody>Certificate trusted for {trustedFor}</MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                appearance="transparent"
                aria-label="Dismiss"
                icon={<Dismiss20Regular />}
                onClick={() => setTrustedFor(null)}
              />
            }
          />
        </MessageBar>
      )}

      {test.status !== 'idle' && (
        <TestReportView
          status={test.status}
          steps={test.steps}
          report={test.report}
          callError={
            callField === 'sendTestTo' || callField === 'mailFrom' || callField === 'rcptTo' ? null : test.error
          }
          certificatePrompt={
            untrusted && certificate ? (
              <UntrustedCertificate
                certificate={certificate}
                accountName={account.name}
                onTrust={() => (setTrustError(null), setTrustOpen(true))}
                onDismiss={() => setPromptDismissed(true)}
              />
            ) : undefined
          }
        />
      )}

      {certificate && (
        <TrustDialog
          open={trustOpen}
          accountName={account.name}
          fingerprint={certificate.fingerprint}
          busy={trusting}
          error={trustError}
          onTrust={() => void confirmTrust()}
          onCancel={() => setTrustOpen(false)}
        />
      )}

      <RoundTripPanel account={account} />
    </div>
  )
}
