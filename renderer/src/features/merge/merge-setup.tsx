import { useEffect, useMemo, useRef, useState } from 'react'
import {
  Button,
  Caption1,
  Card,
  CardHeader,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import {
  ArrowUpload20Regular,
  CheckmarkCircle20Regular,
  DocumentArrowUp20Regular,
  Send20Filled,
} from '@fluentui/react-icons'
import type {
  Account,
  AppError,
  MergeInput,
  MergeSendOptions,
  MergeValidation,
  TemplateFile,
} from '../../../../shared/contract'
import { AppErrorBar } from '../../components/app-error-bar'
import { sendsmith, settle } from '../../sendsmith'
import {
  autoMap,
  guessAddressColumn,
  guessNameColumn,
  mergeFieldsOf,
  readMergeList,
  type MergeListFile,
} from './merge-list-file'
import { MergeRowPreview } from './merge-row-preview'
import { ValidationReport } from './validation-report'
import type { MergeData } from './use-merge'

const useStyles = makeStyles({
  steps: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalL },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
  },
  message: { display: 'grid', gridTemplateColumns: '2fr 1fr', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  columns: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  column: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    paddingInline: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  hiddenInput: { display: 'none' },
  subhead: { marginTop: tokens.spacingVerticalS, fontWeight: tokens.fontWeightSemibold },
  footer: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'flex-end' },
})

function StepHeader({
  n,
  title,
  done,
  description,
}: {
  n: number
  title: string
  done: boolean
  description?: string
}) {
  return (
    <CardHeader
      image={
        done ? (
          <CheckmarkCircle20Regular color={tokens.colorPaletteGreenForeground1} aria-label="Done" />
        ) : (
          <Text weight="semibold">{n}</Text>
        )
      }
      header={
        <Text as="h3" weight="semibold" size={400} style={{ margin: 0 }}>
          {title}
        </Text>
      }
      description={description}
    />
  )
}

/** An optional positive number typed by the user: undefined when empty. */
function numberOrUndefined(text: string): number | undefined {
  const n = Number(text)
  return text.trim() === '' || !Number.isFinite(n) || n <= 0 ? undefined : n
}

interface MergeSetupProps {
  accounts: Account[]
  merge: MergeData
  onStarted: (runId: string) => void
  onOpenAccounts: () => void
}

/** Template, list, mapping, options; then validate every row, preview any row, and send after a confirmation. */
export function MergeSetup({ accounts, merge, onStarted, onOpenAccounts }: MergeSetupProps) {
  const styles = useStyles()
  const [template, setTemplate] = useState<TemplateFile | null>(null)
  const [fileError, setFileError] = useState<AppError | null>(null)
  const [list, setList] = useState<MergeListFile | null>(null)
  const [listError, setListError] = useState<string | null>(null)
  const [addressColumn, setAddressColumn] = useState('')
  const [nameColumn, setNameColumn] = useState('')
  const [fieldChoice, setFieldChoice] = useState<Record<string, string>>({})
  const [subject, setSubject] = useState('')
  const [chosenAccount, setChosenAccount] = useState('')
  const [connections, setConnections] = useState('3')
  const [perConnection, setPerConnection] = useState('100')
  const [perSecond, setPerSecond] = useState('')
  const [perMinute, setPerMinute] = useState('')
  const [perHour, setPerHour] = useState('')
  const [unsubscribeUrl, setUnsubscribeUrl] = useState('')
  const [unsubscribeMailto, setUnsubscribeMailto] = useState('')
  const [oneClick, setOneClick] = useState(false)
  const [validation, setValidation] = useState<{ input: MergeInput; value: MergeValidation } | null>(null)
  const [validationError, setValidationError] = useState<AppError | null>(null)
  const [validating, setValidating] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [starting, setStarting] = useState(false)
  const [startError, setStartError] = useState<AppError | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const handle = useRef<string | null>(null)

  const accountId = chosenAccount || (accounts.find((a) => a.isDefault) ?? accounts[0])?.id || ''
  const account = accounts.find((a) => a.id === accountId)

  // The template file is watched by main: follow its edits, and let it go when this screen does.
  useEffect(() => {
    const off = sendsmith().on('templates:changed', (event) =>
      setTemplate((t) => (t && t.handle === event.handle ? { ...t, source: event.source } : t)),
    )
    return () => {
      off()
      if (handle.current) void settle(sendsmith().templates.close({ handle: handle.current }))
    }
  }, [])

  const openTemplate = async () => {
    const result = await settle(sendsmith().templates.open({}))
    if (!result.ok) return setFileError(result.error)
    setFileError(null)
    if (!result.value) return
    if (handle.current) void settle(sendsmith().templates.close({ handle: handle.current }))
    handle.current = result.value.handle
    setTemplate(result.value)
    if (subject === '') {
      const title = /<title>([^<]*)<\/title>/i.exec(result.value.source)?.[1]?.trim()
      if (title) setSubject(title)
    }
  }

  const chooseList = async (file: File | undefined) => {
    if (!file) return
    try {
      const read = await readMergeList(file)
      setList(read)
      setListError(null)
      setAddressColumn(guessAddressColumn(read.columns) ?? '')
      setNameColumn(guessNameColumn(read.columns) ?? '')
      setFieldChoice({})
    } catch (error) {
      setListError((error as Error).message)
    }
  }

  const fields = useMemo(
    () => mergeFieldsOf(template?.source ?? '', subject, unsubscribeUrl),
    [template, subject, unsubscribeUrl],
  )
  const mapped = useMemo(() => autoMap(fields, list?.columns ?? [], fieldChoice), [fields, list, fieldChoice])

  const input = useMemo((): MergeInput | null => {
    if (!template || !list || !accountId || subject.trim() === '') return null
    const renamed = Object.fromEntries(
      Object.entries(mapped).filter(([field, column]) => column !== '' && column !== field),
    )
    const unsubscribe = unsubscribeUrl.trim() !== '' || unsubscribeMailto.trim() !== ''
    return {
      accountId,
      template: { source: template.source, kind: template.kind },
      subject: subject.trim(),
      data: { format: list.format, text: list.text },
      mapping: { ...(addressColumn && { addressColumn }), ...(nameColumn && { nameColumn }), fields: renamed },
      ...(unsubscribe && {
        listUnsubscribe: {
          ...(unsubscribeUrl.trim() && { url: unsubscribeUrl.trim() }),
          ...(unsubscribeMailto.trim() && { mailto: unsubscribeMailto.trim() }),
          oneClick,
        },
      }),
    }
  }, [
    template,
    list,
    accountId,
    subject,
    mapped,
    addressColumn,
    nameColumn,
    unsubscribeUrl,
    unsubscribeMailto,
    oneClick,
  ])

  const options: MergeSendOptions = {
    connections: Math.min(20, Math.max(1, Math.round(numberOrUndefined(connections) ?? 3))),
    messagesPerConnection: Math.max(1, Math.round(numberOrUndefined(perConnection) ?? 100)),
    limits: {
      ...(numberOrUndefined(perSecond) && { perSecond: numberOrUndefined(perSecond) }),
      ...(numberOrUndefined(perMinute) && { perMinute: numberOrUndefined(perMinute) }),
      ...(numberOrUndefined(perHour) && { perHour: numberOrUndefined(perHour) }),
    },
  }

  // A report is only good for the setup it was made from: any change asks for a new one.
  const current = validation && validation.input === input ? validation.value : null

  const validate = async () => {
    if (!input) return
    setValidating(true)
    const result = await merge.validate(input)
    setValidating(false)
    if (result.ok) {
      setValidation({ input, value: result.value })
      setValidationError(null)
    } else {
      setValidation(null)
      setValidationError(result.error)
    }
  }

  const send = async () => {
    if (!input || !current) return
    setStarting(true)
    const result = await merge.start(input, { ...options, skipInvalid: current.invalid > 0 })
    setStarting(false)
    setConfirming(false)
    if (!result.ok) return setStartError(result.error)
    setStartError(null)
    onStarted(result.value.runId)
  }

  const missing = !template
    ? 'Open a template'
    : !list
      ? 'Choose a recipient list'
      : !accountId
        ? 'Add an account to send from'
        : subject.trim() === ''
          ? 'Write a subject'
          : null
  const limitsText = [
    options.limits?.perSecond && `${options.limits.perSecond}/s`,
    options.limits?.perMinute && `${options.limits.perMinute}/min`,
    options.limits?.perHour && `${options.limits.perHour}/h`,
  ]
    .filter(Boolean)
    .join(', ')

  return (
    <div className={styles.steps} data-testid="merge-setup">
      <Card className={styles.card}>
        <StepHeader
          n={1}
          title="Template"
          done={template !== null}
          description="HTML, MJML or Handlebars; merge fields are written {{field}}."
        />
        <div className={styles.row}>
          <Button icon={<DocumentArrowUp20Regular />} onClick={() => void openTemplate()}>
            {template ? 'Open another template…' : 'Open template…'}
          </Button>
          {template && (
            <Text data-testid="merge-template-name">
              <strong>{template.name}</strong> <span className={styles.muted}>({template.kind.toUpperCase()})</span>
            </Text>
          )}
        </div>
        {fileError && <AppErrorBar title="The template could not be opened" error={fileError} />}
        {template && (
          <Caption1 className={styles.muted}>
            Merge fields:{' '}
            {fields.length > 0
              ? fields.map((f) => `{{${f}}}`).join(', ')
              : 'none (every recipient gets the same message)'}
          </Caption1>
        )}
      </Card>

      <Card className={styles.card}>
        <StepHeader
          n={2}
          title="Recipients"
          done={list !== null}
          description="A CSV file with a header line, or a JSON array of objects; one recipient per row."
        />
        <div className={styles.row}>
          <input
            ref={fileInput}
            className={styles.hiddenInput}
            type="file"
            accept=".csv,.json,text/csv,application/json"
            aria-label="Recipient list file"
            onChange={(e) => void chooseList(e.target.files?.[0]).finally(() => (e.target.value = ''))}
          />
          <Button icon={<ArrowUpload20Regular />} onClick={() => fileInput.current?.click()}>
            {list ? 'Choose another list…' : 'Choose recipient list…'}
          </Button>
          {list && (
            <Text data-testid="merge-list-name">
              <strong>{list.name}</strong>{' '}
              <span className={styles.muted}>
                · {list.rows.toLocaleString()} rows · {list.format.toUpperCase()}
              </span>
            </Text>
          )}
        </div>
        {listError && (
          <MessageBar intent="error">
            <MessageBarBody>{listError}</MessageBarBody>
          </MessageBar>
        )}
        {list && (
          <div className={styles.columns} aria-label="Columns" role="list">
            {list.columns.map((c) => (
              <span key={c} role="listitem" className={styles.column}>
                {c}
              </span>
            ))}
          </div>
        )}
      </Card>

      <Card className={styles.card}>
        <StepHeader n={3} title="Mapping and sending" done={input !== null} />
        <div className={styles.grid}>
          <Field
            label="Address column"
            required
            hint={list && !addressColumn ? 'Choose the column with the addresses' : undefined}
          >
            <Select value={addressColumn} onChange={(_, d) => setAddressColumn(d.value)} disabled={!list}>
              <option value="">Choose…</option>
              {list?.columns.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
          <Field label="Name column (optional)">
            <Select value={nameColumn} onChange={(_, d) => setNameColumn(d.value)} disabled={!list}>
              <option value="">None</option>
              {list?.columns.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
          {fields.map((field) => (
            <Field
              key={field}
              label={`{{${field}}}`}
              validationState={list && mapped[field] === '' ? 'warning' : 'none'}
              validationMessage={list && mapped[field] === '' ? 'No column with this name' : undefined}
            >
              <Select
                aria-label={`Column for ${field}`}
                value={mapped[field]}
                onChange={(_, d) => setFieldChoice((c) => ({ ...c, [field]: d.value }))}
                disabled={!list}
              >
                <option value="">No column</option>
                {list?.columns.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </Select>
            </Field>
          ))}
        </div>
        <div className={styles.message}>
          <Field label="Subject" required hint="May use merge fields: Your code, {{first_name}}">
            <Input value={subject} onChange={(_, d) => setSubject(d.value)} />
          </Field>
          <Field label="From" required>
            {accounts.length === 0 ? (
              <Button appearance="secondary" onClick={onOpenAccounts}>
                Add an account…
              </Button>
            ) : (
              <Select value={accountId} onChange={(_, d) => setChosenAccount(d.value)}>
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} &lt;{a.email}&gt;
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <Text className={styles.subhead}>Speed</Text>
        <div className={styles.grid}>
          <Field label="Connections">
            <Input type="number" min={1} max={20} value={connections} onChange={(_, d) => setConnections(d.value)} />
          </Field>
          <Field label="Messages per connection">
            <Input type="number" min={1} value={perConnection} onChange={(_, d) => setPerConnection(d.value)} />
          </Field>
          <Field label="At most per second">
            <Input
              type="number"
              min={0}
              placeholder="No limit"
              value={perSecond}
              onChange={(_, d) => setPerSecond(d.value)}
            />
          </Field>
          <Field label="At most per minute">
            <Input
              type="number"
              min={0}
              placeholder="No limit"
              value={perMinute}
              onChange={(_, d) => setPerMinute(d.value)}
            />
          </Field>
          <Field label="At most per hour">
            <Input
              type="number"
              min={0}
              placeholder="No limit"
              value={perHour}
              onChange={(_, d) => setPerHour(d.value)}
            />
          </Field>
        </div>
        <Text className={styles.subhead}>List-Unsubscribe (optional)</Text>
        <div className={styles.grid}>
          <Field label="Unsubscribe URL" hint="May use merge fields: https://example.com/u?id={{id}}">
            <Input value={unsubscribeUrl} onChange={(_, d) => setUnsubscribeUrl(d.value)} placeholder="https://…" />
          </Field>
          <Field label="Unsubscribe address">
            <Input
              value={unsubscribeMailto}
              onChange={(_, d) => setUnsubscribeMailto(d.value)}
              placeholder="unsubscribe@example.com"
            />
          </Field>
          <Field label="One-click" hint="RFC 8058; needs an https URL">
            <Checkbox
              checked={oneClick}
              onChange={(_, d) => setOneClick(d.checked === true)}
              label="List-Unsubscribe-Post"
            />
          </Field>
        </div>
      </Card>

      <Card className={styles.card}>
        <StepHeader
          n={4}
          title="Check and preview"
          done={current !== null && current.valid > 0}
          description="Every row is checked before anything is sent."
        />
        <div className={styles.row}>
          <Button
            appearance={current ? 'secondary' : 'primary'}
            disabled={!input || validating}
            onClick={() => void validate()}
            icon={validating ? <Spinner size="tiny" /> : undefined}
          >
            Validate
          </Button>
          {missing && <Caption1 className={styles.muted}>{missing} first.</Caption1>}
          {validation && !current && (
            <Caption1 className={styles.muted}>The setup changed since the last check: validate again.</Caption1>
          )}
        </div>
        {validationError && <AppErrorBar title="The merge cannot start" error={validationError} />}
        {current && input && (
          <>
            <ValidationReport validation={current} />
            {current.valid > 0 && <MergeRowPreview input={input} validation={current} preview={merge.preview} />}
          </>
        )}
      </Card>

      {startError && <AppErrorBar title="The merge did not start" error={startError} />}
      <div className={styles.footer}>
        {current && current.invalid > 0 && (
          <Caption1 className={styles.muted}>{current.invalid} invalid rows will be skipped.</Caption1>
        )}
        <Button
          appearance="primary"
          size="large"
          icon={<Send20Filled />}
          disabled={!current || current.valid === 0 || starting}
          onClick={() => setConfirming(true)}
        >
          {current ? `Send to ${current.valid.toLocaleString()} recipient${current.valid === 1 ? '' : 's'}` : 'Send'}
        </Button>
      </div>

      <Dialog open={confirming} onOpenChange={(_, d) => setConfirming(d.open)}>
        <DialogSurface aria-describedby="merge-confirm-text">
          <DialogBody>
            <DialogTitle>Send {current?.valid.toLocaleString()} messages?</DialogTitle>
            <DialogContent id="merge-confirm-text">
              <p>
                From <strong>{account ? `${account.name} <${account.email}>` : ''}</strong>, subject “{subject.trim()}”,
                over {options.connections} connection{options.connections === 1 ? '' : 's'}
                {limitsText ? `, at most ${limitsText}` : ''}.
              </p>
              {current && current.invalid > 0 && (
                <p>
                  {current.invalid} invalid row{current.invalid === 1 ? ' is' : 's are'} not sent;{' '}
                  {current.invalid === 1 ? 'it is' : 'they are'} listed in the results.
                </p>
              )}
              <p>
                You can pause or cancel the run; a run interrupted by a crash can be resumed without sending anyone
                twice.
              </p>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setConfirming(false)}>
                Not now
              </Button>
              <Button
                appearance="primary"
                disabled={starting}
                onClick={() => void send()}
                icon={starting ? <Spinner size="tiny" /> : undefined}
              >
                {current && current.invalid > 0
                  ? `Skip ${current.invalid} invalid rows and send`
                  : `Send to ${current?.valid.toLocaleString()} recipients`}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  )
}
