import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import type { SendResult } from '../../../shared/contract'
import { formatElapsed } from './format-elapsed'

const useStyles = makeStyles({
  details: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase200,
  },
  term: { color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  accepted: { color: tokens.colorPaletteGreenForeground1 },
  rejected: { color: tokens.colorPaletteRedForeground1 },
  list: { margin: 0, paddingLeft: 0, listStyleType: 'none' },
})

/** What the server said about one message: each recipient taken or refused (with its words), the final reply, the Message-ID and the time. */
export function SendDetails({ value }: { value: SendResult }) {
  const styles = useStyles()
  return (
    <dl className={styles.details}>
      <dt className={styles.term}>Accepted</dt>
      <dd className={styles.value}>
        {value.accepted.length === 0 ? (
          'none'
        ) : (
          <ul className={styles.list} aria-label="Accepted recipients">
            {value.accepted.map((address) => (
              <li key={address} className={styles.accepted}>
                {address}
              </li>
            ))}
          </ul>
        )}
      </dd>
      {value.rejected.length > 0 && (
        <>
          <dt className={styles.term}>Refused</dt>
          <dd className={styles.value}>
            <ul className={styles.list} aria-label="Refused recipients">
              {value.rejected.map((r) => (
                <li key={r.address} className={styles.rejected}>
                  {r.address}: <span className={styles.mono}>{r.response}</span>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt className={styles.term}>Server response</dt>
      <dd className={mergeClasses(styles.value, styles.mono)}>{value.response}</dd>
      <dt className={styles.term}>Message-ID</dt>
      <dd className={mergeClasses(styles.value, styles.mono)}>{value.messageId}</dd>
      <dt className={styles.term}>Time</dt>
      <dd className={styles.value}>{formatElapsed(value.elapsedMs)}</dd>
    </dl>
  )
}
