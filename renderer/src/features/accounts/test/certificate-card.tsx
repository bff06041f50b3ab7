import { Badge, Subtitle2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import { Certificate20Regular } from '@fluentui/react-icons'
import type { CertificateInfo } from '../../../../../shared/contract'
import { formatCertificateDate, hasExpired } from '../fingerprint'
import { FingerprintText } from '../fingerprint-text'
import { reportCard } from '../../../components/surface-styles'

const useStyles = makeStyles({
  card: reportCard,
  plain: { padding: 0, border: 'none', backgroundColor: 'transparent' },
  heading: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  icon: { color: tokens.colorBrandForeground1 },
  title: { margin: 0, marginRight: tokens.spacingHorizontalS },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  sans: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalM,
  },
})

const trustBadges: Record<CertificateInfo['trust'], { text: string; color: 'success' | 'brand' | 'danger' }> = {
  ca: { text: 'trusted by a certificate authority', color: 'success' },
  pinned: { text: 'trusted for this account', color: 'brand' },
  untrusted: { text: 'not trusted', color: 'danger' },
}

/** Everything about the server's certificate that helps decide whether to trust it. */
export function CertificateCard({
  certificate,
  plain = false,
  title = 'Server certificate',
}: {
  certificate: CertificateInfo
  plain?: boolean
  title?: string
}) {
  const styles = useStyles()
  const trust = trustBadges[certificate.trust]
  const expired = hasExpired(certificate.validTo)
  return (
    <section
      className={mergeClasses(styles.card, plain && styles.plain)}
      aria-label={title}
      data-testid="certificate-card"
    >
      <div className={styles.heading}>
        {!plain && <Certificate20Regular className={styles.icon} aria-hidden />}
        {!plain && (
          <Subtitle2 as="h3" className={styles.title}>
            {title}
          </Subtitle2>
        )}
        <div className={styles.badges}>
          <Badge appearance="tint" color={trust.color}>
            {trust.text}
          </Badge>
          <Badge appearance="tint" color={certificate.hostnameMatches ? 'success' : 'danger'}>
            {certificate.hostnameMatches ? 'name matches' : "name doesn't match"}
          </Badge>
          {certificate.selfSigned && (
            <Badge appearance="tint" color="warning">
              self-signed
            </Badge>
          )}
          {expired && (
            <Badge appearance="tint" color="danger">
              expired
            </Badge>
          )}
        </div>
      </div>
      <dl className={styles.facts}>
        <dt className={styles.term}>Subject</dt>
        <dd className={styles.value}>{certificate.subject}</dd>
        <dt className={styles.term}>Issuer</dt>
        <dd className={styles.value}>{certificate.issuer}</dd>
        <dt className={styles.term}>Valid from</dt>
        <dd className={styles.value}>{formatCertificateDate(certificate.validFrom)}</dd>
        <dt className={styles.term}>Valid to</dt>
        <dd className={styles.value}>{formatCertificateDate(certificate.validTo)}</dd>
        <dt className={styles.term}>Names</dt>
        <dd className={styles.value}>
          {certificate.subjectAltNames.length === 0 ? (
            'none'
          ) : (
            <ul className={mergeClasses(styles.sans, styles.mono)}>
              {certificate.subjectAltNames.map((name) => (
                <li key={name}>{name}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt className={styles.term}>SHA-256</dt>
        <dd className={styles.value} data-testid="certificate-fingerprint">
          <FingerprintText fingerprint={certificate.fingerprint} />
        </dd>
        {(certificate.protocol || certificate.cipher) && (
          <>
            <dt className={styles.term}>Connection</dt>
            <dd className={mergeClasses(styles.value, styles.mono)}>
              {[certificate.protocol, certificate.cipher].filter(Boolean).join(' · ')}
            </dd>
          </>
        )}
      </dl>
    </section>
  )
}
