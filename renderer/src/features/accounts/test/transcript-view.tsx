import { useEffect, useRef } from 'react'
import { Button, Caption1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import { Copy20Regular } from '@fluentui/react-icons'
import type { TranscriptLine } from '../../../../../shared/contract'
import { useCopyToClipboard } from '../../../components/copy-to-clipboard'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  bar: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  caption: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  block: {
    margin: 0,
    maxHeight: '360px',
    overflow: 'auto',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
  },
  line: { display: 'block', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  prefix: { userSelect: 'none', color: tokens.colorNeutralForeground3 },
  client: { color: tokens.colorBrandForeground1 },
  server: { color: tokens.colorNeutralForeground1 },
  info: { color: tokens.colorNeutralForeground4, fontStyle: 'italic' },
})

const prefixes: Record<TranscriptLine['direction'], string> = { client: 'C: ', server: 'S: ', info: '*  ' }

/** The transcript as text, the way swaks prints it: C: for the client, S: for the server. */
export function transcriptText(lines: TranscriptLine[]): string {
  return lines.map((line) => prefixes[line.direction] + line.text).join('\n')
}

/** The SMTP conversation, credentials already redacted by main, with a copy button. */
export function TranscriptView({ lines, scrollToEnd = false }: { lines: TranscriptLine[]; scrollToEnd?: boolean }) {
  const styles = useStyles()
  const { state, copy } = useCopyToClipboard()
  const block = useRef<HTMLPreElement>(null)
  // After a failure the last lines say why: show them first.
  useEffect(() => {
    if (scrollToEnd && block.current) block.current.scrollTop = block.current.scrollHeight
  }, [lines, scrollToEnd])
  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Caption1 className={styles.caption}>
          C: sent by Sendsmith · S: the server&apos;s reply · credentials are redacted
        </Caption1>
        <div className={styles.actions}>
          <span role="status" aria-live="polite">
            {state === 'copied' && <Caption1>Copied</Caption1>}
            {state === 'failed' && <Caption1>Could not copy: select the text instead</Caption1>}
          </span>
          <Button
            size="small"
            icon={<Copy20Regular />}
            onClick={() => void copy(transcriptText(lines))}
            disabled={lines.length === 0}
          >
            Copy transcript
          </Button>
        </div>
      </div>
      <pre ref={block} className={styles.block} tabIndex={0} aria-label="SMTP transcript" data-testid="transcript">
        {lines.map((line, index) => (
          <code key={index} className={mergeClasses(styles.line, styles[line.direction])}>
            <span className={styles.prefix}>{prefixes[line.direction]}</span>
            {line.text}
          </code>
        ))}
      </pre>
    </div>
  )
}
