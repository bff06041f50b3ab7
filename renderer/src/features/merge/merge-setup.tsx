import { useMemo, useReducer, useRef, useState, type ReactNode } from 'react'
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
import type { Account, ReadinessReport } from '../../../../shared/contract'
import { AccountPicker, accountMailbox, senderAccount } from '../../components/account-picker'
import { AppErrorBar } from '../../components/app-error-bar'
import { readMergeList } from './merge-list-file'
import {
  currentValidation,
  fieldsInUse,
  initialMergeSetup,
  limitsText,
  mappingOf,
  mergeInputOf,
  mergeSetupReducer,
  missingStep,
  sendOptionsOf,
  type MergeSetupAction,
  type MergeSetupFields,
  type MergeSetupTextField,
} from './merge-setup-state'
import { MergeRowPreview } from './merge-row-preview'
import { ValidationReport } from './validation-report'
import { ReadinessReportView } from './readiness-report'
import { useMergeTemplateFile, type MergeData } from './use-merge'
import { BusyButton } from '../../components/busy-button'
import { HiddenFilePicker } from '../../components/hidden-file-picker'

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
  subhead: { marginTop: tokens.spacingVerticalS, fontWeight: tokens.fontWeightSemibold },
  footer: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'flex-end' },
})

/** The speed fields: the connections, then the rate limits (empty means no limit). */
const speedFields: {
  key: 'connections' | 'perConnection' | 'perSecond' | 'perMinute' | 'perHour'
  label: string
  min: number
  max?: number
  placeholder?: string
}[] = [
  { key: 'connections', label: 'Connections', min: 1, max: 20 },
  { key: 'perConnection', label: 'Messages per connection', min: 1 },
  { key: 'perSecond', label: 'At most per second', min: 0, placeholder: 'No limit' },
  { key: 'perMinute', label: 'At most per minute', min: 0, placeholder: 'No limit' },
  { key: 'perHour', label: 'At most per hour', min: 0, placeholder: 'No limit' },
]

/** One numbered step of the setup: a card whose header turns into a check mark once the step is done. */
function SetupStep({
  n,
  title,
  done,
  description,
  children,
}: {
  n: number
  title: string
  done: boolean
  description?: string
  children: ReactNode
}) {
  const styles = useStyles()
  return (
    <Card className={styles.card}>
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
      {children}
    </Card>
  )
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
  const [state, dispatch] = useReducer(mergeSetupReducer, initialMergeSetup)
  const { fields: setup, validation, validating, confirming, starting } = state
  const { template, list, addressColumn, nameColumn, subject } = setup
  const fileInput = useRef<HTMLInputElement>(null)
  const set = <K extends MergeSetupTextField>(field: K, value: MergeSetupFields[K]) =>
    dispatch({ type: 'set', field, value } as MergeSetupAction)

  const account = senderAccount(accounts, setup.chosenAccount)
  const [readiness, setReadiness] = useState<ReadinessReport | null>(null)
  const [overrideReadiness, setOverrideReadiness] = useState(false)
  const accountId = account?.id ?? ''

  // The template file is watched by main: follow its edits.
  const templateFile = useMergeTemplateFile((handle, source) => dispatch({ type: 'templateChanged', handle, source }))

  const openTemplate = async () => {
    const result = await templateFile.open()
    if (!result.ok) return dispatch({ type: 'templateNotOpened', error: result.error })
    if (!result.value) return dispatch({ type: 'templateNotOpened', error: null })
    dispatch({ type: 'templateOpened', template: result.value })
  }

  const chooseList = async (file: File | undefined) => {
    if (!file) return
    try {
      dispatch({ type: 'listRead', list: await readMergeList(file) })
    } catch (error) {
      dispatch({ type: 'listNotRead', message: (error as Error).message })
    }
  }

  const fields = useMemo(() => fieldsInUse(setup), [setup])
  const mapped = useMemo(() => mappingOf(setup), [setup])
  const input = useMemo(() => mergeInputOf(setup, accountId), [setup, accountId])
  const options = sendOptionsOf(setup)

  // A report is only good for the setup it was made from: any change asks for a new one.
  const current = currentValidation(state, input)

  const validate = async () => {
    if (!input) return
    dispatch({ type: 'validating' })
    const result = await merge.validate(input)
    dispatch(
      result.ok ? { type: 'validated', input, value: result.value } : { type: 'notValidated', error: result.error },
    )
  }

  const send = async () => {
    if (!input || !current) return
    dispatch({ type: 'starting' })
    const result = await merge.start(input, {
      ...options,
      saveSentCopy: options.saveSentCopy === true && account?.imap !== undefined,
      skipInvalid: current.invalid > 0,
      ...(overrideReadiness && { overrideReadiness }),
    })
    if (!result.ok) return dispatch({ type: 'notStarted', error: result.error })
    dispatch({ type: 'started' })
    onStarted(result.value.runId)
  }

  const missing = missingStep(setup, accountId)
  const limits = limitsText(options)

  return (
    <div className={styles.steps} data-testid="merge-setup">
      <SetupStep
        n={1}
        title="Template"
        done={template !== null}
        description="HTML, MJML or Handlebars; merge fields are written {{field}}."
      >
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
        {state.fileError && <AppErrorBar title="The template could not be opened" error={state.fileError} />}
        {template && (
          <Caption1 className={styles.muted}>
            Merge fields:{' '}
            {fields.length > 0
              ? fields.map((f) => `{{${f}}}`).join(', ')
              : 'none (every recipient gets the same message)'}
          </Caption1>
        )}
      </SetupStep>

      <SetupStep
        n={2}
        title="Recipients"
        done={list !== null}
        description="A CSV file with a header line, or a JSON array of objects; one recipient per row."
      >
        <div className={styles.row}>
          <HiddenFilePicker
            ref={fileInput}
            accept=".csv,.json,text/csv,application/json"
            label="Recipient list file"
            onFiles={([file]) => void chooseList(file)}
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
        {state.listError && (
          <MessageBar intent="error">
            <MessageBarBody>{state.listError}</MessageBarBody>
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
      </SetupStep>

      <SetupStep n={3} title="Mapping and sending" done={input !== null}>
        <div className={styles.grid}>
          <Field
            label="Address column"
            required
            hint={list && !addressColumn ? 'Choose the column with the addresses' : undefined}
          >
            <Select value={addressColumn} onChange={(_, d) => set('addressColumn', d.value)} disabled={!list}>
              <option value="">Choose…</option>
              {list?.columns.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
          <Field label="Name column (optional)">
            <Select value={nameColumn} onChange={(_, d) => set('nameColumn', d.value)} disabled={!list}>
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
                onChange={(_, d) => dispatch({ type: 'mapField', field, column: d.value })}
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
            <Input value={subject} onChange={(_, d) => set('subject', d.value)} />
          </Field>
          <Field label="From" required>
            {accounts.length === 0 ? (
              <Button appearance="secondary" onClick={onOpenAccounts}>
                Add an account…
              </Button>
            ) : (
              <AccountPicker accounts={accounts} account={account} onChange={(a) => set('chosenAccount', a.id)} />
            )}
          </Field>
        </div>
        <Text className={styles.subhead}>Speed</Text>
        <div className={styles.grid}>
          {speedFields.map(({ key, label, min, max, placeholder }) => (
            <Field key={key} label={label}>
              <Input
                type="number"
                min={min}
                max={max}
                placeholder={placeholder}
                value={setup[key]}
                onChange={(_, d) => set(key, d.value)}
              />
            </Field>
          ))}
        </div>
        <Text className={styles.subhead}>Sent folder</Text>
        <Field
          hint={
            account?.imap
              ? `Each delivered message is appended once to Sent on ${account.imap.host} over IMAP.`
              : 'This account has no IMAP server: add one to the account to save copies.'
          }
        >
          <Checkbox
            checked={setup.saveSentCopy && account?.imap !== undefined}
            disabled={!account?.imap}
            onChange={(_, d) => set('saveSentCopy', d.checked === true)}
            label="Save a copy of each message in Sent"
          />
        </Field>
        <Text className={styles.subhead}>List-Unsubscribe (optional)</Text>
        <div className={styles.grid}>
          <Field label="Unsubscribe URL" hint="May use merge fields: https://example.com/u?id={{id}}">
            <Input
              value={setup.unsubscribeUrl}
              onChange={(_, d) => set('unsubscribeUrl', d.value)}
              placeholder="https://…"
            />
          </Field>
          <Field label="Unsubscribe address">
            <Input
              value={setup.unsubscribeMailto}
              onChange={(_, d) => set('unsubscribeMailto', d.value)}
              placeholder="unsubscribe@example.com"
            />
          </Field>
          <Field label="One-click" hint="RFC 8058; needs an https URL">
            <Checkbox
              checked={setup.oneClick}
              onChange={(_, d) => set('oneClick', d.checked === true)}
              label="List-Unsubscribe-Post"
            />
          </Field>
        </div>
      </SetupStep>

      <SetupStep
        n={4}
        title="Check and preview"
        done={current !== null && current.valid > 0}
        description="Every row is checked before anything is sent."
      >
        <div className={styles.row}>
          <BusyButton
            appearance={current ? 'secondary' : 'primary'}
            disabled={!input}
            busy={validating}
            onClick={() => void validate()}
          >
            Validate
          </BusyButton>
          {missing && <Caption1 className={styles.muted}>{missing} first.</Caption1>}
          {validation && !current && (
            <Caption1 className={styles.muted}>The setup changed since the last check: validate again.</Caption1>
          )}
        </div>
        {state.validationError && <AppErrorBar title="The merge cannot start" error={state.validationError} />}
        {current && input && (
          <>
            <ValidationReport validation={current} />
            {current.valid > 0 && (
              <ReadinessReportView
                input={input}
                override={overrideReadiness}
                onOverride={setOverrideReadiness}
                onReport={setReadiness}
              />
            )}
            {current.valid > 0 && <MergeRowPreview input={input} validation={current} preview={merge.preview} />}
          </>
        )}
      </SetupStep>

      {state.startError && <AppErrorBar title="The merge did not start" error={state.startError} />}
      <div className={styles.footer}>
        {current && current.invalid > 0 && (
          <Caption1 className={styles.muted}>{current.invalid} invalid rows will be skipped.</Caption1>
        )}
        <Button
          appearance="primary"
          size="large"
          icon={<Send20Filled />}
          disabled={!current || current.valid === 0 || starting || (readiness?.blocked === true && !overrideReadiness)}
          onClick={() => dispatch({ type: 'confirm', open: true })}
        >
          {current ? `Send to ${current.valid.toLocaleString()} recipient${current.valid === 1 ? '' : 's'}` : 'Send'}
        </Button>
      </div>

      <Dialog open={confirming} onOpenChange={(_, d) => dispatch({ type: 'confirm', open: d.open })}>
        <DialogSurface aria-describedby="merge-confirm-text">
          <DialogBody>
            <DialogTitle>Send {current?.valid.toLocaleString()} messages?</DialogTitle>
            <DialogContent id="merge-confirm-text">
              <p>
                From <strong>{account ? accountMailbox(account) : ''}</strong>, subject “{subject.trim()}”, over{' '}
                {options.connections} connection{options.connections === 1 ? '' : 's'}
                {limits ? `, at most ${limits}` : ''}.
              </p>
              {options.saveSentCopy && account?.imap && <p>A copy of each delivered message is saved in Sent.</p>}
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
              <Button appearance="secondary" onClick={() => dispatch({ type: 'confirm', open: false })}>
                Not now
              </Button>
              <BusyButton appearance="primary" busy={starting} onClick={() => void send()}>
                {current && current.invalid > 0
                  ? `Skip ${current.invalid} invalid rows and send`
                  : `Send to ${current?.valid.toLocaleString()} recipients`}
              </BusyButton>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  )
}
