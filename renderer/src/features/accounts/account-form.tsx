import { useState, type FormEvent } from 'react'
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Checkbox,
  Field,
  Input,
  Radio,
  RadioGroup,
  Spinner,
  Textarea,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { Account, AccountInput, AppError, Result, Security } from '../../../../shared/contract'
import { AppErrorBar, accountErrorTitle } from '../../components/app-error-bar'
import { securityLabels } from './security-labels'

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '640px',
    padding: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
  },
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
  ca: { fontFamily: tokens.fontFamilyMonospace },
  advanced: { marginInline: `calc(-1 * ${tokens.spacingHorizontalM})` },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS },
})

/** Fields of the form that an error from `accounts:save` can point at. */
type FieldName = 'name' | 'email' | 'host' | 'port' | 'security' | 'auth' | 'username' | 'password' | 'allowInsecureAuth' | 'ca'
const fieldNames = new Set<string>(['name', 'email', 'host', 'port', 'security', 'auth', 'username', 'password', 'allowInsecureAuth', 'ca'])

const portSecurity: Record<string, Security> = { '465': 'tls', '587': 'starttls' }

interface AccountFormProps {
  /** The account being edited; absent for a new one. */
  account?: Account
  onSave: (input: AccountInput) => Promise<Result<Account>>
  onSaved: (account: Account) => void
  onCancel: () => void
}

/** Create or edit an SMTP account. The password is sent only when typed, and goes to the keychain. */
export function AccountForm({ account, onSave, onSaved, onCancel }: AccountFormProps) {
  const styles = useStyles()
  const [name, setName] = useState(account?.name ?? '')
  const [email, setEmail] = useState(account?.email ?? '')
  const [host, setHost] = useState(account?.host ?? '')
  const [port, setPort] = useState(String(account?.port ?? 587))
  const [security, setSecurity] = useState<Security>(account?.security ?? 'starttls')
  const [auth, setAuth] = useState(account?.auth ?? true)
  const [username, setUsername] = useState(account?.username ?? '')
  const [password, setPassword] = useState('')
  const [allowInsecureAuth, setAllowInsecureAuth] = useState(account?.allowInsecureAuth ?? false)
  const [ca, setCa] = useState(account?.ca ?? '')
  const [advancedOpen, setAdvancedOpen] = useState(Boolean(account?.ca))
  const [error, setError] = useState<AppError | null>(null)
  const [saving, setSaving] = useState(false)

  const insecureAuth = auth && security === 'none'
  const fieldError = (field: FieldName) => (error?.field === field ? error.message : undefined)
  const fieldProps = (field: FieldName) => {
    const message = fieldError(field)
    return message === undefined ? {} : { validationState: 'error' as const, validationMessage: message }
  }
  // Editing a field clears the error that pointed at it; the banner stays until the next save.
  const clearFieldError = (field: FieldName) => {
    if (error?.field === field) setError({ ...error, field: undefined })
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
      setError({ code: 'VALIDATION', field: 'port', message: 'Port must be a number: 587 for STARTTLS, 465 for SSL/TLS' })
      return
    }
    const input: AccountInput = {
      ...(account ? { id: account.id } : {}),
      name,
      email,
      host,
      port: portNumber,
      security,
      auth,
      username,
      allowInsecureAuth: insecureAuth && allowInsecureAuth,
      ca: ca.trim(),
      // Omitted, the stored password is kept: the renderer never sees it, so it cannot resend it.
      ...(password !== '' ? { password } : {}),
    }
    setSaving(true)
    const result = await onSave(input)
    setSaving(false)
    if (result.ok) {
      onSaved(result.value)
      return
    }
    setError(result.error)
    if (result.error.field === 'ca') setAdvancedOpen(true)
  }

  const passwordPlaceholder = account?.hasPassword ? 'Stored in the system keychain — leave empty to keep' : undefined
  const knownField = error?.field !== undefined && fieldNames.has(error.field)

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} noValidate aria-labelledby="account-form-title">
      <Title3 as="h2" id="account-form-title" className={styles.title}>
        {account ? 'Edit account' : 'Add account'}
      </Title3>

      <section className={styles.section}>
        <h3 className={styles.sectionTitle}>Sender</h3>
        <Field label="Display name" {...fieldProps('name')}>
          <Input value={name} onChange={(_, d) => (setName(d.value), clearFieldError('name'))} placeholder="Ada Lovelace" />
        </Field>
        <Field label="Email address" {...fieldProps('email')}>
          <Input type="email" value={email} onChange={(_, d) => (setEmail(d.value), clearFieldError('email'))} placeholder="ada@example.com" />
        </Field>
      </section>

      <section className={styles.section}>
        <h3 className={styles.sectionTitle}>Outgoing server</h3>
        <div className={styles.serverRow}>
          <Field label="SMTP server" {...fieldProps('host')}>
            <Input value={host} onChange={(_, d) => (setHost(d.value), clearFieldError('host'))} placeholder="smtp.example.com" spellCheck={false} />
          </Field>
          <Field label="Port" {...fieldProps('port')}>
            <Input type="number" min={1} max={65535} value={port} onChange={(_, d) => changePort(d.value)} />
          </Field>
        </div>
        <Field label="Security" {...fieldProps('security')}>
          <RadioGroup layout="horizontal" value={security} onChange={(_, d) => (setSecurity(d.value as Security), clearFieldError('security'))}>
            {(Object.keys(securityLabels) as Security[]).map((value) => (
              <Radio key={value} value={value} label={securityLabels[value]} />
            ))}
          </RadioGroup>
        </Field>
      </section>

      <section className={styles.section}>
        <h3 className={styles.sectionTitle}>Sign-in</h3>
        <Field {...fieldProps('auth')}>
          <Checkbox checked={auth} onChange={(_, d) => (setAuth(d.checked === true), clearFieldError('auth'))} label="My server requires authentication" />
        </Field>
        <Field label="User name" {...fieldProps('username')}>
          <Input value={username} disabled={!auth} onChange={(_, d) => (setUsername(d.value), clearFieldError('username'))} spellCheck={false} />
        </Field>
        <Field label="Password" {...fieldProps('password')}>
          <Input
            type="password"
            value={password}
            disabled={!auth}
            placeholder={passwordPlaceholder}
            autoComplete="new-password"
            onChange={(_, d) => (setPassword(d.value), clearFieldError('password'))}
          />
        </Field>
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

      <Accordion
        className={styles.advanced}
        collapsible
        openItems={advancedOpen ? ['advanced'] : []}
        onToggle={(_, d) => setAdvancedOpen(d.openItems.includes('advanced'))}
      >
        <AccordionItem value="advanced">
          <AccordionHeader>Advanced</AccordionHeader>
          <AccordionPanel>
            <Field
              label="CA certificate (PEM)"
              hint="Only for a server whose certificate is signed by your own authority, such as a company CA."
              {...fieldProps('ca')}
            >
              <Textarea
                className={styles.ca}
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

      {error && <AppErrorBar title={knownField ? 'Check the account' : accountErrorTitle(error)} error={error} />}

      <div className={styles.buttons}>
        <Button type="submit" appearance="primary" disabled={saving} icon={saving ? <Spinner size="tiny" /> : undefined}>
          Save
        </Button>
        <Button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
