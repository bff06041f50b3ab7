import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Caption1,
  Text,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { OutboxEntry } from '../../../../shared/contract'
import { SendDetails } from '../../components/send-details'
import { RetryCopyButton, SentCopyBadge } from './sent-copy-badge'
import { screenColumn } from '../../components/surface-styles'

const useStyles = makeStyles({
  screen: screenColumn,
  title: { margin: 0 },
  list: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  head: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', paddingBlock: tokens.spacingVerticalXS },
  subjectRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  refused: { color: tokens.colorPaletteRedForeground1 },
  copyRow: {
    display: 'flex',
    paddingInlineStart: tokens.spacingHorizontalXXXL,
    paddingBlockEnd: tokens.spacingVerticalS,
  },
})

/** Sent history, newest first; each message opens to the server's full answer. */
export function SentScreen({
  sent,
  onRetryCopy,
}: {
  sent: OutboxEntry[]
  /** "Retry now" for a waiting or failed copy in Sent. */
  onRetryCopy?: (id: string) => Promise<void>
}) {
  const styles = useStyles()
  return (
    <div className={styles.screen}>
      <Title2 as="h2" className={styles.title}>
        Sent
      </Title2>
      {sent.length === 0 ? (
        <Text>Nothing sent yet.</Text>
      ) : (
        <Accordion collapsible multiple className={styles.list} aria-label="Sent messages">
          {sent.map((entry) => (
            <AccordionItem key={entry.id} value={entry.id}>
              <AccordionHeader>
                <span className={styles.head}>
                  <span className={styles.subjectRow}>
                    <Text weight="semibold">{entry.subject || '(no subject)'}</Text>
                    <SentCopyBadge entry={entry} />
                  </span>
                  <Caption1 className={styles.muted}>
                    To {entry.envelope.to.join(', ')} · {new Date(entry.sendAt).toLocaleString()}
                    {entry.result && ` · ${entry.result.accepted.length} accepted`}
                    {entry.result && entry.result.rejected.length > 0 && (
                      <span className={styles.refused}> · {entry.result.rejected.length} refused</span>
                    )}
                  </Caption1>
                </span>
              </AccordionHeader>
              {/* Beside the header, not in it: the header is a button itself. */}
              {onRetryCopy && (entry.sentCopy?.state === 'waiting' || entry.sentCopy?.state === 'failed') && (
                <div className={styles.copyRow}>
                  <RetryCopyButton entry={entry} onRetry={onRetryCopy} />
                </div>
              )}
              <AccordionPanel>{entry.result && <SendDetails value={entry.result} />}</AccordionPanel>
            </AccordionItem>
          ))}
        </Accordion>
      )}
    </div>
  )
}
