import { useEffect, useImperativeHandle, useRef, useState, type DragEvent, type KeyboardEvent, type Ref } from 'react'
import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Option,
  ToggleButton,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components'
import {
  Attach20Regular,
  ChevronDown20Regular,
  Clock20Regular,
  Save20Regular,
  Send20Regular,
} from '@fluentui/react-icons'
import type { Account, Attachment } from '../../../../shared/contract'
import { AccountPicker, senderAccount } from '../../components/account-picker'
import { AddressChips, type ChipNote } from './address-chips'
import { newContentId, readAttachment, withinLimit } from './attachment-files'
import { AttachmentList } from './attachment-list'
import { BodyEditor, type BodyView } from './body-editor'
import {
  chipProblem,
  commitPending,
  duplicateAddresses,
  emptyFields,
  recipientErrors,
  toSendRequest,
  type ComposeFields,
  type Priority,
  type RecipientField,
} from './compose-fields'
import { CustomHeaders, headerProblem } from './custom-headers'
import { SendLaterDialog } from './send-later-dialog'
import { sendWarnings, type SendWarning } from './send-warnings'
import { SendWarningsDialog } from './send-warnings-dialog'
import { SendResultPanel } from './send-result'
import { useDraftAutosave } from './use-draft-autosave'
import { useQueuedSend } from './use-queued-send'
import { HiddenFilePicker } from '../../components/hidden-file-picker'
import { screenColumn } from '../../components/surface-styles'

const useStyles = makeStyles({
  screen: screenColumn,
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalXL,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
  },
  dropping: { outline: `2px dashed ${tokens.colorCompoundBrandStroke}`, outlineOffset: '-6px' },
  commands: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  // Send and its outcome stay in reach while a long message scrolls under them.
  pinned: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginInline: `calc(-1 * ${tokens.spacingHorizontalXL})`,
    paddingInline: tokens.spacingHorizontalXL,
    paddingBlock: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  sendGroup: { display: 'flex' },
  sendMain: { borderTopRightRadius: 0, borderBottomRightRadius: 0 },
  sendMenu: {
    borderTopLeftRadius: 0,
    borderBottomLeftRadius: 0,
    minWidth: '32px',
    borderLeft: `1px solid ${tokens.colorNeutralForegroundOnBrand}`,
  },
  status: { marginLeft: 'auto', color: tokens.colorNeutralForeground3 },
  // Outlook-style: short labels beside the address lines instead of a third of the width.
  inline: { gridTemplateColumns: '80px 1fr' },
  from: { minWidth: 0, width: '100%' },
  options: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  priority: { minWidth: '120px' },
  messages: { whiteSpace: 'pre-line' },
})

type FormField = 'from' | RecipientField | 'subject' | 'html' | 'headers' | 'attachments'
type FieldErrors = Partial<Record<FormField, string>>
// The request's field names as main reports them, mapped to the form's fields.
const errorFields: Record<string, FormField> = {
  accountId: 'from',
  to: 'to',
  cc: 'cc',
  bcc: 'bcc',
  replyTo: 'replyTo',
  subject: 'subject',
  html: 'html',
  text: 'html',
  headers: 'headers',
  attachments: 'attachments',
}
const recipientLabels: Record<RecipientField, string> = { to: 'To', cc: 'Cc', bcc: 'Bcc', replyTo: 'Reply-To' }
const priorityLabels: Record<Priority, string> = { high: 'High', normal: 'Normal', low: 'Low' }

// A new message opens in the rich view; once the user picks the source view (or back), that choice
// is remembered for the next message.
const defaultBodyView: BodyView = 'rich'
const bodyViewKey = 'sendsmith.compose.bodyView'
const savedBodyView = (): BodyView =>
  localStorage.getItem(bodyViewKey) === 'rich'
    ? 'rich'
    : localStorage.getItem(bodyViewKey) === 'source'
      ? 'source'
      : defaultBodyView

/** Where Ctrl+Z means "undo typing", not "undo send". */
const isTextEntry = (target: EventTarget) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement)

const signatureBlock = (account: Account | undefined) =>
  account?.signatureHtml ? `<p></p><p></p>${account.signatureHtml}` : ''

export interface ComposeHandle {
  /** Saves the draft now if anything changed (before the tab closes). */
  flush: () => Promise<void>
  /** File > Send (the application menu's Ctrl/Cmd+Enter). */
  send: () => void
  /** File > Send Later: opens the date and time dialog. */
  sendLater: () => void
}

interface ComposeFormProps {
  accounts: Account[]
  loading: boolean
  onOpenAccounts: () => void
  /** A draft to continue; without it, a new message with the default account's signature. */
  initial?: { fields: ComposeFields; draftId: string }
  /** The subject, for the compose tab's title. */
  onTitle?: (title: string) => void
  handle?: Ref<ComposeHandle>
}

/** One message being written: addresses, subject, options, attachments and the body; sent through the outbox with undo. */
export function ComposeForm({ accounts, loading, onOpenAccounts, initial, onTitle, handle }: ComposeFormProps) {
  const styles = useStyles()
  const [fields, setFields] = useState<ComposeFields>(() => initial?.fields ?? emptyFields())
  const [dirty, setDirty] = useState(false)
  const [view, setView] = useState<BodyView>(savedBodyView)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [notice, setNotice] = useState<string | null>(null)
  const [showHeaders, setShowHeaders] = useState((initial?.fields.headers.length ?? 0) > 0)
  const [laterOpen, setLaterOpen] = useState(false)
  const [dropping, setDropping] = useState(false)
  const picker = useRef<HTMLInputElement>(null)
  // Files are read asynchronously: add them to the attachments as they are then, not as they were.
  const latest = useRef(fields)
  latest.current = fields
  const send = useQueuedSend()
  const draft = useDraftAutosave(fields, dirty, initial?.draftId)
  const submitRef = useRef<(sendAt?: Date) => Promise<void>>(async () => {})
  useImperativeHandle(
    handle,
    () => ({ flush: draft.saveNow, send: () => void submitRef.current(), sendLater: () => setLaterOpen(true) }),
    [draft.saveNow],
  )

  // Until the user picks one (or if theirs was deleted), send from the default account.
  const account = senderAccount(accounts, fields.accountId)

  // A new, untouched message gets the account's signature once the accounts are known.
  useEffect(() => {
    if (initial || dirty || !account || fields.accountId === account.id) return
    setFields((f) => ({ ...f, accountId: account.id, html: signatureBlock(account) }))
  }, [account, dirty, fields.accountId, initial])

  useEffect(() => {
    onTitle?.(fields.subject.trim() || 'New message')
  }, [fields.subject, onTitle])

  // Sent: the draft has done its job. (Undo, a failure or a retry keep it.)
  const sentId = send.phase.kind === 'entry' && send.phase.entry.state === 'sent' ? send.phase.entry.id : null
  const { discard } = draft
  const recipientIds = useRef<Partial<Record<RecipientField, string>>>({})
  useEffect(() => {
    if (!sentId) return
    void discard()
    // Sent: the tab starts the next message (no second send by mistake) and the result stays above it.
    setFields((f) => emptyFields(f.accountId, signatureBlock(account)))
    setDirty(false)
    setErrors({})
    const to = recipientIds.current.to
    if (to) document.getElementById(to)?.focus()
    // Only a newly sent message clears the tab.
  }, [sentId, discard])

  const update = (patch: Partial<ComposeFields>, clears?: FormField) => {
    setFields((f) => ({ ...f, ...patch }))
    setDirty(true)
    if (clears) setErrors((e) => (e[clears] ? { ...e, [clears]: undefined } : e))
  }

  const duplicates = duplicateAddresses(fields)
  const chipNotes =
    (field: RecipientField) =>
    (chip: string): ChipNote | null => {
      const problem = chipProblem(chip)
      if (problem) return { kind: 'invalid', text: problem }
      if (field === 'replyTo') return null
      const also = [...duplicates].find(([address]) => chip.toLowerCase().includes(address))
      return also
        ? {
            kind: 'duplicate',
            text: `Also in ${
              also[1]
                .filter((f) => f !== field)
                .map((f) => recipientLabels[f])
                .join(', ') || 'this field'
            }`,
          }
        : null
    }

  const fieldState = (field: FormField) => {
    const live =
      field === 'to' || field === 'cc' || field === 'bcc' || field === 'replyTo' ? recipientErrors(fields[field]) : []
    const messages = [...live, ...(errors[field] ? [errors[field]] : [])]
    if (messages.length === 0) return {}
    // One line per bad address, so each can be read (and found) on its own.
    return {
      validationState: 'error' as const,
      validationMessage: { children: messages.join('\n'), className: styles.messages },
    }
  }

  const addAttachments = (added: Attachment[]) => {
    latest.current = { ...latest.current, attachments: [...latest.current.attachments, ...added] }
    setFields((f) => ({ ...f, attachments: [...f.attachments, ...added] }))
    setDirty(true)
    setErrors((e) => ({ ...e, attachments: undefined }))
  }

  const addFiles = async (files: File[]) => {
    const read = await Promise.all(files.map((f) => readAttachment(f)))
    const { accepted, refused } = withinLimit(latest.current.attachments, read)
    if (accepted.length > 0) addAttachments(accepted)
    setNotice(refused)
  }

  const insertImages = async (files: File[]): Promise<Attachment[]> => {
    const read = await Promise.all(files.map((f) => readAttachment(f, newContentId())))
    const { accepted, refused } = withinLimit(latest.current.attachments, read)
    if (accepted.length > 0) addAttachments(accepted)
    setNotice(refused)
    return accepted
  }

  const undoable = send.phase.kind === 'entry' && send.phase.entry.state === 'queued'
  const sendPending =
    send.phase.kind === 'queueing' ||
    (send.phase.kind === 'entry' && (send.phase.entry.state === 'queued' || send.phase.entry.state === 'sending'))

  // Warnings waiting for the user's word, and when the message was to go (send later keeps its time).
  const subjectInput = useRef<HTMLInputElement>(null)
  const attachButton = useRef<HTMLButtonElement>(null)
  const deliveryButton = useRef<HTMLButtonElement>(null)
  const [warned, setWarned] = useState<{ warnings: SendWarning[]; sendAt?: Date }>({ warnings: [] })

  const submit = async (sendAt?: Date, confirmed = false) => {
    if (sendPending) return
    const ready = commitPending(fields)
    setFields(ready)
    const found: FieldErrors = {}
    const invalid = (['to', 'cc', 'bcc', 'replyTo'] as const).some((f) => recipientErrors(ready[f]).length > 0)
    const request = toSendRequest(ready)
    if (!invalid && request.to.length + request.cc.length + request.bcc.length === 0)
      found.to = 'Add at least one recipient in To, Cc or Bcc'
    if (!account) found.from = 'Choose an account to send from'
    const badHeader = ready.headers.map(headerProblem).find((p) => p !== null)
    if (badHeader) found.headers = `Custom headers: ${badHeader.message}`
    if (badHeader) setShowHeaders(true)
    setErrors(found)
    if (invalid || Object.keys(found).length > 0 || !account) return
    const warnings = confirmed ? [] : sendWarnings(request)
    if (warnings.length > 0) return setWarned({ warnings, sendAt })
    const outcome = await send.queue({ ...request, accountId: account.id }, sendAt)
    const field =
      !outcome.ok && outcome.error.field !== undefined ? errorFields[outcome.error.field.split('.')[0]] : undefined
    if (!outcome.ok && field) setErrors({ [field]: outcome.error.message })
  }

  submitRef.current = submit

  // Capture phase: the editors would otherwise take Ctrl+Enter (a line break) and Ctrl+S for themselves.
  const onKeyDownCapture = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey)) return
    if (event.key.toLowerCase() === 'z' && !event.shiftKey && undoable && !isTextEntry(event.target)) {
      // Ctrl+Z outside a text field takes back the message while its undo delay runs.
      event.preventDefault()
      void send.undo()
    } else if (event.key === 'Enter') {
      event.preventDefault()
      event.stopPropagation()
      void submit()
    } else if (event.key.toLowerCase() === 's') {
      event.preventDefault()
      event.stopPropagation()
      void draft.saveNow()
    }
  }

  const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files')
  const onDrop = (event: DragEvent) => {
    setDropping(false)
    // The rich editor took it (an image dropped into the text becomes an inline image).
    if (event.defaultPrevented || !hasFiles(event)) return
    event.preventDefault()
    void addFiles([...event.dataTransfer.files])
  }

  const recipientField = (field: RecipientField) => (
    <Field label={recipientLabels[field]} orientation="horizontal" className={styles.inline} {...fieldState(field)}>
      {(control) => {
        recipientIds.current[field] = control.id
        return (
          <AddressChips
            control={control}
            value={fields[field]}
            onChange={(value) => update({ [field]: value }, field)}
            notes={chipNotes(field)}
          />
        )
      }}
    </Field>
  )

  return (
    <div
      className={styles.screen}
      onKeyDownCapture={onKeyDownCapture}
      onDragOver={(e) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        setDropping(true)
      }}
      onDragLeave={(e) => e.currentTarget === e.target && setDropping(false)}
      onDrop={onDrop}
    >
      {!loading && accounts.length === 0 && (
        <MessageBar intent="info">
          <MessageBarBody>
            There is no account to send from yet. Add the SMTP server you send through first.
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={onOpenAccounts}>Go to Accounts</Button>
          </MessageBarActions>
        </MessageBar>
      )}

      <form
        className={mergeClasses(styles.form, dropping && styles.dropping)}
        onSubmit={(e) => e.preventDefault()}
        aria-label="New message"
        noValidate
      >
        <div className={styles.pinned}>
          <div className={styles.commands}>
            <div className={styles.sendGroup}>
              <Button
                type="button"
                appearance="primary"
                className={styles.sendMain}
                icon={<Send20Regular />}
                disabled={sendPending}
                onClick={() => void submit()}
              >
                Send
              </Button>
              <Menu positioning="below-start">
                <MenuTrigger disableButtonEnhancement>
                  <Button
                    ref={deliveryButton}
                    type="button"
                    appearance="primary"
                    className={styles.sendMenu}
                    icon={<ChevronDown20Regular />}
                    aria-label="Delivery options"
                    disabled={sendPending}
                  />
                </MenuTrigger>
                <MenuPopover>
                  <MenuList>
                    <MenuItem icon={<Clock20Regular />} onClick={() => setLaterOpen(true)}>
                      Send later…
                    </MenuItem>
                  </MenuList>
                </MenuPopover>
              </Menu>
            </div>
            <Button ref={attachButton} type="button" icon={<Attach20Regular />} onClick={() => picker.current?.click()}>
              Attach files
            </Button>
            <HiddenFilePicker ref={picker} multiple label="Files to attach" onFiles={(files) => void addFiles(files)} />
            <Button
              type="button"
              appearance="subtle"
              icon={<Save20Regular />}
              onClick={() => void draft.saveNow()}
              disabled={!dirty}
            >
              Save draft
            </Button>
            <Caption1 className={styles.status} data-testid="draft-status">
              {draft.error
                ? `Draft not saved: ${draft.error.message}`
                : draft.savedAt
                  ? `Draft saved ${draft.savedAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
                  : 'Ctrl+Enter sends · Ctrl+S saves'}
            </Caption1>
          </div>
          <SendResultPanel phase={send.phase} onUndo={() => void send.undo()} onResend={() => void send.resend()} />
        </div>

        <Field label="From" orientation="horizontal" className={styles.inline} {...fieldState('from')}>
          <AccountPicker
            className={styles.from}
            accounts={accounts}
            account={account}
            loading={loading}
            onChange={(next) => {
              // An untouched message swaps in the new account's signature, as Outlook does.
              setFields((f) => ({
                ...f,
                accountId: next.id,
                ...(!dirty && !initial && { html: signatureBlock(next) }),
              }))
              setErrors((e) => ({ ...e, from: undefined }))
            }}
          />
        </Field>
        {recipientField('to')}
        {recipientField('cc')}
        {recipientField('bcc')}
        {recipientField('replyTo')}
        <Field label="Subject" orientation="horizontal" className={styles.inline} {...fieldState('subject')}>
          <Input
            ref={subjectInput}
            value={fields.subject}
            onChange={(_, d) => update({ subject: d.value }, 'subject')}
          />
        </Field>
        <div className={styles.options}>
          <Field label="Priority" orientation="horizontal">
            <Dropdown
              className={styles.priority}
              value={priorityLabels[fields.priority]}
              selectedOptions={[fields.priority]}
              onOptionSelect={(_, d) => d.optionValue && update({ priority: d.optionValue as Priority })}
            >
              {(['high', 'normal', 'low'] as const).map((p) => (
                <Option key={p} value={p}>
                  {priorityLabels[p]}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <ToggleButton
            size="small"
            checked={showHeaders}
            onClick={() => setShowHeaders((v) => !v)}
            aria-expanded={showHeaders}
          >
            Custom headers{fields.headers.length > 0 ? ` (${fields.headers.length})` : ''}
          </ToggleButton>
        </div>
        {showHeaders && (
          <Field label="Custom headers" {...fieldState('headers')}>
            <CustomHeaders headers={fields.headers} onChange={(headers) => update({ headers }, 'headers')} />
          </Field>
        )}
        {notice && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{notice}</MessageBarBody>
            <MessageBarActions>
              <Button onClick={() => setNotice(null)}>Dismiss</Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {errors.attachments && (
          <MessageBar intent="error">
            <MessageBarBody>{errors.attachments}</MessageBarBody>
          </MessageBar>
        )}
        <AttachmentList
          attachments={fields.attachments}
          onRemove={(a) => update({ attachments: fields.attachments.filter((x) => x !== a) }, 'attachments')}
        />
        {errors.html && (
          <MessageBar intent="error">
            <MessageBarBody>{errors.html}</MessageBarBody>
          </MessageBar>
        )}
        <BodyEditor
          html={fields.html}
          text={fields.text}
          attachments={fields.attachments}
          view={view}
          onView={(v) => {
            setView(v)
            localStorage.setItem(bodyViewKey, v)
          }}
          onHtml={(html) => update({ html }, 'html')}
          onText={(text) => update({ text }, 'html')}
          onInsertImages={insertImages}
          onAttachFiles={(files) => void addFiles(files)}
        />
      </form>

      <SendLaterDialog
        open={laterOpen}
        onClose={() => {
          setLaterOpen(false)
          // The menu item that opened the dialog is gone: focus goes back to the menu's button.
          requestAnimationFrame(() => deliveryButton.current?.focus())
        }}
        onSchedule={(at) => {
          setLaterOpen(false)
          void submit(at)
        }}
      />
      <SendWarningsDialog
        warnings={warned.warnings}
        onSendAnyway={() => {
          setWarned({ warnings: [] })
          void submit(warned.sendAt, true)
        }}
        onGoBack={(field) => {
          setWarned({ warnings: [] })
          // Back where the fix is (after the dialog has given focus back to where it was).
          requestAnimationFrame(() => (field === 'subject' ? subjectInput : attachButton).current?.focus())
        }}
      />
    </div>
  )
}
