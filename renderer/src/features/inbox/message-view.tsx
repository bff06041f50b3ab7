import { useState } from 'react'
import {
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Spinner,
  Tab,
  TabList,
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
import { ArrowDownload16Regular, Delete20Regular } from '@fluentui/react-icons'
import type { InboxMessage } from '../../../../shared/contract'
import { useCopyToClipboard } from '../../components/copy-to-clipboard'
import { formatSize } from '../../components/format-size'
import { HtmlPreview } from './html-preview'
import { MessageChecks } from './message-checks'
import { AuthenticationBadges, MessageDeliverability } from './message-deliverability'
import { MimeTreeView } from './mime-tree-view'
import { safeFileName } from './use-inbox'
import { codeBlock } from '../../components/surface-styles'
import { downloadBlob } from '../../components/download-file'

type MessageTab = 'html' | 'text' | 'headers' | 'source' | 'structure' | 'attachments' | 'checks' | 'deliverability'
const tabLabels: Record<MessageTab, string> = {
  html: 'HTML',
  text: 'Text',
  headers: 'Headers',
  source: 'Source',
  structure: 'Structure',
  attachments: 'Attachments',
  checks: 'Checks',
  deliverability: 'Deliverability',
}

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  head: { display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  title: { margin: 0, overflowWrap: 'anywhere' },
  meta: {
    display: 'grid',
    gridTemplateColumns: 'auto minmax(0, 1fr)',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    marginTop: tokens.spacingVerticalXS,
  },
  label: { color: tokens.colorNeutralForeground3 },
  value: { overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexShrink: 0 },
  tabs: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  pre: {
    ...codeBlock,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    maxHeight: '560px',
    overflowY: 'auto',
  },
  textBody: {
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  headerName: {
    fontFamily: tokens.fontFamilyMonospace,
    fontWeight: tokens.fontWeightSemibold,
    whiteSpace: 'nowrap',
    verticalAlign: 'top',
    paddingBlock: tokens.spacingVerticalXS,
  },
  headerValue: {
    fontFamily: tokens.fontFamilyMonospace,
    overflowWrap: 'anywhere',
    verticalAlign: 'top',
    paddingBlock: tokens.spacingVerticalXS,
  },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  attachmentName: { overflowWrap: 'anywhere' },
})

function SourceTab({ message }: { message: InboxMessage }) {
  const styles = useStyles()
  const { state, copy } = useCopyToClipboard()
  return (
    <>
      {message.rawTruncated && (
        <MessageBar intent="warning">
          <MessageBarBody>{`The source is cut after ${formatSize(message.raw.length)} of ${formatSize(message.size)}. The whole message: sendsmith inbox show ${message.id} --raw`}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.bar}>
        <Button size="small" onClick={() => void copy(message.raw)}>
          {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy source'}
        </Button>
        {!message.rawTruncated && (
          <Button
            size="small"
            icon={<ArrowDownload16Regular />}
            onClick={() =>
              downloadBlob(
                new Blob([message.raw], { type: 'message/rfc822' }),
                safeFileName(`${message.subject.trim() || 'message'}.eml`),
              )
            }
          >
            Save .eml
          </Button>
        )}
        <Caption1>{`${formatSize(message.size)} as received`}</Caption1>
      </div>
      <pre className={styles.pre} aria-label="Message source" data-testid="message-source">
        {message.raw}
      </pre>
    </>
  )
}

interface MessageViewProps {
  message: InboxMessage
  onDelete: () => void
  onSaveAttachment: (index: number) => void
}

/** One received message: who and when, then its HTML, text, headers, source, MIME structure, attachments and checks. */
export function MessageView({ message, onDelete, onSaveAttachment }: MessageViewProps) {
  const styles = useStyles()
  const [tab, setTab] = useState<MessageTab>('html')
  // A message without HTML opens on its text; one that did not parse, on its source.
  const shown: MessageTab = message.parseError
    ? tab === 'html' || tab === 'text' || tab === 'checks'
      ? 'source'
      : tab
    : tab === 'html' && message.html === null
      ? 'text'
      : tab

  return (
    <article className={styles.root} aria-label="Message">
      <div className={styles.head}>
        <div>
          <Title3 as="h3" className={styles.title}>
            {message.subject || '(no subject)'}
          </Title3>
          <div className={styles.meta}>
            <Caption1 className={styles.label}>From</Caption1>
            <Text size={200} className={styles.value}>
              {message.from}
            </Text>
            <Caption1 className={styles.label}>To</Caption1>
            <Text size={200} className={styles.value}>
              {message.to.join(', ')}
            </Text>
            {message.envelope.to.some((address) => !message.to.includes(address)) && (
              <>
                <Caption1 className={styles.label}>Envelope</Caption1>
                <Text
                  size={200}
                  className={styles.value}
                >{`${message.envelope.from || '<>'} → ${message.envelope.to.join(', ')}`}</Text>
              </>
            )}
            <Caption1 className={styles.label}>Received</Caption1>
            <Text size={200}>{`${new Date(message.receivedAt).toLocaleString()} · ${formatSize(message.size)}`}</Text>
            {message.authentication && (
              <>
                <Caption1 className={styles.label}>Auth</Caption1>
                <AuthenticationBadges results={message.authentication} />
              </>
            )}
          </div>
        </div>
        <div className={styles.actions}>
          <Button icon={<Delete20Regular />} onClick={onDelete}>
            Delete
          </Button>
        </div>
      </div>

      {message.parseError && (
        <MessageBar intent="warning" data-testid="parse-error">
          <MessageBarBody>{`${message.parseError}. It was received and kept: its source is shown as it arrived.`}</MessageBarBody>
        </MessageBar>
      )}
      <TabList
        className={styles.tabs}
        selectedValue={shown}
        onTabSelect={(_, data) => setTab(data.value as MessageTab)}
        aria-label="Message view"
      >
        <Tab value="html" disabled={message.html === null}>
          HTML
        </Tab>
        <Tab value="text" disabled={message.text === null}>
          Text
        </Tab>
        <Tab value="headers">Headers</Tab>
        <Tab value="source">Source</Tab>
        <Tab value="structure">Structure</Tab>
        <Tab value="attachments">
          Attachments{' '}
          {message.attachments.length > 0 && (
            <Badge size="small" appearance="tint" color="informative">
              {message.attachments.length}
            </Badge>
          )}
        </Tab>
        <Tab value="checks" disabled={message.html === null}>
          Checks
        </Tab>
        <Tab value="deliverability">Deliverability</Tab>
      </TabList>

      <div role="tabpanel" aria-label={tabLabels[shown]}>
        {shown === 'html' && message.html !== null && <HtmlPreview html={message.html} messageId={message.id} />}
        {shown === 'text' &&
          (message.text === null ? (
            <Text>This message has no text part.</Text>
          ) : (
            <pre className={`${styles.pre} ${styles.textBody}`} aria-label="Text part">
              {message.text}
            </pre>
          ))}
        {shown === 'headers' && (
          <Table aria-label="Headers" size="extra-small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '200px' }}>Name</TableHeaderCell>
                <TableHeaderCell>Value</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {message.headers.map((header, i) => (
                <TableRow key={`${header.name}:${i}`} aria-label={header.name}>
                  <TableCell className={styles.headerName}>{header.name}</TableCell>
                  <TableCell className={styles.headerValue}>{header.value}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {shown === 'source' && <SourceTab message={message} />}
        {shown === 'structure' && <MimeTreeView root={message.mimeTree} />}
        {shown === 'attachments' &&
          (message.attachments.length === 0 ? (
            <Text>No attachments.</Text>
          ) : (
            <Table aria-label="Attachments" size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell style={{ width: '220px' }}>Type</TableHeaderCell>
                  <TableHeaderCell style={{ width: '90px' }}>Size</TableHeaderCell>
                  <TableHeaderCell style={{ width: '110px' }} />
                </TableRow>
              </TableHeader>
              <TableBody>
                {message.attachments.map((a, index) => (
                  <TableRow key={`${a.filename}:${index}`} aria-label={a.filename}>
                    <TableCell className={styles.attachmentName}>
                      {a.filename}{' '}
                      {a.inline && (
                        <Badge size="small" appearance="tint" color="informative">
                          inline
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell>{a.contentType}</TableCell>
                    <TableCell>{formatSize(a.size)}</TableCell>
                    <TableCell>
                      <Button
                        size="small"
                        icon={<ArrowDownload16Regular />}
                        onClick={() => onSaveAttachment(index)}
                        aria-label={`Save ${a.filename}`}
                      >
                        Save
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ))}
        {shown === 'checks' && message.html !== null && (
          <MessageChecks html={message.html} hasCidParts={message.attachments.some((a) => a.contentId !== undefined)} />
        )}
        {shown === 'deliverability' && <MessageDeliverability message={message} />}
      </div>
    </article>
  )
}

/** Shown while a message loads. */
export function MessageLoading() {
  return <Spinner size="small" label="Opening the message…" labelPosition="after" />
}
