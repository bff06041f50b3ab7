import { useEffect, useState, type ChangeEvent } from 'react'
import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { Checkmark16Regular, Copy16Regular } from '@fluentui/react-icons'
import type { Account, AppError, DkimRecord, DkimSettings } from '../../../../shared/contract'
import { AppErrorBar } from '../../components/app-error-bar'
import { BusyButton } from '../../components/busy-button'
import { useCopyToClipboard } from '../../components/copy-to-clipboard'
import { sendsmith, settle } from '../../sendsmith'
import { useSectionStyles } from './account-form-sections'

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  record: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr auto',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    alignItems: 'start',
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold, paddingTop: tokens.spacingVerticalXXS },
  value: {
    margin: 0,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
    paddingTop: tokens.spacingVerticalXXS,
  },
  copy: { margin: 0 },
  pem: { fontFamily: tokens.fontFamilyMonospace },
})

function CopyButton({ text, label }: { text: string; label: string }) {
  const { state, copy } = useCopyToClipboard()
  const shown = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'
  return (
    <Button
      type="button"
      size="small"
      icon={state === 'copied' ? <Checkmark16Regular /> : <Copy16Regular />}
      onClick={() => void copy(text)}
      aria-label={`${shown}: ${label}`}
    >
      {shown}
    </Button>
  )
}

const fromDomain = (email: string) => email.split('@').pop()?.toLowerCase() ?? ''

/**
 * DKIM signing for a saved account: generate a 2048-bit key or import a PEM key, the TXT record to
 * publish, and Turn off. It acts at once through `dkim:*` (not on Save). The private key goes to main
 * (and its keychain) only when imported, and main never sends one back: the window only sees the record.
 */
export function DkimSection({ account, onChanged }: { account?: Account; onChanged?: () => void }) {
  const sectionStyles = useSectionStyles()
  const styles = useStyles()
  const [dkim, setDkim] = useState<DkimSettings | undefined>(account?.dkim)
  const [record, setRecord] = useState<DkimRecord | undefined>(undefined)
  const [domain, setDomain] = useState(account?.dkim?.domain ?? fromDomain(account?.email ?? ''))
  const [selector, setSelector] = useState(account?.dkim?.selector ?? 'sendsmith1')
  const [importing, setImporting] = useState(false)
  const [pem, setPem] = useState('')
  const [busy, setBusy] = useState<'generate' | 'import' | 'off' | undefined>(undefined)
  const [error, setError] = useState<AppError | undefined>(undefined)
  const accountId = account?.id

  // A key saved earlier: show its record (the public half only).
  useEffect(() => {
    if (!accountId || !account?.dkim) return
    let live = true
    void settle(sendsmith().dkim.record({ accountId })).then((result) => {
      if (live && result.ok) setRecord(result.value)
    })
    return () => {
      live = false
    }
  }, [accountId, account?.dkim])

  const configure = async (how: 'generate' | 'import') => {
    if (!accountId) return
    setBusy(how)
    setError(undefined)
    const result = await settle(
      sendsmith().dkim.configure({
        accountId,
        domain,
        selector,
        ...(how === 'generate' ? { bits: 2048 as const } : { privateKeyPem: pem }),
      }),
    )
    setBusy(undefined)
    if (!result.ok) return setError(result.error)
    setDkim(result.value.account.dkim)
    setRecord(result.value.record)
    onChanged?.()
    setPem('')
    setImporting(false)
  }

  const turnOff = async () => {
    if (!accountId) return
    setBusy('off')
    setError(undefined)
    const result = await settle(sendsmith().dkim.off({ accountId }))
    setBusy(undefined)
    if (!result.ok) return setError(result.error)
    setDkim(undefined)
    setRecord(undefined)
    onChanged?.()
  }

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (file) setPem(await file.text())
  }

  return (
    <section className={sectionStyles.section} aria-labelledby="dkim-title">
      <h4 className={sectionStyles.sectionTitle} id="dkim-title">
        DKIM signing
      </h4>
      {!account ? (
        <Caption1>Save the account first; then you can generate or import a DKIM key here.</Caption1>
      ) : (
        <>
          <Text data-testid="dkim-state">
            {dkim
              ? `Signing as d=${dkim.domain} s=${dkim.selector}`
              : 'Off: messages from this account are not signed.'}
          </Text>
          <div className={styles.row}>
            <Field label="DKIM domain" hint="Usually the domain of the From address.">
              <Input value={domain} onChange={(_, d) => setDomain(d.value)} />
            </Field>
            <Field label="Selector" hint="Any name; it becomes selector._domainkey.domain.">
              <Input value={selector} onChange={(_, d) => setSelector(d.value)} />
            </Field>
          </div>
          {importing && (
            <>
              <Field
                label="Private key (PEM)"
                hint="Paste the key, or open a .pem file. It is kept in the system keychain."
              >
                <Textarea
                  className={styles.pem}
                  value={pem}
                  onChange={(_, d) => setPem(d.value)}
                  rows={4}
                  placeholder="-----BEGIN …-----"
                />
              </Field>
              <div className={styles.buttons}>
                <Field label="Key file">
                  <input type="file" accept=".pem,.key,.txt" onChange={(e) => void readFile(e)} />
                </Field>
              </div>
            </>
          )}
          <div className={styles.buttons}>
            {importing ? (
              <>
                <BusyButton
                  type="button"
                  appearance="primary"
                  busy={busy === 'import'}
                  disabled={busy !== undefined || pem.trim() === ''}
                  onClick={() => void configure('import')}
                >
                  Import key
                </BusyButton>
                <Button type="button" onClick={() => (setImporting(false), setPem(''))} disabled={busy !== undefined}>
                  Cancel import
                </Button>
              </>
            ) : (
              <>
                <BusyButton
                  type="button"
                  busy={busy === 'generate'}
                  disabled={busy !== undefined}
                  onClick={() => void configure('generate')}
                >
                  {dkim ? 'Generate a new 2048-bit key' : 'Generate 2048-bit key'}
                </BusyButton>
                <Button type="button" onClick={() => setImporting(true)} disabled={busy !== undefined}>
                  Import a PEM key…
                </Button>
              </>
            )}
            {dkim && (
              <BusyButton
                type="button"
                busy={busy === 'off'}
                disabled={busy !== undefined}
                onClick={() => void turnOff()}
              >
                Turn off
              </BusyButton>
            )}
          </div>
          {error && <AppErrorBar title="DKIM not changed" error={error} />}
          {dkim && record && (
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>
                <dl className={styles.record} aria-label="DKIM DNS record">
                  <dt className={styles.term}>Name</dt>
                  <dd className={styles.value} data-testid="dkim-record-name">
                    {record.name}
                  </dd>
                  <dd className={styles.copy}>
                    <CopyButton text={record.name} label="record name" />
                  </dd>
                  <dt className={styles.term}>TXT value</dt>
                  <dd className={styles.value} data-testid="dkim-record-value">
                    {record.value}
                  </dd>
                  <dd className={styles.copy}>
                    <CopyButton text={record.value} label="record value" />
                  </dd>
                </dl>
                <Caption1>
                  Publish this TXT record in the DNS of {dkim.domain}, where the domain’s records are managed (your
                  registrar or DNS host). Receivers verify the signature with it; check it on the Deliverability screen
                  once it is live.
                </Caption1>
              </MessageBarBody>
            </MessageBar>
          )}
        </>
      )}
    </section>
  )
}
