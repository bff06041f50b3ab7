import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import {
  Badge,
  Button,
  Caption1,
  Card,
  Select,
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
import { ArrowDownload20Regular, ArrowSync20Regular, Copy20Regular } from '@fluentui/react-icons'
import type { AppError } from '../../../../shared/contract'
import { AppErrorBar } from '../../components/app-error-bar'
import { useCopyToClipboard } from '../../components/copy-to-clipboard'
import { parseResults, type ResultRow, type ResultStatus } from './merge-results'
import type { MergeData, RunStatus } from './use-merge'
import { downloadText } from '../../components/download-file'

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  head: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  grow: { flexGrow: 1, margin: 0 },
  // Keyboard users scroll the list too: the box itself takes focus.
  scroll: {
    maxHeight: '420px',
    overflowY: 'auto',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  rowCell: { width: '64px' },
  statusCell: { width: '180px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
})

const statusLabels: Record<
  ResultStatus,
  { text: string; color: 'success' | 'danger' | 'severe' | 'subtle' | 'informative' }
> = {
  sent: { text: 'Sent', color: 'success' },
  failed: { text: 'Failed', color: 'danger' },
  uncertain: { text: 'May have been delivered', color: 'severe' },
  skipped: { text: 'Skipped (invalid)', color: 'subtle' },
  pending: { text: 'Not sent yet', color: 'informative' },
}

/** Rows drawn at once; the export has them all. */
const shownRows = 500

/** The per-recipient results (merge:results), filterable, with CSV export (a download, or a copy). */
export function ResultsTable({ run, merge }: { run: RunStatus; merge: MergeData }) {
  const styles = useStyles()
  const [csv, setCsv] = useState<string | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [filter, setFilter] = useState<ResultStatus | 'all'>('all')
  const { state: copyState, copy } = useCopyToClipboard()
  const { results } = merge

  const load = useCallback(async () => {
    const result = await results(run.runId)
    if (result.ok) {
      setCsv(result.value.csv)
      setError(null)
    } else setError(result.error)
  }, [results, run.runId])

  // Fresh on every change of state or count, at most about once a second (the whole CSV is read each time).
  const done = run.sent + run.failed + run.uncertain
  const lastLoad = useRef(0)
  useEffect(() => {
    const wait = Math.max(0, lastLoad.current + (run.total > 20_000 ? 10_000 : 500) - Date.now())
    const timer = setTimeout(() => {
      lastLoad.current = Date.now()
      void load()
    }, wait)
    return () => clearTimeout(timer)
  }, [load, run.state, run.total, done])

  // The journal's "sending" reads as uncertain until the reply is in; in a live run that is just a message under way.
  const inFlight = (r: ResultRow) => run.state === 'sending' && r.status === 'uncertain' && r.error === ''
  const rows: ResultRow[] = useMemo(() => (csv ? parseResults(csv) : []), [csv])
  const filtered = useMemo(() => (filter === 'all' ? rows : rows.filter((r) => r.status === filter)), [rows, filter])

  const download = () => {
    if (!csv) return
    downloadText(
      csv,
      `merge-results-${run.createdAt.slice(0, 10)}-${run.runId.slice(0, 8)}.csv`,
      'text/csv;charset=utf-8',
    )
  }

  return (
    <Card className={styles.card}>
      <div className={styles.head}>
        <Text as="h3" weight="semibold" size={400} className={styles.grow}>
          Results
        </Text>
        <Select aria-label="Show" value={filter} onChange={(_, d) => setFilter(d.value as ResultStatus | 'all')}>
          <option value="all">All rows</option>
          {Object.entries(statusLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label.text}
            </option>
          ))}
        </Select>
        <Button icon={<ArrowSync20Regular />} onClick={() => void load()}>
          Refresh
        </Button>
        <Button icon={<ArrowDownload20Regular />} disabled={!csv} onClick={download}>
          Export CSV
        </Button>
        <Button icon={<Copy20Regular />} disabled={!csv} onClick={() => csv && void copy(csv)}>
          {copyState === 'copied' ? 'Copied' : copyState === 'failed' ? 'Copy failed' : 'Copy CSV'}
        </Button>
      </div>
      {error && <AppErrorBar title="The results could not be read" error={error} />}
      <div className={styles.scroll} tabIndex={0} role="region" aria-label="Results, scrollable">
        <Table aria-label="Results" size="small" className={styles.table} data-testid="merge-results">
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.rowCell}>Row</TableHeaderCell>
              <TableHeaderCell>Address</TableHeaderCell>
              <TableHeaderCell className={styles.statusCell}>Status</TableHeaderCell>
              <TableHeaderCell>Server reply / problem</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {filtered.slice(0, shownRows).map((r) => (
              <TableRow key={r.row} data-status={r.status}>
                <TableCell className={styles.rowCell}>{r.row}</TableCell>
                <TableCell className={styles.mono}>{r.address}</TableCell>
                <TableCell className={styles.statusCell}>
                  {inFlight(r) ? (
                    <Badge appearance="tint" color="brand">
                      Sending
                    </Badge>
                  ) : (
                    <Badge appearance="tint" color={statusLabels[r.status]?.color ?? 'informative'}>
                      {statusLabels[r.status]?.text ?? r.status}
                    </Badge>
                  )}
                </TableCell>
                <TableCell className={styles.mono}>{r.error || r.response}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {filtered.length > shownRows && (
        <Caption1 className={styles.muted}>
          Showing {shownRows} of {filtered.length.toLocaleString()} rows; Export CSV has them all.
        </Caption1>
      )}
      {csv !== null && filtered.length === 0 && <Caption1 className={styles.muted}>No rows here.</Caption1>}
    </Card>
  )
}
