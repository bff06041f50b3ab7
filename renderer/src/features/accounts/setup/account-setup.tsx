import { useEffect, useRef, useState, type FormEvent } from 'react'
import {
  Body1,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { Search20Regular } from '@fluentui/react-icons'
import { addressProblem } from '../../../../../shared/addresses'
import type { ServerCandidate } from '../../../../../shared/contract'
import { AppErrorBar, accountErrorTitle } from '../../../components/app-error-bar'
import { useEscapeKey } from '../../../components/use-escape-key'
import { DetectSteps } from './detect-steps'
import { DetectedSettings } from './detected-settings'
import { useDetect } from './use-detect'
import { BusyButton } from '../../../components/busy-button'
import { raisedCard } from '../../../components/surface-styles'

/** What the setup page hands to the manual form: what the user typed and the server chosen, if any. */
export interface SetupPrefill {
  name: string
  email: string
  password: string
  candidate?: ServerCandidate
  /** The IMAP server autodetect found, for the form's IMAP section. */
  imap?: ServerCandidate
}

const useStyles = makeStyles({
  flow: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '688px' },
  card: { ...raisedCard, gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalXXL },
  intro: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  title: { margin: 0 },
  lead: { color: tokens.colorNeutralForeground3 },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  spacer: { flexGrow: 1 },
  stepsHeading: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
  stepsTitle: { margin: 0 },
  // The live region stays mounted (so it is announced), but takes no gap while it is empty.
  status: { ':empty': { marginTop: `calc(-1 * ${tokens.spacingVerticalL})` } },
})

interface AccountSetupProps {
  /** Values to start from, e.g. when the user comes back from the manual form. */
  initial?: SetupPrefill
  /** Open the manual form, filled with what is known so far. */
  onManual: (prefill: SetupPrefill) => void
  onCancel: () => void
}

/** "Add account", page one: name, address and password, then autodetect of the server settings. */
export function AccountSetup({ initial, onManual, onCancel }: AccountSetupProps) {
  const styles = useStyles()
  const detection = useDetect()
  const [name, setName] = useState(initial?.name ?? '')
  // The setup opens with its first field focused, so the keyboard carries on where the work is.
  const firstField = useRef<HTMLInputElement>(null)
  useEffect(() => {
    firstField.current?.focus()
  }, [])
  // Detected settings take the focus on "Use these settings", where the next step is.
  const settingsButton = useRef<HTMLButtonElement>(null)
  const [email, setEmail] = useState(initial?.email ?? '')
  const [password, setPassword] = useState(initial?.password ?? '')
  const [emailError, setEmailError] = useState<string | null>(null)
  const [selectedIndex, setSelectedIndex] = useState(0)
  // The address the last detection ran for: headings keep naming it while the field is edited.
  const [detectedEmail, setDetectedEmail] = useState('')
  const running = detection.status === 'running'

  useEscapeKey(running, detection.cancel)

  const runDetect = async (event?: FormEvent) => {
    event?.preventDefault()
    if (running) return
    const address = email.trim()
    const problem = address === '' ? 'Type your email address: its domain tells where to look' : addressProblem(address)
    if (problem !== null) {
      setEmailError(address === '' ? problem : `Email address "${address}" is not valid: ${problem}`)
      return
    }
    setEmailError(null)
    setSelectedIndex(0)
    setDetectedEmail(address)
    await detection.detect(address)
  }

  // Start on the suggestion main picked as best, wherever it sits in the list.
  const result = detection.result
  const candidates = result ? withBest(result.candidates, result.best) : []
  const typed = (): SetupPrefill => ({ name: name.trim(), email: email.trim(), password })
  // What was found before a cancel is still worth offering.
  const found = detection.status === 'done' && candidates.length > 0
  useEffect(() => {
    if (found) settingsButton.current?.focus()
  }, [found])

  return (
    <div className={styles.flow}>
      <form
        className={styles.card}
        onSubmit={(e) => void runDetect(e)}
        noValidate
        aria-labelledby="account-setup-title"
      >
        <div className={styles.intro}>
          <Title3 as="h2" id="account-setup-title" className={styles.title}>
            Add account
          </Title3>
          <Body1 className={styles.lead}>
            Type your address and Sendsmith looks up your provider&apos;s outgoing server, or enter the settings
            yourself.
          </Body1>
        </div>
        <div className={styles.fields}>
          <Field label="Display name" hint="The name recipients see.">
            <Input
              ref={firstField}
              value={name}
              onChange={(_, d) => setName(d.value)}
              placeholder="Ada Lovelace"
              disabled={running}
            />
          </Field>
          <Field
            label="Email address"
            validationState={emailError ? 'error' : 'none'}
            validationMessage={emailError ?? undefined}
          >
            <Input
              type="email"
              value={email}
              onChange={(_, d) => (setEmail(d.value), setEmailError(null))}
              placeholder="ada@example.com"
              spellCheck={false}
              disabled={running}
            />
          </Field>
          <Field
            label="Password"
            hint="Saved in the system keychain, never in a file. Not sent anywhere while detecting."
          >
            <Input
              type="password"
              value={password}
              onChange={(_, d) => setPassword(d.value)}
              autoComplete="new-password"
              disabled={running}
            />
          </Field>
        </div>
        <div className={styles.buttons}>
          <BusyButton type="submit" appearance="primary" busy={running} icon={<Search20Regular />}>
            {running ? 'Detecting…' : 'Detect settings'}
          </BusyButton>
          {!running && (
            <Button type="button" onClick={() => onManual(typed())}>
              Set up manually
            </Button>
          )}
          <span className={styles.spacer} />
          {running ? (
            <Button type="button" onClick={detection.cancel} title="Stop looking (Esc)">
              Cancel
            </Button>
          ) : (
            <Button type="button" appearance="subtle" onClick={onCancel}>
              Cancel
            </Button>
          )}
        </div>
      </form>

      {detection.status !== 'idle' && (
        <section className={styles.card} aria-labelledby="detect-steps-title" aria-busy={running}>
          <div className={styles.stepsHeading}>
            <Subtitle2 as="h3" id="detect-steps-title" className={styles.stepsTitle}>
              {running
                ? `Looking up the settings of ${domainOf(detectedEmail)}…`
                : `Lookup for ${domainOf(detectedEmail)}`}
            </Subtitle2>
          </div>
          {detection.steps.length > 0 ? (
            <DetectSteps steps={detection.steps} />
          ) : (
            running && <Spinner size="tiny" label="Starting…" labelPosition="after" />
          )}

          <div role="status" aria-live="polite" className={styles.status}>
            {detection.status === 'failed' && detection.error && (
              <AppErrorBar title={accountErrorTitle(detection.error)} error={detection.error} />
            )}
            {detection.status === 'done' && result?.cancelled && (
              <MessageBar intent="info">
                <MessageBarBody>Detection cancelled. Detect again, or enter the settings yourself.</MessageBarBody>
                <MessageBarActions>
                  <Button onClick={() => onManual(typed())}>Enter settings manually</Button>
                </MessageBarActions>
              </MessageBar>
            )}
            {detection.status === 'done' && !result?.cancelled && candidates.length === 0 && (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>No settings found</MessageBarTitle>
                  Nothing was found for {domainOf(detectedEmail)}. Your provider&apos;s help pages name the outgoing
                  (SMTP) server; enter it yourself.
                </MessageBarBody>
                <MessageBarActions>
                  <Button onClick={() => onManual(typed())}>Enter settings manually</Button>
                </MessageBarActions>
              </MessageBar>
            )}
          </div>
        </section>
      )}

      {found && (
        <div className={styles.card}>
          <DetectedSettings
            candidates={candidates}
            selectedIndex={selectedIndex}
            onSelect={setSelectedIndex}
            email={detectedEmail}
          />
          <div className={styles.buttons}>
            <Button
              appearance="primary"
              ref={settingsButton}
              onClick={() =>
                onManual({
                  ...typed(),
                  candidate: candidates[selectedIndex] ?? candidates[0],
                  imap: result?.imap ?? undefined,
                })
              }
            >
              Use these settings
            </Button>
          </div>
        </div>
      )}
    </div>
  )
}

/** The candidates with main's best first, so the list opens on it. */
function withBest(candidates: ServerCandidate[], best: ServerCandidate | null): ServerCandidate[] {
  if (best === null) return candidates
  const same = (c: ServerCandidate) => c.host === best.host && c.port === best.port && c.security === best.security
  return [best, ...candidates.filter((c) => !same(c))]
}

/** The part after the @, for headings ("example.com"). */
function domainOf(email: string): string {
  const at = email.trim().lastIndexOf('@')
  return at === -1 ? email.trim() : email.trim().slice(at + 1)
}
