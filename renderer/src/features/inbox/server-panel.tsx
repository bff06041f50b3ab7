import { useState } from 'react'
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { ArrowDownload16Regular, Checkmark16Regular, Copy16Regular } from '@fluentui/react-icons'
import type { InboxStatus } from '../../../../shared/contract'
import { useCopyToClipboard } from '../../components/copy-to-clipboard'
import { formatSize } from '../../components/format-size'
import { certificateFileName, connectionSnippets, type SnippetLanguage } from './connection-snippets'
import { bordered, codeBlock } from '../../components/surface-styles'
import { downloadBlob } from '../../components/download-file'

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    ...bordered,
  },
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  address: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  accordion: { marginInline: `calc(-1 * ${tokens.spacingHorizontalM})` },
  code: {
    ...codeBlock,
    overflowX: 'auto',
    whiteSpace: 'pre',
  },
  snippetBar: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
  },
})

function CopyButton({ text, label, size = 'small' }: { text: string; label: string; size?: 'small' | 'medium' }) {
  const { state, copy } = useCopyToClipboard()
  return (
    <Button
      size={size}
      icon={state === 'copied' ? <Checkmark16Regular /> : <Copy16Regular />}
      onClick={() => void copy(text)}
      aria-label={label}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </Button>
  )
}

function authLabel(status: InboxStatus): string {
  if (status.auth.mode === 'none') return 'No AUTH'
  if (status.auth.mode === 'any') return 'AUTH: any user'
  return `AUTH: ${status.auth.username ?? 'fixed user'}`
}

/** Where the local test inbox listens (host:port to copy), its TLS, AUTH and size settings, and code that sends to it. */
export function ServerPanel({ status }: { status: InboxStatus | null }) {
  const styles = useStyles()
  const [language, setLanguage] = useState<SnippetLanguage>('python')
  if (!status) return null
  if (!status.running || status.port === null) {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>
          The local test inbox is not running: it starts with the app. The log says why it could not listen.
        </MessageBarBody>
      </MessageBar>
    )
  }
  const address = `${status.host}:${status.port}`
  const snippets = connectionSnippets(status)
  const snippet = snippets.find((s) => s.language === language) ?? snippets[0]
  return (
    <section className={styles.root} aria-label="SMTP server">
      <div className={styles.line}>
        <Text weight="semibold">SMTP server</Text>
        <span className={styles.address} data-testid="inbox-address">
          {address}
        </span>
        <CopyButton text={address} label="Copy address" />
        <Badge appearance="tint" color="success">
          Running
        </Badge>
        <Badge appearance="tint" color={status.tls.enabled ? 'brand' : 'informative'}>
          {status.tls.enabled ? 'STARTTLS' : 'No TLS'}
        </Badge>
        <Badge appearance="tint" color={status.auth.mode === 'none' ? 'informative' : 'brand'}>
          {authLabel(status)}
        </Badge>
        <Caption1
          className={styles.muted}
        >{`Up to ${formatSize(status.sizeLimit)} a message · everything sent here stays on this computer`}</Caption1>
      </div>
      {status.requestedPort !== null && status.requestedPort !== 0 && status.requestedPort !== status.port && (
        <MessageBar intent="info">
          <MessageBarBody>{`Port ${status.requestedPort} was taken, so the inbox listens on ${status.port}. The “Local test inbox” account follows it; point your own code at ${address}.`}</MessageBarBody>
        </MessageBar>
      )}
      <Accordion collapsible className={styles.accordion}>
        <AccordionItem value="snippets">
          <AccordionHeader size="small">Send to it from your own code</AccordionHeader>
          <AccordionPanel>
            <div className={styles.snippetBar}>
              <TabList
                size="small"
                selectedValue={snippet.language}
                onTabSelect={(_, data) => setLanguage(data.value as SnippetLanguage)}
                aria-label="Snippet language"
              >
                {snippets.map((s) => (
                  <Tab key={s.language} value={s.language}>
                    {s.label}
                  </Tab>
                ))}
              </TabList>
              <div className={styles.line}>
                {status.tls.pem && (
                  <Button
                    size="small"
                    icon={<ArrowDownload16Regular />}
                    onClick={() =>
                      downloadBlob(new Blob([status.tls.pem!], { type: 'application/x-pem-file' }), certificateFileName)
                    }
                  >
                    Certificate
                  </Button>
                )}
                <CopyButton text={snippet.code} label={`Copy ${snippet.label} snippet`} />
              </div>
            </div>
            <pre className={styles.code} aria-label={`${snippet.label} snippet`} data-testid="inbox-snippet">
              {snippet.code}
            </pre>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
    </section>
  )
}
