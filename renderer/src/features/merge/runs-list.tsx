import {
  Badge,
  Button,
  Caption1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { runStateLabels } from './run-view'
import type { RunStatus } from './use-merge'

const useStyles = makeStyles({
  table: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  numbers: { fontVariantNumeric: 'tabular-nums' },
})

/** Every run (merge:list), newest first: open one to see its results, resume a paused or interrupted one. */
export function RunsList({
  runs,
  onOpen,
  onResume,
}: {
  runs: RunStatus[]
  onOpen: (runId: string) => void
  onResume: (runId: string) => void
}) {
  const styles = useStyles()
  if (runs.length === 0) return <Text>No merges yet. Set one up under New merge.</Text>
  return (
    <Table aria-label="Merge runs" size="small" className={styles.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Started</TableHeaderCell>
          <TableHeaderCell>Subject</TableHeaderCell>
          <TableHeaderCell>State</TableHeaderCell>
          <TableHeaderCell>Sent</TableHeaderCell>
          <TableHeaderCell>Failed · uncertain · skipped</TableHeaderCell>
          <TableHeaderCell />
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((run) => (
          <TableRow key={run.runId}>
            <TableCell>{new Date(run.createdAt).toLocaleString()}</TableCell>
            <TableCell>{run.subject}</TableCell>
            <TableCell>
              <Badge appearance="tint" color={runStateLabels[run.state].color}>
                {runStateLabels[run.state].text}
              </Badge>
            </TableCell>
            <TableCell className={styles.numbers}>
              {run.sent.toLocaleString()}{' '}
              <Caption1 className={styles.muted}>of {(run.total - run.skipped).toLocaleString()}</Caption1>
            </TableCell>
            <TableCell className={styles.numbers}>
              {run.failed} · {run.uncertain} · {run.skipped}
            </TableCell>
            <TableCell>
              <div className={styles.actions}>
                <Button size="small" onClick={() => onOpen(run.runId)}>
                  Open
                </Button>
                {(run.state === 'paused' || run.state === 'interrupted') && (
                  <Button size="small" appearance="primary" onClick={() => onResume(run.runId)}>
                    Resume
                  </Button>
                )}
              </div>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
