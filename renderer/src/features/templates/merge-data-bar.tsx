import {
  Badge,
  Button,
  Caption1,
  Label,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  SpinButton,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { DatabaseRegular, DismissRegular } from '@fluentui/react-icons'
import type { DataFile, MissingVariable } from '../../../../shared/contract'

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  row: { width: '88px' },
  names: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, marginTop: tokens.spacingVerticalXS },
  name: { fontFamily: tokens.fontFamilyMonospace },
})

interface MergeDataBarProps {
  data: DataFile | null
  row: number
  onRow: (row: number) => void
  onOpen: () => void
  onClear: () => void
}

/** Merge data: open a JSON or CSV file, pick the row (CSV lines, JSON array items). */
export function MergeDataBar({ data, row, onRow, onOpen, onClear }: MergeDataBarProps) {
  const styles = useStyles()
  return (
    <div className={styles.bar} role="group" aria-label="Merge data">
      <Button size="small" icon={<DatabaseRegular />} onClick={onOpen}>
        {data ? 'Other data…' : 'Open data…'}
      </Button>
      {data ? (
        <>
          <Tooltip
            content={data.fields.length ? `Fields: ${data.fields.join(', ')}` : 'No fields'}
            relationship="description"
          >
            <Badge appearance="tint" color="brand" data-testid="data-file">
              {data.name}
            </Badge>
          </Tooltip>
          {data.rows !== null && (
            <>
              <Label htmlFor="merge-row" size="small">
                Row
              </Label>
              <SpinButton
                id="merge-row"
                size="small"
                className={styles.row}
                min={1}
                max={Math.max(1, data.rows)}
                value={row}
                onChange={(_, d) => onRow(clamp(d.value ?? Number(d.displayValue), data.rows ?? 1, row))}
              />
              <Caption1>{`of ${data.rows}`}</Caption1>
            </>
          )}
          <Button
            size="small"
            appearance="subtle"
            icon={<DismissRegular />}
            aria-label="Stop merging data"
            onClick={onClear}
          />
        </>
      ) : (
        <Caption1>No merge data: merge fields stay as written.</Caption1>
      )}
    </div>
  )
}

function clamp(value: number, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(1, Math.round(value)), Math.max(1, max)) : fallback
}

/** The variables the template uses that the data lacks; each jumps to its first line. */
export function MissingVariables({ missing, onJump }: { missing: MissingVariable[]; onJump: (line: number) => void }) {
  const styles = useStyles()
  if (missing.length === 0) return null
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="missing-variables">
      <MessageBarBody>
        <MessageBarTitle>
          {missing.length === 1 ? '1 variable is not in the data' : `${missing.length} variables are not in the data`}
        </MessageBarTitle>
        <div className={styles.names}>
          {missing.map((v) => (
            <Button
              key={v.name}
              size="small"
              appearance="outline"
              className={styles.name}
              onClick={() => onJump(v.lines[0] ?? 1)}
              title={`Lines ${v.lines.join(', ')}`}
            >
              {`${v.name} · line ${v.lines.join(', ')}`}
            </Button>
          ))}
        </div>
      </MessageBarBody>
    </MessageBar>
  )
}
