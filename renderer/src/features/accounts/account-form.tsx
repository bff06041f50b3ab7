import { useState, type FormEvent } from 'react'
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { ArrowLeft20Regular } from '@fluentui/react-icons'
import type { Account, AccountInput, AppError, Result } from '../../../../shared/contract'
import { changesImapPasswordDestination, changesSecretDestination } from '../../../../shared/account-secret'
import { AppErrorBar, accountErrorTitle } from '../../components/app-error-bar'
import type { SetupPrefill } from './setup/account-setup'
import { candidateSource } from './setup/detected-settings'
import { ImapSection, useImapFields } from './imap-section'
import { TrustedCertificateSection } from './trusted-certificate'
import { DkimSection } from './dkim-section'
import { saveRequestOf, type AccountDraft } from './account-draft'
import {
  MoreSettings,
  OutgoingServerSection,
  SenderSection,
  SignInSection,
  fieldNames,
  panelOf,
  useSectionStyles,
  type FieldName,
  type PanelName,
  type SectionProps,
} from './account-form-sections'
import { useAccountDraft } from './use-account-draft'
import { BusyButton } from '../../components/busy-button'
import { raisedCard } from '../../components/surface-styles'

const useStyles = makeStyles({
  form: {
    ...raisedCard,
    gap: tokens.spacingVerticalL,
    boxSizing: 'border-box',
    maxWidth: '688px',
    padding: tokens.spacingHorizontalXXL,
  },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  title: { margin: 0 },
  notes: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS },
})

const isFieldName = (field: string | undefined): field is FieldName => fieldNames.includes(field as FieldName)

interface AccountFormProps {
  /** The account being edited; absent for a new one. */
  account?: Account
  /** For a new account: what the setup page collected, and the detected server if one was chosen. */
  prefill?: SetupPrefill
  onSave: (input: AccountInput) => Promise<Result<Account>>
  onSaved: (account: Account, created: boolean) => void
  onCancel: () => void
  /** Back to the setup page (new accounts only). */
  onBack?: () => void
  /** Forget the account's pinned certificate. */
  onUntrust?: (accountId: string) => Promise<Result<Account>>
  /** DKIM signing was turned on, changed or off (it acts at once, not on Save). */
  onDkimChanged?: () => void
}

/** Create or edit an SMTP account. The password is sent only when typed, and goes to the keychain. */
export function AccountForm({
  account,
  prefill,
  onSave,
  onSaved,
  onCancel,
  onBack,
  onUntrust,
  onDkimChanged,
}: AccountFormProps) {
  const styles = useStyles()
  const sectionStyles = useSectionStyles()
  const candidate = account ? undefined : prefill?.candidate
  const { draft, set } = useAccountDraft(account, prefill)
  const { host, port, security, auth, authMethod, username, allowInsecureAuth } = draft
  const [trustedCertificate, setTrustedCertificate] = useState(account?.trustedCertificate)
  const [revoked, setRevoked] = useState(false)
  const [openPanels, setOpenPanels] = useState<PanelName[]>(() => {
    const open: PanelName[] = []
    if (account?.replyTo || account?.signatureHtml) open.push('sending')
    if (account?.ca || account?.clientName || (account && account.timeoutSeconds !== 15)) open.push('advanced')
    return open
  })
  const [error, setError] = useState<AppError | null>(null)
  const [saving, setSaving] = useState(false)
  const imap = useImapFields(account, prefill?.imap)

  const tokenAuth = authMethod === 'XOAUTH2'
  const fieldError = (field: FieldName) => (error?.field === field ? error.message : undefined)
  const fieldProps = (field: FieldName) => {
    const message = fieldError(field)
    return message === undefined ? {} : { validationState: 'error' as const, validationMessage: message }
  }
  // Editing a field clears the error that pointed at it; the banner stays until the next save.
  const clearFieldError = (field: FieldName) => {
    if (error?.field === field) setError({ ...error, field: undefined })
  }
  const showError = (next: AppError) => {
    setError(next)
    const panel = isFieldName(next.field) ? panelOf[next.field] : undefined
    if (panel && !openPanels.includes(panel)) setOpenPanels([...openPanels, panel])
  }

  const change = <K extends keyof AccountDraft>(field: K, value: AccountDraft[K]) => {
    set(field, value)
    if (isFieldName(field)) clearFieldError(field)
  }
  const form: SectionProps = { draft, change, fieldError, fieldProps }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const imapInput = imap.input()
    if (!imapInput) return
    const request = saveRequestOf(draft, account, imapInput)
    if (!request.ok) return showError(request.error)
    const input = request.value
    setSaving(true)
    const result = await onSave(input)
    setSaving(false)
    if (result.ok) {
      onSaved(result.value, account === undefined)
      return
    }
    showError(result.error)
  }

  const secretLabel = tokenAuth ? 'Access token' : 'Password'
  const secretName = tokenAuth ? 'token' : 'password'
  // As main decides: IMAP keeps its own password when one is typed, or the saved one stays on its server.
  const keepsOwnImapPassword =
    imap.values.ownPassword &&
    (imap.values.password !== '' ||
      (account?.hasImapPassword === true &&
        !changesImapPasswordDestination(account, { ...account, allowInsecureAuth, imap: imap.current() })))
  // Main drops a saved secret that an edit would send to another server or login: say so before Save.
  const secretMoves =
    account?.hasPassword === true &&
    auth &&
    changesSecretDestination(account, {
      host,
      port: Number(port),
      security,
      username,
      allowInsecureAuth,
      // With its own IMAP password, the password for sending does not go to the IMAP server.
      imap: keepsOwnImapPassword ? undefined : imap.current(),
    })
  const secretPlaceholder = account?.hasPassword && !secretMoves ? 'Leave empty to keep' : undefined
  const secretHint = secretMoves
    ? `You changed the server or sign-in: enter the ${secretName} again. The saved one is only sent to the server it was saved for, so it is removed.`
    : account?.hasPassword
      ? `The saved ${secretName} stays in the system keychain.`
      : undefined
  const serverChanged = account !== undefined && (host.trim() !== account.host || Number(port) !== account.port)

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} noValidate aria-labelledby="account-form-title">
      <div className={styles.titleRow}>
        {onBack && (
          <Button
            type="button"
            appearance="subtle"
            icon={<ArrowLeft20Regular />}
            aria-label="Back"
            title="Back to detection"
            onClick={onBack}
            disabled={saving}
          />
        )}
        <Title3 as="h2" id="account-form-title" className={styles.title}>
          {account ? 'Edit account' : 'Add account'}
        </Title3>
      </div>

      {candidate && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{candidateSource(candidate)}</MessageBarTitle>
            Check the settings below, then save.
            {candidate.notes.length > 0 && (
              <ul className={styles.notes}>
                {candidate.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}

      <SenderSection {...form} />

      <OutgoingServerSection {...form}>
        {trustedCertificate && account && onUntrust && (
          <section className={sectionStyles.section} aria-labelledby="trusted-certificate-title">
            <h4 className={sectionStyles.sectionTitle} id="trusted-certificate-title">
              Trusted certificate
            </h4>
            <TrustedCertificateSection
              accountId={account.id}
              certificate={trustedCertificate}
              serverChanged={serverChanged}
              onUntrust={onUntrust}
              onRevoked={() => (setTrustedCertificate(undefined), setRevoked(true))}
            />
          </section>
        )}
        {revoked && (
          <MessageBar intent="success">
            <MessageBarBody>
              Certificate revoked: the server must now present a certificate a known authority vouches for.
            </MessageBarBody>
          </MessageBar>
        )}
      </OutgoingServerSection>

      <SignInSection
        {...form}
        account={account}
        secret={{ label: secretLabel, hint: secretHint, placeholder: secretPlaceholder }}
      />

      <ImapSection
        fields={imap}
        error={error}
        smtpUser={username}
        account={account}
        allowInsecureAuth={allowInsecureAuth}
      />

      <DkimSection account={account} onChanged={onDkimChanged} />

      <MoreSettings {...form} openPanels={openPanels} onToggle={setOpenPanels} />

      {error && (
        <AppErrorBar
          title={
            isFieldName(error.field) || error.code === 'VALIDATION' ? 'Check the account' : accountErrorTitle(error)
          }
          error={error}
        />
      )}

      <div className={styles.buttons}>
        <BusyButton type="submit" appearance="primary" busy={saving}>
          Save
        </BusyButton>
        <Button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
