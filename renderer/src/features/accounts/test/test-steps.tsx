import { Fragment, useState } from 'react'
import { Button, Caption1, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import { ChevronDown16Regular, ChevronRight16Regular } from '@fluentui/react-icons'
import type { TestStep } from '../../../../../shared/contract'
import { formatElapsed } from '../../../components/format-elapsed'
import { StepStatusIcon } from '../../../components/step-status-icon'
import { bareList, stepRow } from '../../../components/surface-styles'

const useStyles = makeStyles({
  list: { ...bareList, display: 'flex', flexDirection: 'column' },
  row: { ...stepRow, gridTemplateColumns: '20px minmax(120px, 180px) 1fr auto 28px', alignItems: 'center' },
  failed: { backgroundColor: tokens.colorPaletteRedBackground1 },
  label: { fontWeight: tokens.fontWeightSemibold },
  summary: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere', minWidth: 0 },
  time: {
    color: tokens.colorNeutralForeground3,
    fontVariantNumeric: 'tabular-nums',
    textAlign: 'right',
    whiteSpace: 'nowrap',
  },
  details: {
    gridColumn: '2 / -1',
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXXS,
    margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalXS}`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase200,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: {
    margin: 0,
    minWidth: 0,
    fontFamily: tokens.fontFamilyMonospace,
    overflowWrap: 'anywhere',
    whiteSpace: 'pre-wrap',
  },
  prose: { fontFamily: tokens.fontFamilyBase },
})

/** Advice reads as a sentence; addresses, ciphers and replies stay monospace. */
const isProse = (value: string) => /[.!?]$/.test(value.trim()) && value.trim().split(/\s+/).length > 5

/** The test's steps in order, each with status, one-line summary, time and details to unfold. */
export function TestSteps({ steps }: { steps: TestStep[] }) {
  const styles = useStyles()
  // What the user unfolded or folded; a failed step starts unfolded.
  const [toggled, setToggled] = useState<Record<string, boolean>>({})

  return (
    <ol className={styles.list} aria-label="Test steps">
      {steps.map((step) => {
        const expanded = toggled[step.id] ?? step.status === 'failed'
        const detailsId = `test-step-details-${step.id}`
        return (
          <li
            key={step.id}
            className={mergeClasses(styles.row, step.status === 'failed' && styles.failed)}
            data-testid={`test-step-${step.id}`}
            data-status={step.status}
          >
            <StepStatusIcon status={step.status} />
            <Text className={styles.label}>{step.label}</Text>
            <Text className={styles.summary}>{step.summary || (step.status === 'running' ? 'Working…' : '')}</Text>
            <Caption1 className={styles.time}>
              {step.status === 'running' ? '' : formatElapsed(step.elapsedMs)}
            </Caption1>
            {step.details.length > 0 ? (
              <Button
                appearance="subtle"
                size="small"
                icon={expanded ? <ChevronDown16Regular /> : <ChevronRight16Regular />}
                aria-expanded={expanded}
                aria-controls={detailsId}
                aria-label={`Details: ${step.label}`}
                title={expanded ? 'Hide details' : 'Show details'}
                onClick={() => setToggled((current) => ({ ...current, [step.id]: !expanded }))}
              />
            ) : (
              <span />
            )}
            {expanded && step.details.length > 0 && (
              <dl className={styles.details} id={detailsId}>
                {step.details.map((detail, index) => (
                  <Fragment key={index}>
                    <dt className={styles.term}>{detail.label}</dt>
                    <dd className={mergeClasses(styles.value, isProse(detail.value) && styles.prose)}>
                      {detail.value}
                    </dd>
                  </Fragment>
                ))}
              </dl>
            )}
          </li>
        )
      })}
    </ol>
  )
}
