import {
  Badge,
  Caption1,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Subtitle2,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components'
import { CheckmarkStarburst16Filled } from '@fluentui/react-icons'
import type { ServerCandidate } from '../../../../../shared/contract'
import { securityLabels } from '../security-labels'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  title: { margin: 0 },
  settings: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  notes: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  others: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  othersTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  candidate: { display: 'flex', flexDirection: 'column' },
  candidateLine: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
})

/** "From autoconfig.example.test", "Guessed from example.com": where a suggestion came from, in words. */
export function candidateSource(candidate: ServerCandidate): string {
  const detail = candidate.sourceDetail.trim()
  // A detail that is already a phrase ("guessed from …", "from …") reads as is, capitalised.
  if (/^(from\b|[a-z]+ed\b)/i.test(detail)) return detail.charAt(0).toUpperCase() + detail.slice(1)
  return `From ${detail}`
}

interface DetectedSettingsProps {
  candidates: ServerCandidate[]
  /** Index into candidates of the one shown and used. */
  selectedIndex: number
  onSelect: (index: number) => void
  /** The address the user typed, the user name when the source names none. */
  email: string
}

/** The settings autodetect suggests, where they came from, and the other servers it found. */
export function DetectedSettings({ candidates, selectedIndex, onSelect, email }: DetectedSettingsProps) {
  const styles = useStyles()
  const selected = candidates[selectedIndex] ?? candidates[0]
  return (
    <section className={styles.root} aria-labelledby="detected-settings-title" data-testid="detected-settings">
      <div className={styles.heading}>
        <Subtitle2 as="h3" id="detected-settings-title" className={styles.title}>
          Settings found
        </Subtitle2>
        {selected.verified ? (
          <Badge appearance="tint" color="success" icon={<CheckmarkStarburst16Filled />}>
            verified
          </Badge>
        ) : (
          <Badge appearance="outline" color="informative">
            not verified
          </Badge>
        )}
      </div>
      <dl className={styles.settings} aria-label="Suggested settings">
        <dt className={styles.term}>Server</dt>
        <dd className={mergeClasses(styles.value, styles.mono)}>{selected.host}</dd>
        <dt className={styles.term}>Port</dt>
        <dd className={mergeClasses(styles.value, styles.mono)}>{selected.port}</dd>
        <dt className={styles.term}>Security</dt>
        <dd className={styles.value}>{securityLabels[selected.security]}</dd>
        <dt className={styles.term}>User name</dt>
        <dd className={mergeClasses(styles.value, styles.mono)}>{selected.username ?? email}</dd>
        {selected.authMethod && selected.authMethod !== 'auto' && (
          <>
            <dt className={styles.term}>Sign-in method</dt>
            <dd className={styles.value}>{selected.authMethod}</dd>
          </>
        )}
        <dt className={styles.term}>Source</dt>
        <dd className={styles.value}>{candidateSource(selected)}</dd>
      </dl>

      {selected.notes.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {selected.notes.length === 1 ? (
              selected.notes[0]
            ) : (
              <ul className={styles.notes}>
                {selected.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}

      {candidates.length > 1 && (
        <div className={styles.others}>
          <h4 className={styles.othersTitle} id="server-candidates-title">
            Servers found ({candidates.length})
          </h4>
          <RadioGroup
            aria-labelledby="server-candidates-title"
            value={String(selectedIndex)}
            onChange={(_, d) => onSelect(Number(d.value))}
          >
            {candidates.map((c, index) => (
              <Radio
                // Two sources may suggest the same server: the position tells them apart.
                key={index}
                value={String(index)}
                label={
                  <span className={styles.candidate}>
                    <span className={styles.candidateLine}>
                      <Text className={styles.mono}>
                        {c.host}:{c.port}
                      </Text>
                      <Text>· {securityLabels[c.security]}</Text>
                      {c.verified && (
                        <Badge size="small" appearance="tint" color="success">
                          verified
                        </Badge>
                      )}
                    </span>
                    <Caption1 className={styles.muted}>{candidateSource(c)}</Caption1>
                  </span>
                }
              />
            ))}
          </RadioGroup>
        </div>
      )}
    </section>
  )
}
