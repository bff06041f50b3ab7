import {
  Badge,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { EnvelopeCheck } from '../../../../../shared/contract'

const useStyles = makeStyles({
  table: { tableLayout: 'auto' },
  address: { overflowWrap: 'anywhere' },
  response: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  nowrap: { whiteSpace: 'nowrap' },
})

/** Whether the server would take each sender (MAIL FROM) and recipient (RCPT TO), and what it said. */
export function EnvelopeTable({ checks }: { checks: EnvelopeCheck[] }) {
  const styles = useStyles()
  return (
    <Table size="small" className={styles.table} aria-label="Envelope checks" data-testid="envelope-checks">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Address</TableHeaderCell>
          <TableHeaderCell>Checked as</TableHeaderCell>
          <TableHeaderCell>Result</TableHeaderCell>
          <TableHeaderCell>Server response</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {checks.map((check, index) => (
          <TableRow key={`${check.kind}:${check.address}:${index}`}>
            <TableCell className={styles.address}>{check.address}</TableCell>
            <TableCell className={styles.nowrap}>{check.kind === 'sender' ? 'MAIL FROM' : 'RCPT TO'}</TableCell>
            <TableCell className={styles.nowrap}>
              <Badge appearance="tint" color={check.accepted ? 'success' : 'danger'}>
                {check.accepted ? 'accepted' : 'refused'}
              </Badge>
            </TableCell>
            <TableCell className={styles.response}>{check.response}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
