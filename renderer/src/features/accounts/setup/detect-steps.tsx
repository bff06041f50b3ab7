import { Caption1, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import type { DetectStep } from '../../../../../shared/contract'
import { formatElapsed } from '../../../components/format-elapsed'
import { StepStatusIcon } from '../../../components/step-status-icon'
import { bareList, stepRow } from '../../../components/surface-styles'

const useStyles = makeStyles({
  list: { ...bareList, display: 'flex', flexDirection: 'column' },
  row: { ...stepRow, gridTemplateColumns: '20px minmax(140px, 200px) 1fr auto', alignItems: 'start' },
  label: { fontWeight: tokens.fontWeightSemibold },
  detail: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere', minWidth: 0 },
  pending: { color: tokens.colorNeutralForeground3 },
  time: {
    color: tokens.colorNeutralForeground3,
    fontVariantNumeric: 'tabular-nums',
    textAlign: 'right',
    whiteSpace: 'nowrap',
  },
})

/** The detect steps as they run: status, what was tried, what it found and how long it took. */
export function DetectSteps({ steps }: { steps: DetectStep[] }) {
  const styles = useStyles()
  return (
    <ol className={styles.list} aria-label="Detection steps">
      {steps.map((step) => (
        <li key={step.id} className={styles.row} data-testid={`detect-step-${step.id}`} data-status={step.status}>
          <StepStatusIcon status={step.status} />
          <Text className={styles.label}>{step.label}</Text>
          <Text className={mergeClasses(styles.detail, step.status === 'running' && styles.pending)}>
            {step.detail || (step.status === 'running' ? 'Working…' : '')}
          </Text>
          <Caption1 className={styles.time}>{step.status === 'running' ? '' : formatElapsed(step.elapsedMs)}</Caption1>
        </li>
      ))}
    </ol>
  )
}
