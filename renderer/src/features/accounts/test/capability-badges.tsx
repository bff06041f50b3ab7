import { Badge, makeStyles, tokens } from '@fluentui/react-components'
import type { Capabilities } from '../../../../../shared/contract'
import { bareList } from '../../../components/surface-styles'

const useStyles = makeStyles({
  list: {
    ...bareList,
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
  },
  absent: { color: tokens.colorNeutralForeground3 },
})

/** "25 MB" for a SIZE limit in bytes; 0 means the server set none. */
export function formatSizeLimit(bytes: number): string {
  if (bytes === 0) return 'no limit'
  const mb = bytes / (1024 * 1024)
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`
}

/** What the server announced after EHLO, as badges; missing extensions shown faded. */
export function CapabilityBadges({ capabilities }: { capabilities: Capabilities }) {
  const styles = useStyles()
  const flags: [string, boolean][] = [
    ['STARTTLS', capabilities.startTls],
    ['PIPELINING', capabilities.pipelining],
    ['8BITMIME', capabilities.eightBitMime],
    ['SMTPUTF8', capabilities.smtpUtf8],
  ]
  return (
    <ul className={styles.list} aria-label="Server capabilities" data-testid="capabilities">
      {capabilities.size !== null && (
        <li>
          <Badge appearance="tint" color="brand">
            SIZE {formatSizeLimit(capabilities.size)}
          </Badge>
        </li>
      )}
      {capabilities.authMechanisms.length > 0 ? (
        capabilities.authMechanisms.map((mechanism) => (
          <li key={mechanism}>
            <Badge appearance="tint" color="brand">
              AUTH {mechanism}
            </Badge>
          </li>
        ))
      ) : (
        <li>
          <Badge appearance="outline" color="informative" className={styles.absent}>
            no AUTH offered
          </Badge>
        </li>
      )}
      {flags.map(([name, offered]) => (
        <li key={name}>
          {offered ? (
            <Badge appearance="tint" color="brand">
              {name}
            </Badge>
          ) : (
            <Badge appearance="outline" color="informative" className={styles.absent} aria-label={`no ${name}`}>
              <s>{name}</s>
            </Badge>
          )}
        </li>
      ))}
    </ul>
  )
}
