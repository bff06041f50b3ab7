import { useState } from 'react'
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  SearchBox,
  Text,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { DeleteDismiss20Regular, MailInbox24Regular } from '@fluentui/react-icons'
import { AppErrorBar } from '../../components/app-error-bar'
import { MessageList } from './message-list'
import { MessageLoading, MessageView } from './message-view'
import { ServerPanel } from './server-panel'
import { useInbox } from './use-inbox'

const useStyles = makeStyles({
  screen: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '1280px',
    marginInline: 'auto',
  },
  title: { margin: 0 },
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  search: { flex: '0 1 360px' },
  count: { color: tokens.colorNeutralForeground3, flexGrow: 1 },
  empty: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalXXL,
    textAlign: 'center',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  emptyIcon: { fontSize: '40px', color: tokens.colorNeutralForeground3 },
  hint: { color: tokens.colorNeutralForeground3 },
})

/**
 * The local test inbox, Mailpit-style: where its SMTP server listens (with code to send to it), the
 * received messages newest first with search, and the open message in every view a developer needs.
 */
export function InboxScreen({ visible }: { visible: boolean }) {
  const styles = useStyles()
  const inbox = useInbox(visible)
  const [confirmClear, setConfirmClear] = useState(false)
  const { status, messages, message, selectedId } = inbox
  const selected = messages.find((m) => m.id === selectedId)
  const address = status?.running && status.port !== null ? `${status.host}:${status.port}` : null

  return (
    <div className={styles.screen}>
      <Title2 as="h2" className={styles.title}>
        Local test inbox
      </Title2>
      <ServerPanel status={status} />
      {inbox.error && (
        <AppErrorBar
          title="The inbox could not do that"
          error={inbox.error}
          action={
            <Button size="small" onClick={inbox.dismissError}>
              Dismiss
            </Button>
          }
        />
      )}

      <div className={styles.toolbar}>
        <SearchBox
          className={styles.search}
          placeholder="Search by address or subject"
          aria-label="Search messages"
          value={inbox.query}
          onChange={(_, data) => inbox.setQuery(data.value)}
        />
        <Caption1 className={styles.count} aria-live="polite" data-testid="inbox-count">
          {inbox.query.trim()
            ? `${messages.length} found`
            : `${messages.length} message${messages.length === 1 ? '' : 's'}`}
        </Caption1>
        <Button
          icon={<DeleteDismiss20Regular />}
          disabled={messages.length === 0 && !inbox.query}
          onClick={() => setConfirmClear(true)}
        >
          Clear all
        </Button>
      </div>

      {inbox.pending && (
        <MessageBar intent="info" data-testid="undo-delete">
          <MessageBarBody>{`Deleted “${inbox.pending.subject || '(no subject)'}”.`}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={inbox.undo}>
              Undo
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}

      {messages.length === 0 ? (
        inbox.loaded && (
          <div className={styles.empty}>
            <MailInbox24Regular className={styles.emptyIcon} aria-hidden />
            <Text weight="semibold">{inbox.query.trim() ? 'No message matches the search.' : 'No mail yet'}</Text>
            {!inbox.query.trim() && (
              <Text className={styles.hint}>
                {`Compose a message from the “Local test inbox” account, or point your application's SMTP settings at ${address ?? 'the inbox'}. Everything sent there shows up here at once.`}
              </Text>
            )}
          </div>
        )
      ) : (
        <MessageList messages={messages} selectedId={selectedId} onSelect={inbox.select} onDelete={inbox.remove} />
      )}

      {selected &&
        (message ? (
          <MessageView
            message={message}
            onDelete={() => inbox.remove(selected)}
            onSaveAttachment={(index) => void inbox.saveAttachment(message.id, index)}
          />
        ) : (
          inbox.messageLoading && <MessageLoading />
        ))}
      {messages.length > 0 && !selected && (
        <Caption1 className={styles.hint}>
          Select a message to read it. Up and Down move through the list; Delete deletes (with undo).
        </Caption1>
      )}

      <Dialog open={confirmClear} onOpenChange={(_, data) => setConfirmClear(data.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Delete every message?</DialogTitle>
            <DialogContent>The local test inbox is emptied on disk. This cannot be undone.</DialogContent>
            <DialogActions>
              <Button onClick={() => setConfirmClear(false)}>Cancel</Button>
              <Button
                appearance="primary"
                onClick={() => {
                  setConfirmClear(false)
                  void inbox.clear()
                }}
              >
                Delete all
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  )
}
