import { Spinner, makeStyles, tokens } from '@fluentui/react-components'
import {
  CheckmarkCircle20Filled,
  DismissCircle20Filled,
  Prohibited20Regular,
  SubtractCircle20Regular,
  Warning20Filled,
} from '@fluentui/react-icons'
import type { DetectStep, TestStep } from '../../../shared/contract'

/** Every status a detect or test step can report. */
export type StepStatus = DetectStep['status'] | TestStep['status']

const useStyles = makeStyles({
  icon: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '20px',
    height: '20px',
    flexShrink: 0,
  },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteMarigoldForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
})

/** The words a screen reader says for each status (also the icon's tooltip). */
export const stepStatusLabels: Record<StepStatus, string> = {
  running: 'Running',
  ok: 'Passed',
  found: 'Found',
  nothing: 'Nothing found',
  skipped: 'Skipped',
  warning: 'Warning',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

/** Spinner, check, minus or cross for one step. */
export function StepStatusIcon({ status }: { status: StepStatus }) {
  const styles = useStyles()
  const label = stepStatusLabels[status]
  const icon = (() => {
    switch (status) {
      case 'running':
        return <Spinner size="extra-tiny" />
      case 'ok':
      case 'found':
        return <CheckmarkCircle20Filled className={styles.ok} />
      case 'warning':
        return <Warning20Filled className={styles.warning} />
      case 'failed':
        return <DismissCircle20Filled className={styles.failed} />
      case 'cancelled':
        return <Prohibited20Regular className={styles.muted} />
      default:
        return <SubtractCircle20Regular className={styles.muted} />
    }
  })()
  return (
    <span role="img" aria-label={label} title={label} className={styles.icon}>
      {icon}
    </span>
  )
}
