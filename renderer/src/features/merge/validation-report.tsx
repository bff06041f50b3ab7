import {
  Badge,
  Caption1,
  MessageBar,
  MessageBarBody,
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
import type { MergeValidation } from '../../../../shared/contract'

const useStyles = makeStyles({
  report: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalS,
  },
  summary: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  table: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  // Keyboard users scroll the list too: the box itself takes focus.
  scroll: {
    maxHeight: '260px',
    overflowY: 'auto',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  rowCell: { width: '72px' },
  address: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  problem: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
})

/** merge:validate's answer: counts, warnings, and every listed invalid row with its row number and reasons. */
export function ValidationReport({ validation }: { validation: MergeValidation }) {
  const styles = useStyles()
  const { total, valid, invalid, invalidRows, warnings, addressColumn, requiredFields } = validation
  return (
    <div className={styles.report} data-testid="merge-validation">
      <div className={styles.summary}>
        <Text weight="semibold">{total.toLocaleString()} rows checked:</Text>
        <Badge appearance="tint" color="success">
          {valid.toLocaleString()} ready to send
        </Badge>
        {invalid > 0 && (
          <Badge appearance="tint" color="danger">
            {invalid.toLocaleString()} invalid
          </Badge>
        )}
        {(validation.suppressed ?? 0) > 0 && (
          <Badge appearance="tint" color="warning">
            {validation.suppressed!.toLocaleString()} skipped: suppressed
          </Badge>
        )}
        <Caption1 className={styles.muted}>
          Addresses from “{addressColumn}”
          {requiredFields.length > 0 ? `; every row must fill ${requiredFields.join(', ')}` : ''}.
        </Caption1>
      </div>
      {warnings.map((w) => (
        <MessageBar key={w} intent="warning">
          <MessageBarBody>{w}</MessageBarBody>
        </MessageBar>
      ))}
      {invalidRows.length > 0 && (
        <div className={styles.scroll} tabIndex={0} role="region" aria-label="Invalid rows, scrollable">
          <Table aria-label="Invalid rows" size="small" className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.rowCell}>Row</TableHeaderCell>
                <TableHeaderCell>Address</TableHeaderCell>
                <TableHeaderCell>Problem</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {invalidRows.map((r) => (
                <TableRow key={r.row}>
                  <TableCell className={styles.rowCell}>{r.row}</TableCell>
                  <TableCell className={styles.address}>
                    {r.address ?? <span className={styles.muted}>(empty)</span>}
                  </TableCell>
                  <TableCell className={styles.problem}>{r.problems.join('; ')}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {(validation.suppressedRows ?? []).length > 0 && (
        <div className={styles.scroll}>
          <Table aria-label="Suppressed rows" size="small" className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.rowCell}>Row</TableHeaderCell>
                <TableHeaderCell>Address</TableHeaderCell>
                <TableHeaderCell>Skipped, never sent</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {validation.suppressedRows!.map((r) => (
                <TableRow key={r.row}>
                  <TableCell className={styles.rowCell}>{r.row}</TableCell>
                  <TableCell className={styles.address}>{r.address}</TableCell>
                  <TableCell>{r.problems.join('; ')}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {invalid > invalidRows.length && (
        <Caption1 className={styles.muted}>
          The first {invalidRows.length.toLocaleString()} invalid rows are listed; the results of the run list them all.
        </Caption1>
      )}
    </div>
  )
}
