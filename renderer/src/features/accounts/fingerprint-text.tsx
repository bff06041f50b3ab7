import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import { groupFingerprint } from './fingerprint'

const useStyles = makeStyles({
  root: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, letterSpacing: '0.02em' },
  line: { display: 'block', whiteSpace: 'nowrap', wordSpacing: '0.3em' },
})

/** A SHA-256 fingerprint in two lines of eight groups, the way it is read aloud and compared. */
export function FingerprintText({ fingerprint, className }: { fingerprint: string; className?: string }) {
  const styles = useStyles()
  const groups = groupFingerprint(fingerprint).split(' ')
  const lines = [groups.slice(0, 8), groups.slice(8)].filter((line) => line.length > 0)
  return (
    <span
      className={mergeClasses(styles.root, className)}
      aria-label={`SHA-256 ${groups.join(' ')}`}
      data-fingerprint={fingerprint}
    >
      {lines.map((line, index) => (
        <span key={index} className={styles.line}>
          {line.join(' ')}
        </span>
      ))}
    </span>
  )
}
