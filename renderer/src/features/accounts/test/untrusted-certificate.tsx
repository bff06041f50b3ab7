import { Button, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components'
import { ShieldCheckmark20Regular, ShieldError24Filled } from '@fluentui/react-icons'
import type { CertificateInfo } from '../../../../../shared/contract'
import { CertificateCard } from './certificate-card'

const useStyles = makeStyles({
  card: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorPaletteYellowBackground1,
    border: `1px solid ${tokens.colorPaletteYellowBorder2}`,
    borderLeft: `4px solid ${tokens.colorPaletteMarigoldBorderActive}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  icon: { color: tokens.colorPaletteMarigoldForeground1 },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  title: { margin: 0 },
  reason: { color: tokens.colorNeutralForeground1 },
  details: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
})

interface UntrustedCertificateProps {
  certificate: CertificateInfo
  accountName: string
  onTrust: () => void
  onDismiss: () => void
}

/** The prompt a refused certificate gets: why, every field, and the choice to trust it for this account. */
export function UntrustedCertificate({ certificate, accountName, onTrust, onDismiss }: UntrustedCertificateProps) {
  const styles = useStyles()
  return (
    <section className={styles.card} aria-labelledby="untrusted-certificate-title" data-testid="untrusted-certificate">
      <ShieldError24Filled className={styles.icon} aria-hidden />
      <div className={styles.body}>
        <Subtitle2 as="h3" id="untrusted-certificate-title" className={styles.title}>
          This server&apos;s certificate is not trusted
        </Subtitle2>
        <Text className={styles.reason}>
          {asSentence(certificate.untrustedReason ?? 'No certificate authority known to this computer vouches for it')}{' '}
          Someone could be impersonating the server — or it uses its own certificate, as test and company servers often
          do. Trust it only if you know this is the right server.
        </Text>
        <div className={styles.details}>
          <CertificateCard certificate={certificate} plain title="Certificate presented" />
        </div>
        <div className={styles.buttons}>
          <Button appearance="primary" icon={<ShieldCheckmark20Regular />} onClick={onTrust}>
            Trust this certificate for {accountName}
          </Button>
          <Button onClick={onDismiss}>Don&apos;t trust</Button>
        </div>
      </div>
    </section>
  )
}

/** The service's reason is a clause; shown before more text it needs its full stop. */
function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}
