import type { ReactNode } from 'react'
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Checkbox,
  Dropdown,
  Field,
  Input,
  Option,
  Radio,
  RadioGroup,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { Account, AuthMethod, Security } from '../../../../shared/contract'
import { isInsecureAuth, type AccountDraft } from './account-draft'
import { OAuthSignIn } from './oauth-sign-in'
import { securityLabels } from './security-labels'

export const useSectionStyles = makeStyles({
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
})

/** Fields of the form that an error from `accounts:save` can point at. */
export const fieldNames = [
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
export type FieldName = (typeof fieldNames)[number]

/** What every section gets from the form: the draft, a change that clears the field's error, and the errors. */
export interface SectionProps {
  draft: AccountDraft
  change: <K extends keyof AccountDraft>(field: K, value: AccountDraft[K]) => void
  fieldError: (field: FieldName) => string | undefined
  fieldProps: (field: FieldName) => { validationState?: 'error'; validationMessage?: string }
}

export function SenderSection({ draft, change, fieldProps }: SectionProps) {
  const styles = useSectionStyles()
  const { name, email } = draft
  return (
    <section className={styles.section}>
      <h3 className={styles.sectionTitle}>Sender</h3>
      <Field label="Display name" {...fieldProps('name')}>
        <Input value={name} onChange={(_, d) => change('name', d.value)} placeholder="Ada Lovelace" />
      </Field>
      <Field label="Email address" {...fieldProps('email')}>
        <Input type="email" value={email} onChange={(_, d) => change('email', d.value)} placeholder="ada@example.com" />
      </Field>
    </section>
  )
}

const portSecurity: Record<string, Security> = { '465': 'tls', '587': 'starttls' }

/** Server, port (a usual port suggests its security) and security; `children` follow (the trusted certificate). */
export function OutgoingServerSection({
  draft,
  change,
  fieldProps,
  children,
}: SectionProps & { children?: ReactNode }) {
  const styles = useSectionStyles()
  const { host, port, security } = draft
  const changePort = (value: string) => {
    change('port', value)
    const suggested = portSecurity[value.trim()]
    if (suggested) change('security', suggested)
  }
  return (
    <section className={styles.section}>
      <h3 className={styles.sectionTitle}>Outgoing server</h3>
      <div className={styles.serverRow}>
        <Field label="SMTP server" {...fieldProps('host')}>
          <Input
            value={host}
            onChange={(_, d) => change('host', d.value)}
            placeholder="smtp.example.com"
            spellCheck={false}
          />
        </Field>
        <Field label="Port" {...fieldProps('port')}>
          <Input type="number" min={1} max={65535} value={port} onChange={(_, d) => changePort(d.value)} />
        </Field>
      </div>
      <Field label="Security" {...fieldProps('security')}>
        <RadioGroup layout="horizontal" value={security} onChange={(_, d) => change('security', d.value as Security)}>
          {(Object.keys(securityLabels) as Security[]).map((value) => (
            <Radio key={value} value={value} label={securityLabels[value]} />
          ))}
        </RadioGroup>
      </Field>
      {children}
    </section>
  )
}

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

interface SignInSectionProps extends SectionProps {
  account?: Account
  /** The password field's words: "Password" or "Access token", its hint and placeholder. */
  secret: { label: string; hint?: string; placeholder?: string }
}

/** Authentication: on or off, the method, a provider sign-in, user name and password, consent to no encryption. */
export function SignInSection({ draft, change, fieldError, fieldProps, account, secret }: SignInSectionProps) {
  const styles = useSectionStyles()
  const { auth, authMethod, username, password, allowInsecureAuth, oauth } = draft
  const insecureAuth = isInsecureAuth(draft)
  return (
    <section className={styles.section}>
      <h3 className={styles.sectionTitle}>Sign-in</h3>
      <Field {...fieldProps('auth')}>
        <Checkbox
          checked={auth}
          onChange={(_, d) => change('auth', d.checked === true)}
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
            if (d.optionValue) change('authMethod', d.optionValue as AuthMethod)
          }}
        >
          {(Object.keys(authMethodLabels) as AuthMethod[]).map((method) => (
            <Option key={method} value={method}>
              {authMethodLabels[method]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {auth && <OAuthSignIn account={account} oauth={oauth} onChange={(next) => change('oauth', next)} />}
      <div className={styles.signInRow}>
        <Field label="User name" {...fieldProps('username')}>
          <Input
            value={username}
            disabled={!auth}
            onChange={(_, d) => change('username', d.value)}
            spellCheck={false}
          />
        </Field>
        {!oauth && (
          <Field label={secret.label} hint={secret.hint} {...fieldProps('password')}>
            <Input
              type="password"
              value={password}
              disabled={!auth}
              placeholder={secret.placeholder}
              autoComplete="new-password"
              onChange={(_, d) => change('password', d.value)}
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
            onChange={(_, d) => change('allowInsecureAuth', d.checked === true)}
            label="Allow my password over an unencrypted connection"
          />
        </Field>
      )}
    </section>
  )
}

/** The collapsible parts of the form. */
export type PanelName = 'sending' | 'advanced'
export const panelOf: Partial<Record<FieldName, PanelName>> = {
  replyTo: 'sending',
  signatureHtml: 'sending',
  clientName: 'advanced',
  timeoutSeconds: 'advanced',
  ca: 'advanced',
}

interface MoreSettingsProps extends SectionProps {
  openPanels: PanelName[]
  onToggle: (open: PanelName[]) => void
}

/** Reply-To and signature; Advanced (EHLO name, timeout, CA certificate). */
export function MoreSettings({ draft, change, fieldProps, openPanels, onToggle }: MoreSettingsProps) {
  const styles = useSectionStyles()
  const { replyTo, signatureHtml, clientName, timeoutSeconds, ca } = draft
  return (
    <Accordion
      className={styles.accordion}
      collapsible
      multiple
      openItems={openPanels}
      onToggle={(_, d) => onToggle(d.openItems as PanelName[])}
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
              onChange={(_, d) => change('replyTo', d.value)}
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
              onChange={(_, d) => change('signatureHtml', d.value)}
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
                onChange={(_, d) => change('clientName', d.value)}
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
                onChange={(_, d) => change('timeoutSeconds', d.value)}
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
              onChange={(_, d) => change('ca', d.value)}
            />
          </Field>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  )
}
