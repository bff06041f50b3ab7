import { useEffect, useMemo, useState } from 'react'
import { Caption1, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components'
import { CheckReportView } from '../../components/check-report'
import { useHtmlChecks } from './use-inbox'
import { codeText } from '../../components/surface-styles'

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  split: { gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)' },
  excerpt: { position: 'sticky', top: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  code: {
    ...codeText,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    maxHeight: '320px',
    overflowY: 'auto',
  },
  line: { display: 'block' },
  hit: { display: 'block', backgroundColor: tokens.colorPaletteYellowBackground2 },
  number: { color: tokens.colorNeutralForeground3, userSelect: 'none' },
})

const fileName = 'message.html'
const dataUri = /data:[\w.+-]+\/[\w.+-]+;base64,[A-Za-z0-9+/=]+/g

/**
 * The HTML as it was sent: `inbox:get` turns cid: references into data: URIs for the preview, which
 * would count the images' bytes as HTML size and draw warnings about data: images that were not
 * sent; when the message has cid parts, they are put back as cid: references (lines stay in place).
 */
export function sentHtml(html: string, hasCidParts: boolean): string {
  if (!hasCidParts) return html
  let n = 0
  return html.replace(dataUri, () => `cid:part-${++n}@inbox`)
}

/**
 * The template workbench's checks (compatibility, size, links, images, accessibility) run on a
 * received message's HTML part; a finding shows its line of that HTML beside the report.
 */
export function MessageChecks({ html: received, hasCidParts }: { html: string; hasCidParts: boolean }) {
  const styles = useStyles()
  const html = useMemo(() => sentHtml(received, hasCidParts), [received, hasCidParts])
  const [line, setLine] = useState<number | null>(null)
  const current = useHtmlChecks(html)

  useEffect(() => setLine(null), [html])
  if (current?.error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>{`The checks could not run: ${current.error.message}`}</MessageBarBody>
      </MessageBar>
    )
  }
  const lines = html.split(/\r?\n/)
  const from = line === null ? 0 : Math.max(1, line - 3)
  const to = line === null ? 0 : Math.min(lines.length, line + 3)
  return (
    <div className={line === null ? styles.root : `${styles.root} ${styles.split}`}>
      <CheckReportView
        report={current?.report ?? null}
        checking={current === null}
        fileName={fileName}
        onJump={setLine}
      />
      {line !== null && (
        <section className={styles.excerpt} aria-label="Line in the message's HTML">
          <Text weight="semibold">{`${fileName}, line ${line}`}</Text>
          <pre className={styles.code}>
            {lines.slice(from - 1, to).map((text, i) => (
              <span key={from + i} className={from + i === line ? styles.hit : styles.line}>
                <span className={styles.number}>{`${String(from + i).padStart(4)}  `}</span>
                {text.length > 400 ? `${text.slice(0, 400)}…` : text}
              </span>
            ))}
          </pre>
          <Caption1>The HTML part as received, inline images as their cid: references.</Caption1>
        </section>
      )}
    </div>
  )
}
