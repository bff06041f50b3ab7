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
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { AppError, AuthenticationResults, InboxMessage, SpamReport } from '../../../../shared/contract'
import { AppErrorBar } from '../../components/app-error-bar'
import { sendsmith, settle } from '../../sendsmith'
import { codeText } from '../../components/surface-styles'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', alignItems: 'center' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  header: {
    ...codeText,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  score: { fontVariantNumeric: 'tabular-nums' },
})

type Color = 'success' | 'danger' | 'warning' | 'informative'
const resultColor = (result: string): Color =>
  result === 'pass'
    ? 'success'
    : result === 'fail' || result === 'permerror'
      ? 'danger'
      : result === 'none'
        ? 'informative'
        : 'warning'

/** DKIM, SPF, DMARC (and ARC) of a received message as badges: "DKIM pass". */
export function AuthenticationBadges({ results }: { results: AuthenticationResults }) {
  const styles = useStyles()
  const dkim = results.dkim.find((d) => d.result === 'pass') ?? results.dkim[0]
  const items: { label: string; result: string }[] = [
    { label: 'DKIM', result: dkim?.result ?? 'none' },
    { label: 'SPF', result: results.spf?.result ?? 'none' },
    { label: 'DMARC', result: results.dmarc?.result ?? 'none' },
    ...(results.arc && results.arc.result !== 'none' ? [{ label: 'ARC', result: results.arc.result }] : []),
  ]
  return (
    <span className={styles.badges} data-testid="authentication-badges">
      {items.map((i) => (
        <Badge key={i.label} appearance="tint" color={resultColor(i.result)}>{`${i.label} ${i.result}`}</Badge>
      ))}
    </span>
  )
}

/** The Deliverability tab: authentication as a receiver computed it, and SpamAssassin's score. */
export function MessageDeliverability({ message }: { message: InboxMessage }) {
  const styles = useStyles()
  const auth = message.authentication
  return (
    <div className={styles.root}>
      <section className={styles.section} aria-label="Authentication results">
        <Text className={styles.heading}>Authentication</Text>
        {!auth ? (
          <Text>No results: this message arrived before the inbox checked authentication.</Text>
        ) : (
          <>
            <Table size="small" aria-label="Authentication">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell style={{ width: '90px' }}>Check</TableHeaderCell>
                  <TableHeaderCell style={{ width: '110px' }}>Result</TableHeaderCell>
                  <TableHeaderCell>Details</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {(auth.dkim.length > 0 ? auth.dkim : [null]).map((d, i) => (
                  <TableRow key={`dkim-${i}`} aria-label="DKIM">
                    <TableCell>DKIM</TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={resultColor(d?.result ?? 'none')}>
                        {d?.result ?? 'none'}
                      </Badge>
                    </TableCell>
                    <TableCell>
                      {d
                        ? `d=${d.domain}${d.selector ? ` s=${d.selector}` : ''}${d.aligned === false ? ' (not aligned with From)' : ''}${d.comment ? ` · ${d.comment}` : ''}`
                        : 'The message is not signed.'}
                    </TableCell>
                  </TableRow>
                ))}
                <TableRow aria-label="SPF">
                  <TableCell>SPF</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={resultColor(auth.spf?.result ?? 'none')}>
                      {auth.spf?.result ?? 'none'}
                    </Badge>
                  </TableCell>
                  <TableCell>
                    {auth.spf ? `${auth.spf.domain}${auth.spf.comment ? ` · ${auth.spf.comment}` : ''}` : ''}
                  </TableCell>
                </TableRow>
                <TableRow aria-label="DMARC">
                  <TableCell>DMARC</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={resultColor(auth.dmarc?.result ?? 'none')}>
                      {auth.dmarc?.result ?? 'none'}
                    </Badge>
                  </TableCell>
                  <TableCell>
                    {auth.dmarc
                      ? `${auth.dmarc.domain}${auth.dmarc.policy ? ` · policy p=${auth.dmarc.policy}` : ''}`
                      : ''}
                  </TableCell>
                </TableRow>
                {auth.arc && auth.arc.result !== 'none' && (
                  <TableRow aria-label="ARC">
                    <TableCell>ARC</TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={resultColor(auth.arc.result)}>
                        {auth.arc.result}
                      </Badge>
                    </TableCell>
                    <TableCell>{auth.arc.instance !== undefined ? `i=${auth.arc.instance}` : ''}</TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
            <Caption1>{`Connected from ${auth.client.ip} as HELO ${auth.client.helo}. The header a receiver would add:`}</Caption1>
            <pre className={styles.header}>{auth.header}</pre>
          </>
        )}
      </section>
      <SpamScore messageId={message.id} />
    </div>
  )
}

/** SpamAssassin's score from the user's own spamd (nothing goes to a third party). */
function SpamScore({ messageId }: { messageId: string }) {
  const styles = useStyles()
  const [spamd, setSpamd] = useState('')
  const [checking, setChecking] = useState(false)
  const [report, setReport] = useState<SpamReport | null>(null)
  const [error, setError] = useState<AppError | null>(null)

  useEffect(() => {
    void settle(sendsmith().spam.settings({})).then((r) => {
      if (r.ok && r.value.spamd) setSpamd((current) => current || r.value.spamd!)
    })
  }, [])
  useEffect(() => {
    setReport(null)
    setError(null)
  }, [messageId])

  const check = async () => {
    setChecking(true)
    setError(null)
    const result = await settle(sendsmith().spam.check({ messageId, ...(spamd.trim() && { spamd: spamd.trim() }) }))
    setChecking(false)
    if (result.ok) setReport(result.value)
    else {
      setReport(null)
      setError(result.error)
    }
  }

  return (
    <section className={styles.section} aria-label="Spam score">
      <Text className={styles.heading}>Spam score</Text>
      <div className={styles.form}>
        <Field label="Your spamd (host:port)">
          <Input value={spamd} onChange={(_, d) => setSpamd(d.value)} placeholder="127.0.0.1:783" aria-label="spamd" />
        </Field>
        <Button onClick={() => void check()} disabled={checking}>
          {checking ? <Spinner size="tiny" label="Scoring…" /> : 'Get spam score'}
        </Button>
      </div>
      <Caption1>
        SpamAssassin&apos;s daemon on your machine or network: the message goes there and nowhere else.
      </Caption1>
      {error && <AppErrorBar title="No spam score" error={error} />}
      {report && (
        <>
          <MessageBar intent={report.isSpam ? 'error' : 'success'} data-testid="spam-verdict">
            <MessageBarBody>
              {`${report.score} points: ${report.isSpam ? 'spam' : 'not spam'} (spamd at ${report.spamd} calls ${report.threshold} or more spam)`}
            </MessageBarBody>
          </MessageBar>
          {report.rules.length > 0 && (
            <Table size="extra-small" aria-label="Spam rules">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell style={{ width: '70px' }}>Points</TableHeaderCell>
                  <TableHeaderCell style={{ width: '220px' }}>Rule</TableHeaderCell>
                  <TableHeaderCell>Meaning</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {[...report.rules]
                  .sort((a, b) => b.score - a.score)
                  .map((r) => (
                    <TableRow key={r.name} aria-label={r.name}>
                      <TableCell className={styles.score}>{r.score.toFixed(1)}</TableCell>
                      <TableCell className={styles.mono}>{r.name}</TableCell>
                      <TableCell>{r.description}</TableCell>
                    </TableRow>
                  ))}
              </TableBody>
            </Table>
          )}
        </>
      )}
    </section>
  )
}
