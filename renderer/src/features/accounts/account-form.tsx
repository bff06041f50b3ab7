import { useState, type FormEvent } from 'react'
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Checkbox,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Textarea,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { ArrowLeft20Regular } from '@fluentui/react-icons'
import type { Account, AccountInput, AppError, AuthMethod, Result, Security } from '../../../../shared/contract'
import { changesSecretDestination } from '../../../../shared/account-secret'
import { AppErrorBar, accountErrorTitle } from '../../components/app-error-bar'
import { securityLabels } from './security-labels'
import type { SetupPrefill } from './setup/account-setup'
import { candidateSource } from './setup/detected-settings'
import { ImapSection, useImapFields } from './imap-section'
import { TrustedCertificateSection } from './trusted-certificate'
import { OAuthSignIn } from './oauth-sign-in'

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    boxSizing: 'border-box',
    maxWidth: '688px',
    padding: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
  },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  title: { margin: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  sectionTitle: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: tokens.spacingVerticalXS,
  },
  serverRow: { display: 'grid', gridTemplateColumns: '1fr 120px', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  signInRow: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  connectionRow: {
    display: 'grid',
    gridTemplateColumns: '1fr 200px',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
  },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  accordion: { marginInline: `calc(-1 * ${tokens.spacingHorizontalM})` },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    paddingBottom: tokens.spacingVerticalM,
  },
  notes: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS },
})

/** Fields of the form that an error from `accounts:save` can point at. */
const fieldNames = [
  'name',
  'email',
  'host',
  'port',
  'security',
  'auth',
  'authMethod',
  'username',
  'password',
  'allowInsecureAuth',
  'replyTo',
  'signatureHtml',
  'clientName',
  'timeoutSeconds',
  'ca',
] as const
type FieldName = (typeof fieldNames)[number]
const isFieldName = (field: string | undefined): field is FieldName => fieldNames.includes(field as FieldName)

// Which collapsible section holds a field, so an error there opens it.
type PanelName = 'sending' | 'advanced'
const panelOf: Partial<Record<FieldName, PanelName>> = {
  replyTo: 'sending',
  signatureHtml: 'sending',
  clientName: 'advanced',
  timeoutSeconds: 'advanced',
  ca: 'advanced',
}

const portSecurity: Record<string, Security> = { '465': 'tls', '587': 'starttls' }

const authMethodLabels: Record<AuthMethod, string> = {
  auto: 'Auto',
  PLAIN: 'PLAIN',
  LOGIN: 'LOGIN',
  'CRAM-MD5': 'CRAM-MD5',
  XOAUTH2: 'XOAUTH2',
}
const authMethodHints: Record<AuthMethod, string> = {
  auto: 'Uses the best method the server offers: PLAIN, LOGIN, then CRAM-MD5.',
  PLAIN: 'User name and password in one step. Use it only with STARTTLS or SSL/TLS.',
  LOGIN: 'User name and password in two steps, as older servers expect.',
  'CRAM-MD5': 'A challenge-response: the password itself never crosses the network.',
  XOAUTH2: 'Signs in with an OAuth 2.0 access token from your provider instead of a password.',
}

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
}

/** Create or edit an SMTP account. The password is sent only when typed, and goes to the keychain. */
export function AccountForm({ account, prefill, onSave, onSaved, onCancel, onBack, onUntrust }: AccountFormProps) {
  const styles = useStyles()
  const candidate = account ? undefined : prefill?.candidate
  const [name, setName] = useState(account?.name ?? prefill?.name ?? '')
  const [email, setEmail] = useState(account?.email ?? prefill?.email ?? '')
  const [host, setHost] = useState(account?.host ?? candidate?.host ?? '')
  const [port, setPort] = useState(String(account?.port ?? candidate?.port ?? 587))
  const [security, setSecurity] = useState<Security>(account?.security ?? candidate?.security ?? 'starttls')
  const [auth, setAuth] = useState(account?.auth ?? true)
  const [authMethod, setAuthMethod] = useState<AuthMethod>(account?.authMethod ?? candidate?.authMethod ?? 'auto')
  const [username, setUsername] = useState(account?.username ?? candidate?.username ?? prefill?.email ?? '')
  const [password, setPassword] = useState(account ? '' : (prefill?.password ?? ''))
  const [allowInsecureAuth, setAllowInsecureAuth] = useState(account?.allowInsecureAuth ?? false)
  const [oauth, setOAuth] = useState(account?.oauth)
  const [replyTo, setReplyTo] = useState(account?.replyTo ?? '')
  const [signatureHtml, setSignatureHtml] = useState(account?.signatureHtml ?? '')
  const [clientName, setClientName] = useState(account?.clientName ?? '')
  const [timeoutSeconds, setTimeoutSeconds] = useState(String(account?.timeoutSeconds ?? 15))
  const [ca, setCa] = useState(account?.ca ?? '')
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

  const insecureAuth = auth && security === 'none'
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

  const changePort = (value: string) => {
    setPort(value)
    clearFieldError('port')
    const suggested = portSecurity[value.trim()]
    if (suggested) setSecurity(suggested)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const portNumber = Number(port)
    if (port.trim() === '' || !Number.isInteger(portNumber)) {
      showError({
        code: 'VALIDATION',
        field: 'port',
        message: 'Port must be a number: 587 for STARTTLS, 465 for SSL/TLS',
      })
      return
    }
    const timeout = Number(timeoutSeconds)
    if (timeoutSeconds.trim() === '' || !Number.isInteger(timeout)) {
      showError({
        code: 'VALIDATION',
        field: 'timeoutSeconds',
        message: 'Connection timeout must be a whole number of seconds, from 1 to 300',
      })
      return
    }
    const imapInput = imap.input()
    if (!imapInput) return
    const input: AccountInput = {
      ...(account ? { id: account.id } : {}),
      name,
      email,
      host,
      port: portNumber,
      security,
      auth,
      authMethod,
      username,
      allowInsecureAuth: insecureAuth && allowInsecureAuth,
      ca: ca.trim(),
      clientName: clientName.trim(),
      timeoutSeconds: timeout,
      replyTo: replyTo.trim(),
      signatureHtml,
      ...imapInput,
      // Omitted, the stored password is kept: the renderer never sees it, so it cannot resend it.
      ...(password !== '' && !oauth ? { password } : {}),
      // Signing in with a provider: XOAUTH2 with tokens from the browser sign-in (oauth-sign-in.tsx).
      ...(oauth && { oauth, auth: true, authMethod: 'XOAUTH2' as const }),
    }
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
      imap: imap.current(),
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

      <section className={styles.section}>
        <h3 className={styles.sectionTitle}>Sender</h3>
        <Field label="Display name" {...fieldProps('name')}>
          <Input
            value={name}
            onChange={(_, d) => (setName(d.value), clearFieldError('name'))}
            placeholder="Ada Lovelace"
          />
        </Field>
        <Field label="Email address" {...fieldProps('email')}>
          <Input
            type="email"
            value={email}
            onChange={(_, d) => (setEmail(d.value), clearFieldError('email'))}
            placeholder="ada@example.com"
          />
        </Field>
      </section>

      <section className={styles.section}>
        <h3 className={styles.sectionTitle}>Outgoing server</h3>
        <div className={styles.serverRow}>
          <Field label="SMTP server" {...fieldProps('host')}>
            <Input
              value={host}
              onChange={(_, d) => (setHost(d.value), clearFieldError('host'))}
              placeholder="smtp.example.com"
              spellCheck={false}
            />
          </Field>
          <Field label="Port" {...fieldProps('port')}>
            <Input type="number" min={1} max={65535} value={port} onChange={(_, d) => changePort(d.value)} />
          </Field>
        </div>
        <Field label="Security" {...fieldProps('security')}>
          <RadioGroup
            layout="horizontal"
            value={security}
            onChange={(_, d) => (setSecurity(d.value as Security), clearFieldError('security'))}
          >
            {(Object.keys(securityLabels) as Security[]).map((value) => (
              <Radio key={value} value={value} label={securityLabels[value]} />
            ))}
          </RadioGroup>
        </Field>
        {trustedCertificate && account && onUntrust && (
          <section className={styles.section} aria-labelledby="trusted-certificate-title">
            <h4 className={styles.sectionTitle} id="trusted-certificate-title">
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
      </section>

      <section className={styles.section}>
        <h3 className={styles.sectionTitle}>Sign-in</h3>
        <Field {...fieldProps('auth')}>
          <Checkbox
            checked={auth}
            onChange={(_, d) => (setAuth(d.checked === true), clearFieldError('auth'))}
            label="My server requires authentication"
          />
        </Field>
        <Field
          label="Authentication method"
          hint={auth ? authMethodHints[authMethod] : undefined}
          {...fieldProps('authMethod')}
        >
          <Dropdown
            value={authMethodLabels[authMethod]}
            selectedOptions={[authMethod]}
            disabled={!auth}
            onOptionSelect={(_, d) => {
              if (d.optionValue) setAuthMethod(d.optionValue as AuthMethod)
              clearFieldError('authMethod')
            }}
          >
            {(Object.keys(authMethodLabels) as AuthMethod[]).map((method) => (
              <Option key={method} value={method}>
                {authMethodLabels[method]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {auth && <OAuthSignIn account={account} oauth={oauth} onChange={setOAuth} />}
        <div className={styles.signInRow}>
          <Field label="User name" {...fieldProps('username')}>
            <Input
              value={username}
              disabled={!auth}
              onChange={(_, d) => (setUsername(d.value), clearFieldError('username'))}
              spellCheck={false}
            />
          </Field>
          {!oauth && (
            <Field label={secretLabel} hint={secretHint} {...fieldProps('password')}>
              <Input
                type="password"
                value={password}
                disabled={!auth}
                placeholder={secretPlaceholder}
                autoComplete="new-password"
                onChange={(_, d) => (setPassword(d.value), clearFieldError('password'))}
              />
            </Field>
          )}
        </div>
        {insecureAuth && (
          <Field
            validationState={fieldError('allowInsecureAuth') ? 'error' : 'warning'}
            validationMessage={
              fieldError('allowInsecureAuth') ??
              'Without STARTTLS or SSL/TLS your user name and password cross the network in readable form. Allow this only for a local test server.'
            }
          >
            <Checkbox
              checked={allowInsecureAuth}
              onChange={(_, d) => (setAllowInsecureAuth(d.checked === true), clearFieldError('allowInsecureAuth'))}
              label="Allow my password over an unencrypted connection"
            />
          </Field>
        )}
      </section>

      <ImapSection fields={imap} error={error} smtpUser={username} />

      <Accordion
        className={styles.accordion}
        collapsible
        multiple
        openItems={openPanels}
        onToggle={(_, d) => setOpenPanels(d.openItems as PanelName[])}
      >
        <AccordionItem value="sending">
          <AccordionHeader>Reply-To and signature</AccordionHeader>
          <AccordionPanel className={styles.panel}>
            <Field
              label="Reply-To"
              hint="Where replies go, if not to the email address above."
              {...fieldProps('replyTo')}
            >
              <Input
                type="email"
                value={replyTo}
                onChange={(_, d) => (setReplyTo(d.value), clearFieldError('replyTo'))}
                placeholder="replies@example.com"
                spellCheck={false}
              />
            </Field>
            <Field
              label="Signature (HTML)"
              hint="Added to new messages from this account."
              {...fieldProps('signatureHtml')}
            >
              <Textarea
                textarea={{ className: styles.mono }}
                value={signatureHtml}
                rows={5}
                resize="vertical"
                spellCheck={false}
                placeholder="<p>Ada Lovelace<br>Analytical Engines Ltd</p>"
                onChange={(_, d) => (setSignatureHtml(d.value), clearFieldError('signatureHtml'))}
              />
            </Field>
          </AccordionPanel>
        </AccordionItem>
        <AccordionItem value="advanced">
          <AccordionHeader>Advanced</AccordionHeader>
          <AccordionPanel className={styles.panel}>
            <div className={styles.connectionRow}>
              <Field
                label="Client name (EHLO)"
                hint="Empty: this computer's name. Some servers want a real host name."
                {...fieldProps('clientName')}
              >
                <Input
                  value={clientName}
                  onChange={(_, d) => (setClientName(d.value), clearFieldError('clientName'))}
                  placeholder="laptop.example.com"
                  spellCheck={false}
                />
              </Field>
              <Field label="Connection timeout (seconds)" {...fieldProps('timeoutSeconds')}>
                <Input
                  type="number"
                  min={1}
                  max={300}
                  value={timeoutSeconds}
                  onChange={(_, d) => (setTimeoutSeconds(d.value), clearFieldError('timeoutSeconds'))}
                />
              </Field>
            </div>
            <Field
              label="CA certificate (PEM)"
              hint="Only for a server whose certificate is signed by your own authority, such as a company CA."
              {...fieldProps('ca')}
            >
              <Textarea
                textarea={{ className: styles.mono }}
                value={ca}
                rows={6}
                resize="vertical"
                spellCheck={false}
                placeholder="-----BEGIN CERTIFICATE-----"
                onChange={(_, d) => (setCa(d.value), clearFieldError('ca'))}
              />
            </Field>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>

      {error && (
        <AppErrorBar
          title={
            isFieldName(error.field) || error.code === 'VALIDATION' ? 'Check the account' : accountErrorTitle(error)
          }
          error={error}
        />
      )}

      <div className={styles.buttons}>
        <Button
          type="submit"
          appearance="primary"
          disabled={saving}
          icon={saving ? <Spinner size="tiny" /> : undefined}
        >
          Save
        </Button>
        <Button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
