import { memo, useMemo, useState } from 'react'
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Caption1,
  CounterBadge,
  Link,
  Spinner,
  Text,
  ToggleButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { ErrorCircle16Filled, Info16Regular, Warning16Filled } from '@fluentui/react-icons'
import type { CheckName, CheckReport, ClientFamily, FamilyScore, Finding, Severity } from '../../../shared/contract'

const checkTitles: Record<CheckName, string> = {
  'merge-fields': 'Merge fields',
  pipeline: 'Build (MJML, merge, inlining)',
  size: 'Size',
  links: 'Links',
  images: 'Images',
  accessibility: 'Accessibility',
  compatibility: 'Client compatibility',
}
const checkOrder: CheckName[] = [
  'merge-fields',
  'pipeline',
  'size',
  'links',
  'images',
  'accessibility',
  'compatibility',
]
const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 }
// A long list renders slowly and reads worse: the first ones, then a button for the rest.
const shownPerGroup = 40

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minHeight: 0 },
  summary: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  scores: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
    gap: tokens.spacingHorizontalXS,
  },
  score: {
    justifyContent: 'space-between',
    minWidth: 0,
    paddingInline: tokens.spacingHorizontalS,
    fontWeight: tokens.fontWeightRegular,
  },
  scoreLabel: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', textAlign: 'start' },
  good: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  // Fluent's status warning text colour: the marigold palette colour (#d39300) is 2.64:1 on white.
  fair: { color: tokens.colorStatusWarningForeground1, fontWeight: tokens.fontWeightSemibold },
  poor: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  finding: {
    display: 'grid',
    gridTemplateColumns: '16px 1fr auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'start',
    width: '100%',
    textAlign: 'start',
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
    border: 'none',
    borderRadius: tokens.borderRadiusSmall,
    background: 'none',
    color: tokens.colorNeutralForeground1,
    font: 'inherit',
    fontSize: tokens.fontSizeBase200,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
  },
  item: { display: 'flex', alignItems: 'start', gap: tokens.spacingHorizontalXS },
  more: { fontSize: tokens.fontSizeBase200, paddingTop: tokens.spacingVerticalXXS, whiteSpace: 'nowrap' },
  where: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  error: { color: tokens.colorPaletteRedForeground1, marginTop: '2px' },
  warning: { color: tokens.colorStatusWarningForeground1, marginTop: '2px' },
  info: { color: tokens.colorNeutralForeground3, marginTop: '2px' },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
})

interface CheckReportViewProps {
  report: CheckReport | null
  checking: boolean
  /** The file name findings are shown against (FILE:LINE). */
  fileName: string
  onJump: (line: number) => void
}

/** The check report: every finding grouped by check, compatibility by client family with scores. */
export const CheckReportView = memo(function CheckReportView({
  report,
  checking,
  fileName,
  onJump,
}: CheckReportViewProps) {
  const styles = useStyles()
  const worstFamily = useMemo(
    () =>
      report?.scores.reduce<FamilyScore | null>(
        (worst, s) => (worst === null || s.score < worst.score ? s : worst),
        null,
      )?.family ?? null,
    [report],
  )
  const [family, setFamily] = useState<ClientFamily | null>(null)
  const shownFamily = family && report?.scores.some((s) => s.family === family) ? family : worstFamily

  if (!report) return <Spinner size="tiny" label="Checking…" labelPosition="after" />
  const byCheck = new Map<CheckName, Finding[]>(checkOrder.map((c) => [c, []]))
  for (const finding of report.findings) byCheck.get(finding.check)?.push(finding)
  const count = (severity: Severity) =>
    report.findings.filter((f) => f.severity === severity && f.check !== 'compatibility').length
  const open = checkOrder.filter((c) => c !== 'size' && (byCheck.get(c) ?? []).some((f) => f.severity !== 'info'))

  return (
    <section className={styles.root} aria-label="Check report" data-testid="check-report">
      <div className={styles.summary}>
        <Text weight="semibold">Checks</Text>
        <Badge appearance="tint" color="danger">{`${count('error')} errors`}</Badge>
        <Badge appearance="tint" color="warning">{`${count('warning')} warnings`}</Badge>
        <Badge
          appearance="tint"
          color={report.sizeBytes > 102 * 1024 ? 'danger' : 'informative'}
        >{`${(report.sizeBytes / 1024).toFixed(1)} KB`}</Badge>
        {checking && <Spinner size="extra-tiny" label="Checking…" labelPosition="after" />}
      </div>
      <Accordion multiple collapsible defaultOpenItems={[...open, 'compatibility']}>
        {checkOrder.map((check) => {
          const findings = byCheck.get(check) ?? []
          if (check !== 'compatibility' && findings.length === 0) return null
          return (
            <AccordionItem key={check} value={check}>
              <AccordionHeader size="small">
                {checkTitles[check]}&nbsp;
                {check !== 'compatibility' && (
                  <CounterBadge
                    count={findings.length}
                    size="small"
                    appearance="ghost"
                    color={findings.some((f) => f.severity === 'error') ? 'danger' : 'informative'}
                  />
                )}
              </AccordionHeader>
              <AccordionPanel className={styles.panel}>
                {check === 'compatibility' ? (
                  <>
                    <div className={styles.scores} role="group" aria-label="Support by client family">
                      {report.scores.map((s) => (
                        <ToggleButton
                          key={s.family}
                          size="small"
                          className={styles.score}
                          checked={s.family === shownFamily}
                          onClick={() => setFamily(s.family)}
                          title={`${s.label}: ${s.unsupported} not supported, ${s.partial} partly`}
                        >
                          <span className={styles.scoreLabel}>{s.label}</span>
                          <span className={s.score >= 90 ? styles.good : s.score >= 75 ? styles.fair : styles.poor}>
                            {s.score}
                          </span>
                        </ToggleButton>
                      ))}
                    </div>
                    <FindingList
                      findings={findings.filter((f) => f.clientFamily === shownFamily)}
                      fileName={fileName}
                      onJump={onJump}
                    />
                  </>
                ) : (
                  <FindingList findings={findings} fileName={fileName} onJump={onJump} />
                )}
              </AccordionPanel>
            </AccordionItem>
          )
        })}
      </Accordion>
    </section>
  )
})

const severityWord: Record<Finding['severity'], string> = { error: 'Error', warning: 'Warning', info: 'Note' }

function FindingList({
  findings,
  fileName,
  onJump,
}: {
  findings: Finding[]
  fileName: string
  onJump: (line: number) => void
}) {
  const styles = useStyles()
  const [all, setAll] = useState(false)
  const sorted = [...findings].sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || a.line - b.line)
  if (sorted.length === 0) return <Caption1>Nothing found.</Caption1>
  const shown = all ? sorted : sorted.slice(0, shownPerGroup)
  return (
    <>
      <ul className={styles.list}>
        {shown.map((f, i) => (
          <li key={`${f.line}:${f.column ?? 0}:${i}`} className={styles.item}>
            <button
              type="button"
              className={styles.finding}
              onClick={() => onJump(f.line)}
              title={`Show line ${f.line} in the source`}
              aria-label={`${severityWord[f.severity]}: ${f.message} ${fileName}:${f.line}. Show line ${f.line} in the source`}
            >
              {f.severity === 'error' ? (
                <ErrorCircle16Filled className={styles.error} aria-label="Error" />
              ) : f.severity === 'warning' ? (
                <Warning16Filled className={styles.warning} aria-label="Warning" />
              ) : (
                <Info16Regular className={styles.info} aria-label="Note" />
              )}
              <span>{f.message}</span>
              <span className={styles.where}>{`${fileName}:${f.line}`}</span>
            </button>
            {f.url && (
              <Link
                href={f.url}
                target="_blank"
                rel="noreferrer"
                className={styles.more}
                aria-label={`caniemail: ${f.feature ?? f.message}`}
              >
                caniemail
              </Link>
            )}
          </li>
        ))}
      </ul>
      {!all && sorted.length > shownPerGroup && (
        <Button size="small" appearance="subtle" onClick={() => setAll(true)}>
          {`Show all ${sorted.length}`}
        </Button>
      )}
    </>
  )
}
