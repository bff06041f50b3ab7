import { useState } from 'react'
import {
  Checkbox,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
} from '@fluentui/react-components'
import type {
  Account,
  AccountInput,
  AppError,
  SentCopyMode,
  Security,
  ServerCandidate,
} from '../../../../shared/contract'
import { changesImapPasswordDestination } from '../../../../shared/account-secret'
import { useSectionStyles } from './account-form-sections'
import { securityLabels } from './security-labels'

const portSecurity: Record<string, Security> = { '993': 'tls', '143': 'starttls' }

export const sentCopyLabels: Record<SentCopyMode, string> = {
  auto: 'Auto',
  always: 'Always',
  never: 'Never',
}
const sentCopyHints: Record<SentCopyMode, string> = {
  auto: 'Skips Gmail and Microsoft 365, which file sent mail themselves; elsewhere a copy is added only when the Sent folder does not have it yet.',
  always: 'Adds a copy to Sent after every message the server accepted (never twice for one message).',
  never: 'Sent folder stays as the server keeps it.',
}

/** The IMAP part of the account form: its state, and what it adds to `accounts:save`. */
export function useImapFields(account: Account | undefined, detected: ServerCandidate | undefined) {
  const start = account?.imap ?? (detected && { host: detected.host, port: detected.port, security: detected.security })
  const [enabled, setEnabled] = useState(Boolean(start))
  const [host, setHost] = useState(start?.host ?? '')
  const [port, setPort] = useState(String(start?.port ?? 993))
  const [security, setSecurity] = useState<Security>(start?.security ?? 'tls')
  const [username, setUsername] = useState(account?.imap?.username ?? '')
  const [sentFolder, setSentFolder] = useState(account?.imap?.sentFolder ?? '')
  const [sentCopy, setSentCopy] = useState<SentCopyMode>(account?.sentCopy ?? 'auto')
  const [portError, setPortError] = useState<string>()
  const [ownPassword, setOwnPassword] = useState(account?.hasImapPassword === true)
  const [password, setPassword] = useState('')

  /** The separate IMAP password as the save sends it: typed, cleared (back to SMTP's), or kept (omitted). */
  const passwordInput = (): Pick<AccountInput, 'imapPassword'> => {
    if (ownPassword && password !== '') return { imapPassword: password }
    if (!ownPassword && account?.hasImapPassword) return { imapPassword: null }
    return {}
  }

  /** The fields for `accounts:save`, or undefined (with the port marked) when the port is not a number. */
  const input = (): Pick<AccountInput, 'imap' | 'sentCopy' | 'imapPassword'> | undefined => {
    if (!enabled) return { sentCopy, ...(account?.hasImapPassword && { imapPassword: null }) }
    const number = Number(port)
    if (port.trim() === '' || !Number.isInteger(number)) {
      setPortError('IMAP port must be a number: 993 for SSL/TLS, 143 for STARTTLS')
      return undefined
    }
    return {
      sentCopy,
      imap: { host: host.trim(), port: number, security, username: username.trim(), sentFolder: sentFolder.trim() },
      ...passwordInput(),
    }
  }

  /** The IMAP server as it would be saved now (for "does the password move?"), without marking errors. */
  const current = () =>
    enabled ? { host, port: Number(port), security, username: username.trim(), sentFolder } : undefined

  return {
    current,
    values: { enabled, host, port, security, username, sentFolder, sentCopy, portError, ownPassword, password },
    set: {
      enabled: setEnabled,
      host: setHost,
      port: (value: string) => {
        setPort(value)
        setPortError(undefined)
        const suggested = portSecurity[value.trim()]
        if (suggested) setSecurity(suggested)
      },
      security: setSecurity,
      username: setUsername,
      sentFolder: setSentFolder,
      sentCopy: setSentCopy,
      ownPassword: setOwnPassword,
      password: setPassword,
    },
    input,
  }
}

export type ImapFields = ReturnType<typeof useImapFields>

/** "Incoming server (IMAP)": where the copy in Sent goes and where the round trip reads back. */
export function ImapSection({
  fields,
  error,
  smtpUser,
  account,
  allowInsecureAuth,
}: {
  fields: ImapFields
  error: AppError | null
  smtpUser: string
  /** The account being edited, for "is an IMAP password saved, and does this edit move it?". */
  account?: Account
  allowInsecureAuth?: boolean
}) {
  const styles = useSectionStyles()
  const { values, set } = fields
  const passwordError = error?.field === 'imapPassword' ? error.message : undefined
  // Main drops a saved IMAP password that an edit would send to another IMAP server or login: say so before Save.
  const saved = account?.hasImapPassword === true && values.ownPassword
  const moves =
    saved &&
    changesImapPasswordDestination(account, {
      ...account,
      allowInsecureAuth: allowInsecureAuth ?? account.allowInsecureAuth,
      imap: fields.current(),
    })
  const imapError = error && (error.field === 'imap' || error.field === 'sentFolder') ? error.message : undefined
  return (
    <section className={styles.section} aria-labelledby="imap-section-title">
      <h3 className={styles.sectionTitle} id="imap-section-title">
        Incoming server (IMAP)
      </h3>
      <Checkbox
        checked={values.enabled}
        onChange={(_, d) => set.enabled(d.checked === true)}
        label="Use IMAP for a copy in Sent and the round-trip test"
      />
      {values.enabled && (
        <>
          <div className={styles.serverRow}>
            <Field label="IMAP server" validationMessage={imapError} validationState={imapError ? 'error' : 'none'}>
              <Input
                value={values.host}
                onChange={(_, d) => set.host(d.value)}
                placeholder="imap.example.com"
                spellCheck={false}
              />
            </Field>
            <Field
              label="IMAP port"
              validationMessage={values.portError}
              validationState={values.portError ? 'error' : 'none'}
            >
              <Input type="number" min={1} max={65535} value={values.port} onChange={(_, d) => set.port(d.value)} />
            </Field>
          </div>
          {/* A drop-down, not radios: the SMTP security radios above carry the same words. */}
          <Field label="IMAP security">
            <Dropdown
              value={securityLabels[values.security]}
              selectedOptions={[values.security]}
              onOptionSelect={(_, d) => d.optionValue && set.security(d.optionValue as Security)}
            >
              {(Object.keys(securityLabels) as Security[]).map((value) => (
                <Option key={value} value={value}>
                  {securityLabels[value]}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <div className={styles.signInRow}>
            <Field label="IMAP user name" hint="Empty: the same as for sending.">
              <Input
                value={values.username}
                onChange={(_, d) => set.username(d.value)}
                placeholder={smtpUser || 'same as for sending'}
                spellCheck={false}
              />
            </Field>
            <Field label="Sent folder" hint="Empty: found by the server's \Sent mark, else by its name.">
              <Input
                value={values.sentFolder}
                onChange={(_, d) => set.sentFolder(d.value)}
                placeholder="found automatically"
                spellCheck={false}
              />
            </Field>
          </div>
          <Checkbox
            checked={values.ownPassword}
            onChange={(_, d) => set.ownPassword(d.checked === true)}
            label="IMAP uses a different password"
          />
          {values.ownPassword && (
            <Field
              label="IMAP password"
              validationMessage={passwordError}
              validationState={passwordError ? 'error' : 'none'}
              hint={
                moves
                  ? 'You changed the IMAP server or sign-in: enter the IMAP password again. The saved one is only sent to the server it was saved for, so it is removed.'
                  : saved
                    ? 'The saved IMAP password stays in the system keychain.'
                    : 'Kept in the system keychain; without it, IMAP signs in with the password for sending.'
              }
            >
              <Input
                type="password"
                value={values.password}
                onChange={(_, d) => set.password(d.value)}
                placeholder={saved && !moves ? 'Leave empty to keep' : undefined}
                autoComplete="new-password"
              />
            </Field>
          )}
          <Field label="Save a copy in Sent" hint={sentCopyHints[values.sentCopy]}>
            <RadioGroup
              layout="horizontal"
              aria-label="Save a copy in Sent"
              value={values.sentCopy}
              onChange={(_, d) => set.sentCopy(d.value as SentCopyMode)}
            >
              {(Object.keys(sentCopyLabels) as SentCopyMode[]).map((value) => (
                <Radio key={value} value={value} label={sentCopyLabels[value]} />
              ))}
            </RadioGroup>
          </Field>
        </>
      )}
      {!values.enabled && error?.field === 'imap' && (
        <MessageBar intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  )
}
