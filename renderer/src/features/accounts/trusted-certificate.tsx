import { useState } from 'react'
import { Caption1, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components'
import { Certificate20Regular, ShieldDismiss20Regular } from '@fluentui/react-icons'
import type { Account, AppError, Result, TrustedCertificate } from '../../../../shared/contract'
import { AppErrorBar, accountErrorTitle } from '../../components/app-error-bar'
import { formatCertificateDate } from './fingerprint'
import { FingerprintText } from './fingerprint-text'
import { BusyButton } from '../../components/busy-button'

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr auto',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalS,
    alignItems: 'start',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground2,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  icon: { color: tokens.colorBrandForeground1, marginTop: '2px' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    minWidth: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  full: { gridColumn: '1 / -1' },
})

interface TrustedCertificateProps {
  accountId: string
  certificate: TrustedCertificate
  /** True when the host or port was edited: saving then forgets the pinned certificate. */
  serverChanged: boolean
  onUntrust: (accountId: string) => Promise<Result<Account>>
  onRevoked: () => void
}

/** The one certificate this account trusts beyond the usual authorities, with a way to revoke it. */
export function TrustedCertificateSection({
  accountId,
  certificate,
  serverChanged,
  onUntrust,
  onRevoked,
}: TrustedCertificateProps) {
  const styles = useStyles()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError | null>(null)

  const revoke = async () => {
    setBusy(true)
    const result = await onUntrust(accountId)
    setBusy(false)
    if (result.ok) onRevoked()
    else setError(result.error)
  }

  return (
    <div className={styles.root} data-testid="trusted-certificate">
      <Certificate20Regular className={styles.icon} aria-hidden />
      <dl className={styles.facts} aria-label="Trusted certificate">
        <dt className={styles.term}>Subject</dt>
        <dd className={styles.value}>{certificate.subject}</dd>
        <dt className={styles.term}>SHA-256</dt>
        <dd className={styles.value}>
          <FingerprintText fingerprint={certificate.fingerprint} />
        </dd>
        <dt className={styles.term}>Valid to</dt>
        <dd className={styles.value}>{formatCertificateDate(certificate.validTo)}</dd>
        <dt className={styles.term}>Trusted on</dt>
        <dd className={styles.value}>{formatCertificateDate(certificate.trustedAt)}</dd>
      </dl>
      <BusyButton icon={<ShieldDismiss20Regular />} busy={busy} onClick={() => void revoke()}>
        Revoke
      </BusyButton>
      <Caption1 className={styles.full}>
        Only this account trusts this certificate; any other certificate from the server is refused unless a certificate
        authority vouches for it.
      </Caption1>
      {serverChanged && (
        <MessageBar intent="warning" className={styles.full}>
          <MessageBarBody>You changed the server or port: saving forgets this certificate.</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <div className={styles.full}>
          <AppErrorBar title={accountErrorTitle(error)} error={error} />
        </div>
      )}
    </div>
  )
}
