import { useCallback, useEffect, useState } from 'react'
import {
  Button,
  Dropdown,
  Field,
  Input,
  Link,
  Option,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { Checkmark16Regular, Warning16Regular } from '@fluentui/react-icons'
import type {
  Account,
  AccountOAuth,
  AppError,
  OAuthClient,
  OAuthProviderId,
  OAuthStatus,
} from '../../../../shared/contract'
import { AppErrorBar } from '../../components/app-error-bar'
import { sendsmith, settle } from '../../sendsmith'

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  status: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
})

const providerLabels: Record<OAuthProviderId, string> = {
  microsoft: 'Microsoft (Outlook.com, Microsoft 365)',
  google: 'Google (Gmail, Workspace)',
  yahoo: 'Yahoo',
  aol: 'AOL',
  fastmail: 'Fastmail',
  yandex: 'Yandex',
  custom: 'Another OpenID provider',
}
const shortLabels: Record<OAuthProviderId, string> = {
  microsoft: 'Microsoft',
  google: 'Google',
  yahoo: 'Yahoo',
  aol: 'AOL',
  fastmail: 'Fastmail',
  yandex: 'Yandex',
  custom: 'your provider',
}
const passwordChoice = 'password'

export interface OAuthSignInProps {
  /** The saved account (sign-in needs its id); undefined while it is being created. */
  account?: Account
  oauth: AccountOAuth | undefined
  onChange: (oauth: AccountOAuth | undefined) => void
}

/**
 * "Sign in with Microsoft/Google/…" beside the password: the provider, its client ID (entered once
 * per provider), the signed-in state and "Sign in again". Tokens never reach this window.
 */
export function OAuthSignIn({ account, oauth, onChange }: OAuthSignInProps) {
  const styles = useStyles()
  const [clients, setClients] = useState<OAuthClient[]>([])
  const [clientId, setClientId] = useState('')
  const [clientSecret, setClientSecret] = useState('')
  const [status, setStatus] = useState<OAuthStatus | null>(null)
  const [busy, setBusy] = useState<'saving' | 'signing-in' | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [savedNote, setSavedNote] = useState('')

  const provider = oauth?.provider
  const client = clients.find((c) => c.provider === provider && (provider !== 'custom' || c.issuer === oauth?.issuer))
  const accountId = account?.oauth ? account.id : undefined

  const loadClients = useCallback(async () => {
    const result = await settle(sendsmith().oauth.clients({}))
    if (result.ok) setClients(result.value)
  }, [])
  const loadStatus = useCallback(async () => {
    if (!accountId) return setStatus(null)
    const result = await settle(sendsmith().oauth.status({ accountId }))
    setStatus(result.ok ? result.value : null)
  }, [accountId])

  useEffect(() => void loadClients(), [loadClients])
  useEffect(() => void loadStatus(), [loadStatus])
  useEffect(() => {
    setClientId(client?.clientId ?? '')
    setClientSecret('')
    setSavedNote('')
  }, [client?.clientId, provider])

  const saveClient = async () => {
    if (!provider) return
    setBusy('saving')
    setError(null)
    const result = await settle(
      sendsmith().oauth.setClient({
        provider,
        ...(provider === 'custom' && oauth?.issuer && { issuer: oauth.issuer }),
        clientId,
        ...(clientSecret !== '' && { clientSecret }),
      }),
    )
    setBusy(null)
    if (!result.ok) return setError(result.error)
    setClientSecret('')
    setSavedNote('Client ID saved')
    await loadClients()
  }

  const signIn = async () => {
    if (!accountId) return
    setBusy('signing-in')
    setError(null)
    const result = await settle(sendsmith().oauth.signIn({ accountId }))
    setBusy(null)
    if (result.ok) setStatus(result.value)
    else setError(result.error)
  }

  const cancel = () => {
    if (accountId) void settle(sendsmith().oauth.cancelSignIn({ accountId }))
  }

  const label = provider ? shortLabels[provider] : ''
  const needsSecret = client?.clientSecret === 'required'
  return (
    <div className={styles.box} aria-label="Sign in with a provider" role="group">
      <Field
        label="Sign in with"
        hint="Providers such as Outlook.com and Gmail take a sign-in in your browser instead of a password."
      >
        <Dropdown
          value={provider ? providerLabels[provider] : 'Password (or app password)'}
          selectedOptions={[provider ?? passwordChoice]}
          onOptionSelect={(_, d) => {
            const next = d.optionValue as OAuthProviderId | typeof passwordChoice | undefined
            onChange(!next || next === passwordChoice ? undefined : { provider: next })
          }}
        >
          <Option value={passwordChoice}>Password (or app password)</Option>
          {(Object.keys(providerLabels) as OAuthProviderId[]).map((id) => (
            <Option key={id} value={id}>
              {providerLabels[id]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {provider === 'custom' && (
        <Field label="Issuer URL" hint="Its metadata (/.well-known/openid-configuration) gives the sign-in addresses.">
          <Input
            value={oauth?.issuer ?? ''}
            placeholder="https://login.example.com"
            onChange={(_, d) => onChange({ ...oauth!, issuer: d.value })}
            spellCheck={false}
          />
        </Field>
      )}
      {provider && (
        <>
          <div className={styles.row}>
            <Field
              label={provider === 'custom' ? 'Client ID' : `${shortLabels[provider]} client ID`}
              hint={
                <>
                  From your app registration (public client, redirect http://127.0.0.1), once per provider.{' '}
                  {provider !== 'custom' && client?.registerUrl && (
                    <Text size={200}>Register at {client.registerUrl}</Text>
                  )}
                </>
              }
            >
              <Input value={clientId} onChange={(_, d) => setClientId(d.value)} spellCheck={false} />
            </Field>
            {client && client.clientSecret !== 'none' && (
              <Field
                label={needsSecret ? 'Client secret' : 'Client secret (if any)'}
                hint={client.hasClientSecret ? 'A secret is stored in the system keychain.' : undefined}
              >
                <Input
                  type="password"
                  value={clientSecret}
                  placeholder={client.hasClientSecret ? 'Stored' : ''}
                  autoComplete="off"
                  onChange={(_, d) => setClientSecret(d.value)}
                />
              </Field>
            )}
            <Button
              onClick={() => void saveClient()}
              disabled={busy !== null || clientId.trim() === '' || (provider === 'custom' && !oauth?.issuer)}
            >
              Save client ID
            </Button>
            {savedNote && <Text size={200}>{savedNote}</Text>}
          </div>
          <div className={styles.row}>
            {!accountId ? (
              <Text size={200}>Save the account, then sign in with {label}.</Text>
            ) : busy === 'signing-in' ? (
              <>
                <Spinner size="tiny" label={`Waiting for the sign-in in your browser…`} />
                <Button onClick={cancel}>Cancel</Button>
              </>
            ) : (
              <>
                <Button appearance="primary" onClick={() => void signIn()} disabled={!client?.clientId}>
                  {status?.signedIn ? 'Sign in again' : `Sign in with ${label}`}
                </Button>
                <SignInState status={status} />
              </>
            )}
          </div>
          {provider !== 'custom' && client?.registerUrl && !client.clientId && (
            <Text size={200}>
              No client ID yet: <Link href={client.registerUrl}>register Sendsmith with {label}</Link> (see the README),
              then paste its client ID above.
            </Text>
          )}
        </>
      )}
      {error && <AppErrorBar error={error} title="Sign-in" />}
    </div>
  )

  function SignInState({ status }: { status: OAuthStatus | null }) {
    if (!status) return null
    if (status.signedIn && !status.needsSignIn)
      return (
        <span className={`${styles.status} ${styles.ok}`}>
          <Checkmark16Regular /> Signed in
          {status.signedInAt && <Text size={200}> since {new Date(status.signedInAt).toLocaleString()}</Text>}
        </span>
      )
    return (
      <span className={`${styles.status} ${styles.warn}`}>
        <Warning16Regular /> {status.signedIn ? 'Sign-in needed again' : 'Not signed in yet'}
      </span>
    )
  }
}
