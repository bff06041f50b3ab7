import { useEffect, useState } from 'react'
import {
  Badge,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
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
import type { Account, AppError, DomainFinding, DomainReport } from '../../../../shared/contract'
import { AccountPicker } from '../../components/account-picker'
import { AppErrorBar } from '../../components/app-error-bar'
import { sendsmith, settle } from '../../sendsmith'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  title: { margin: 0 },
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  record: {
    display: 'block',
    marginTop: tokens.spacingVerticalXXS,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
    overflowWrap: 'anywhere',
  },
  fix: { display: 'block', marginTop: tokens.spacingVerticalXXS },
  area: { fontWeight: tokens.fontWeightSemibold, whiteSpace: 'nowrap', verticalAlign: 'top' },
  cell: { verticalAlign: 'top', paddingBlock: tokens.spacingVerticalS },
})

const statusBadge: Record<
  DomainFinding['status'],
  { label: string; color: 'success' | 'warning' | 'danger' | 'informative' }
> = {
  pass: { label: 'Pass', color: 'success' },
  warn: { label: 'Warning', color: 'warning' },
  fail: { label: 'Fail', color: 'danger' },
  info: { label: 'Note', color: 'informative' },
}

const areaLabels: Record<DomainFinding['area'], string> = {
  spf: 'SPF',
  dkim: 'DKIM',
  dmarc: 'DMARC',
  mx: 'MX',
  'mta-sts': 'MTA-STS',
  'tls-rpt': 'TLS-RPT',
}

/**
 * The domain check of an account's From domain: SPF, DKIM (the account's key against DNS), DMARC
 * and alignment, MX, MTA-STS and TLS-RPT, each finding with its fix.
 */
export function DomainCheckPanel({ accounts }: { accounts: Account[] }) {
  const styles = useStyles()
  const [accountId, setAccountId] = useState<string | undefined>(undefined)
  const account = accounts.find((a) => a.id === accountId) ?? accounts.find((a) => a.isDefault) ?? accounts[0]
  const [domain, setDomain] = useState('')
  const [selector, setSelector] = useState('')
  const [checking, setChecking] = useState(false)
  const [report, setReport] = useState<DomainReport | null>(null)
  const [error, setError] = useState<AppError | null>(null)

  // The domain and selector follow the chosen account until the user types their own.
  useEffect(() => {
    if (!account) return
    setDomain(account.dkim?.domain ?? account.email.split('@').pop() ?? '')
    setSelector(account.dkim?.selector ?? '')
  }, [account?.id])

  const check = async () => {
    setChecking(true)
    setError(null)
    const result = await settle(
      sendsmith().domain.check({
        domain,
        ...(selector.trim() && { selector: selector.trim() }),
        ...(account && { accountId: account.id }),
      }),
    )
    setChecking(false)
    if (result.ok) setReport(result.value)
    else {
      setReport(null)
      setError(result.error)
    }
  }

  return (
    <section className={styles.root} aria-label="Domain check">
      <Title3 as="h2" className={styles.title}>
        Domain check
      </Title3>
      <Caption1>
        What receivers look up before they trust your mail: SPF, DKIM and DMARC of the From domain (Gmail and Yahoo
        require them of bulk senders), plus MX, MTA-STS and TLS-RPT.
      </Caption1>
      <Caption1>
        To sign with DKIM, generate or import the account’s key in Accounts → Edit → DKIM signing; it shows the TXT
        record to publish.
      </Caption1>
      <div className={styles.form}>
        <Field label="Account">
          <AccountPicker accounts={accounts} account={account} onChange={(a) => setAccountId(a.id)} />
        </Field>
        <Field label="Domain">
          <Input value={domain} onChange={(_, d) => setDomain(d.value)} aria-label="Domain" />
        </Field>
        <Field label="DKIM selector">
          <Input
            value={selector}
            onChange={(_, d) => setSelector(d.value)}
            placeholder="s1"
            aria-label="DKIM selector"
          />
        </Field>
        <Button appearance="primary" disabled={checking || domain.trim() === ''} onClick={() => void check()}>
          {checking ? <Spinner size="tiny" label="Checking…" /> : 'Check domain'}
        </Button>
      </div>
      {error && <AppErrorBar title="The domain check did not run" error={error} />}
      {report && (
        <>
          <MessageBar intent={report.bulkReady ? 'success' : 'error'} data-testid="domain-verdict">
            <MessageBarBody>
              {report.bulkReady
                ? `${report.domain} meets the Gmail/Yahoo rules for bulk senders (SPF, DKIM, DMARC).`
                : `${report.domain} does not meet the Gmail/Yahoo rules for bulk senders: fix the failures below.`}
            </MessageBarBody>
          </MessageBar>
          <Table aria-label="Findings" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '96px' }}>Record</TableHeaderCell>
                <TableHeaderCell style={{ width: '96px' }}>Result</TableHeaderCell>
                <TableHeaderCell>Finding and fix</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {report.findings.map((f, i) => (
                <TableRow key={`${f.area}-${i}`} aria-label={`${areaLabels[f.area]}: ${f.message}`}>
                  <TableCell className={`${styles.cell} ${styles.area}`}>{areaLabels[f.area]}</TableCell>
                  <TableCell className={styles.cell}>
                    <Badge appearance="tint" color={statusBadge[f.status].color}>
                      {statusBadge[f.status].label}
                    </Badge>
                  </TableCell>
                  <TableCell className={styles.cell}>
                    <Text>{f.message}</Text>
                    {f.fix && f.status !== 'pass' && <Text className={styles.fix}>{`Fix: ${f.fix}`}</Text>}
                    {f.record && <code className={styles.record}>{f.record}</code>}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Caption1>{`Checked ${new Date(report.checkedAt).toLocaleString()}`}</Caption1>
        </>
      )}
    </section>
  )
}
