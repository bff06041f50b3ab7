import { useCallback, useEffect, useState } from 'react'
import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { Delete16Regular } from '@fluentui/react-icons'
import type { AppError, SuppressionEntry, SuppressionReason } from '../../../../shared/contract'
import { AppErrorBar } from '../../components/app-error-bar'
import { sendsmith, settle } from '../../sendsmith'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  title: { margin: 0 },
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  address: { minWidth: '280px' },
  cell: { overflowWrap: 'anywhere' },
})

const reasons: { value: SuppressionReason; label: string }[] = [
  { value: 'unsubscribed', label: 'Unsubscribed' },
  { value: 'bounced', label: 'Bounced for good' },
  { value: 'complained', label: 'Complained (spam report)' },
  { value: 'manual', label: 'Added by hand' },
]

/** The suppression list: addresses no merge sends to again, shown as "skipped: suppressed" in a merge. */
export function SuppressionPanel({ visible }: { visible: boolean }) {
  const styles = useStyles()
  const [entries, setEntries] = useState<SuppressionEntry[] | null>(null)
  const [address, setAddress] = useState('')
  const [reason, setReason] = useState<SuppressionReason>('unsubscribed')
  const [error, setError] = useState<AppError | null>(null)

  const reload = useCallback(async () => {
    const result = await settle(sendsmith().suppression.list({}))
    if (result.ok) setEntries(result.value)
    else setError(result.error)
  }, [])
  useEffect(() => {
    if (visible) void reload()
  }, [visible, reload])

  const add = async () => {
    const addresses = address
      .split(/[\s,;]+/)
      .map((a) => a.trim())
      .filter(Boolean)
    const result = await settle(sendsmith().suppression.add({ addresses, reason }))
    if (!result.ok) return setError(result.error)
    setError(null)
    setAddress('')
    await reload()
  }
  const remove = async (entry: SuppressionEntry) => {
    const result = await settle(sendsmith().suppression.remove({ addresses: [entry.address] }))
    if (!result.ok) return setError(result.error)
    await reload()
  }

  return (
    <section className={styles.root} aria-label="Suppression list">
      <Title3 as="h2" className={styles.title}>
        Suppression list
      </Title3>
      <Caption1>
        People who unsubscribed, addresses that bounced for good and spam complaints. A mail merge skips them (shown as
        “skipped: suppressed”) with every account.
      </Caption1>
      <div className={styles.form}>
        <Field label="Addresses" className={styles.address}>
          <Input
            value={address}
            onChange={(_, d) => setAddress(d.value)}
            placeholder="name@example.com"
            aria-label="Addresses to suppress"
            onKeyDown={(e) => {
              if (e.key === 'Enter' && address.trim()) void add()
            }}
          />
        </Field>
        <Field label="Reason">
          <Dropdown
            value={reasons.find((r) => r.value === reason)?.label}
            selectedOptions={[reason]}
            onOptionSelect={(_, d) => setReason(d.optionValue as SuppressionReason)}
            aria-label="Reason"
          >
            {reasons.map((r) => (
              <Option key={r.value} value={r.value}>
                {r.label}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Button disabled={address.trim() === ''} onClick={() => void add()}>
          Suppress
        </Button>
      </div>
      {error && <AppErrorBar title="The suppression list was not changed" error={error} />}
      {entries !== null && entries.length === 0 && <Text>No address is suppressed.</Text>}
      {entries !== null && entries.length > 0 && (
        <Table aria-label="Suppressed addresses" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Address</TableHeaderCell>
              <TableHeaderCell style={{ width: '200px' }}>Reason</TableHeaderCell>
              <TableHeaderCell style={{ width: '120px' }}>Since</TableHeaderCell>
              <TableHeaderCell style={{ width: '110px' }} />
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.map((e) => (
              <TableRow key={e.address} aria-label={e.address}>
                <TableCell className={styles.cell}>{e.address}</TableCell>
                <TableCell>
                  {reasons.find((r) => r.value === e.reason)?.label ?? e.reason}
                  {e.note && <Caption1>{` · ${e.note}`}</Caption1>}
                </TableCell>
                <TableCell>{new Date(e.addedAt).toLocaleDateString()}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    icon={<Delete16Regular />}
                    aria-label={`Remove ${e.address}`}
                    onClick={() => void remove(e)}
                  >
                    Remove
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  )
}
