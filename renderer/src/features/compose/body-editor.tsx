import { useMemo } from 'react'
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Tab,
  TabList,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { Code20Regular, TextT20Regular } from '@fluentui/react-icons'
import type { Attachment } from '../../../../shared/contract'
import { isWholeDocument, plainTextPreview } from './html-body'
import { RichEditor } from './rich-editor'
import { SourceEditor } from './source-editor'

export type BodyView = 'rich' | 'source'

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  tabs: { display: 'flex', alignItems: 'center', justifyContent: 'space-between' },
  text: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  textHead: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalXS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
})

interface BodyEditorProps {
  html: string
  text: string | undefined
  attachments: Attachment[]
  view: BodyView
  onView: (view: BodyView) => void
  onHtml: (html: string) => void
  onText: (text: string | undefined) => void
  onInsertImages: (files: File[]) => Promise<Attachment[]>
  onAttachFiles: (files: File[]) => void
}

/** The message body: rich text or HTML source over one HTML string, and the plain-text part below. */
export function BodyEditor(props: BodyEditorProps) {
  const styles = useStyles()
  const { html, text, view } = props
  const wholeDocument = isWholeDocument(html)
  const generated = useMemo(() => plainTextPreview(html), [html])

  return (
    <div className={styles.body}>
      <div className={styles.tabs}>
        <TabList
          size="small"
          selectedValue={view}
          onTabSelect={(_, d) => props.onView(d.value as BodyView)}
          aria-label="Body view"
        >
          <Tab value="rich" icon={<TextT20Regular />}>
            Rich text
          </Tab>
          <Tab value="source" icon={<Code20Regular />}>
            HTML source
          </Tab>
        </TabList>
      </div>
      {wholeDocument && (
        <MessageBar intent={view === 'rich' ? 'warning' : 'info'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>A whole HTML document</MessageBarTitle>
            It has parts the rich editor cannot show (its head, styles or page settings). It is sent exactly as written
            in HTML source;
            {view === 'rich'
              ? ' the rich view only previews its body. Edit it in HTML source.'
              : ' the rich view would only preview its body.'}
          </MessageBarBody>
        </MessageBar>
      )}
      {view === 'rich' ? (
        <RichEditor
          html={html}
          attachments={props.attachments}
          readOnly={wholeDocument}
          onHtml={props.onHtml}
          onInsertImages={props.onInsertImages}
          onAttachFiles={props.onAttachFiles}
        />
      ) : (
        <SourceEditor value={html} onChange={props.onHtml} />
      )}
      <Accordion collapsible>
        <AccordionItem value="text">
          <AccordionHeader size="small">Plain text{text !== undefined ? ' (edited)' : ''}</AccordionHeader>
          <AccordionPanel>
            <div className={styles.textHead}>
              <Caption1 className={styles.muted}>
                {text === undefined
                  ? 'Made from the HTML when the message is sent; edit it to send your own.'
                  : 'Your own text is sent as the plain-text part.'}
              </Caption1>
              {text !== undefined && (
                <Button size="small" appearance="subtle" onClick={() => props.onText(undefined)}>
                  Make from HTML again
                </Button>
              )}
            </div>
            <Textarea
              aria-label="Plain text part"
              textarea={{ className: styles.text }}
              value={text ?? generated}
              rows={8}
              resize="vertical"
              onChange={(_, d) => props.onText(d.value)}
            />
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
    </div>
  )
}
