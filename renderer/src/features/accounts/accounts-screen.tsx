import { useEffect, useRef, useState } from 'react'
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import {
  Add20Regular,
  ArrowDownload20Regular,
  ArrowUpload20Regular,
  Beaker20Regular,
  Dismiss20Regular,
} from '@fluentui/react-icons'
import type { Account, AppError, ImportAccept, ImportCandidate } from '../../../../shared/contract'
import { AppErrorBar, accountErrorTitle } from '../../components/app-error-bar'
import { AccountForm } from './account-form'
import { AccountList } from './account-list'
import { AccountSetup, type SetupPrefill } from './setup/account-setup'
import { TestAccountPanel } from './test/test-account-panel'
import { accountFileName } from './transfer/download-text'
import { ImportReviewDialog, needsReview } from './transfer/import-review-dialog'
import { TransferResult, type Transfer } from './transfer/transfer-result'
import type { AccountsData } from './use-accounts'
import { HiddenFilePicker } from '../../components/hidden-file-picker'
import { screenColumn } from '../../components/surface-styles'
import { downloadText } from '../../components/download-file'

const useStyles = makeStyles({
  screen: screenColumn,
  top: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
  },
  title: { margin: 0 },
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
})

type View =
  | { kind: 'list' }
  | { kind: 'setup'; prefill?: SetupPrefill }
  | { kind: 'form'; account?: Account; prefill?: SetupPrefill }
  | { kind: 'test'; accountId: string }

/** The largest account file read; main refuses more anyway. */
const maxImportBytes = 5 * 1024 * 1024

/** The Accounts screen: the list, the setup flow, the form for one account, or its connection test. */
export function AccountsScreen({ data }: { data: AccountsData }) {
  const styles = useStyles()
  const [view, setView] = useState<View>({ kind: 'list' })
  const [saved, setSaved] = useState<{ account: Account; created: boolean } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [actionError, setActionError] = useState<{ title: string; error: AppError } | null>(null)
  const [transfer, setTransfer] = useState<Transfer | null>(null)
  const [busy, setBusy] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)
  // An import waiting for the user to review the trust its accounts would bring in.
  const [review, setReview] = useState<{ json: string; candidates: ImportCandidate[] } | null>(null)
  const top = useRef<HTMLDivElement>(null)

  // A new view starts at its top, not wherever the list was scrolled to.
  useEffect(() => {
    top.current?.scrollIntoView({ block: 'nearest' })
  }, [view.kind])

  const clearMessages = () => {
    setSaved(null)
    setNotice(null)
    setActionError(null)
    setTransfer(null)
  }
  const go = (next: View) => {
    clearMessages()
    setView(next)
  }

  const fail = (title: string, error: AppError) => {
    setNotice(null)
    setTransfer(null)
    setActionError({ title, error })
  }

  const makeDefault = async (account: Account) => {
    clearMessages()
    const result = await data.makeDefault(account.id)
    if (result.ok) setNotice(`${account.name} is now the default account`)
    else fail(accountErrorTitle(result.error), result.error)
  }

  const duplicate = async (account: Account) => {
    clearMessages()
    const result = await data.duplicate(account.id)
    if (result.ok) setNotice(`Duplicated ${account.name} as ${result.value.name}`)
    else fail(accountErrorTitle(result.error), result.error)
  }

  const exportAccounts = async (accounts?: Account[]) => {
    clearMessages()
    setBusy(true)
    const result = await data.exportJson(accounts?.map((a) => a.id))
    setBusy(false)
    if (!result.ok) {
      fail('Export failed', result.error)
      return
    }
    const filename = accounts?.length === 1 ? accountFileName(accounts[0].name) : 'sendsmith-accounts.json'
    downloadText(result.value.json, filename)
    setTransfer({
      kind: 'exported',
      count: accounts?.length ?? data.accounts.length,
      filename,
      json: result.value.json,
    })
  }

  const importFile = async (file: File) => {
    clearMessages()
    if (file.size > maxImportBytes) {
      fail('Import failed', {
        code: 'VALIDATION',
        message: `${file.name} is larger than 5 MB: choose a file exported by Sendsmith`,
      })
      return
    }
    setBusy(true)
    const json = await file.text()
    const preview = await data.previewImport(json)
    if (!preview.ok) {
      setBusy(false)
      fail('Import failed', preview.error)
      return
    }
    // A CA, a pinned certificate or the plaintext consent is shown and asked for first.
    if (preview.value.accounts.some(needsReview)) {
      setBusy(false)
      setReview({ json, candidates: preview.value.accounts })
      return
    }
    await runImport(json, [])
  }

  const runImport = async (json: string, accept: ImportAccept[]) => {
    setReview(null)
    setBusy(true)
    const result = await data.importJson(json, accept)
    setBusy(false)
    if (result.ok) setTransfer({ kind: 'imported', ...result.value })
    else fail('Import failed', result.error)
  }

  const openImport = () => fileInput.current?.click()

  // Both the list and the empty state offer Import…: one file input serves them.
  const importInput = (
    <HiddenFilePicker
      ref={fileInput}
      accept=".json,application/json"
      label="Import accounts from a file"
      testId="import-file"
      onFiles={([file]) => void importFile(file)}
    />
  )

  if (view.kind === 'setup') {
    return (
      <div className={styles.screen} ref={top}>
        <AccountSetup
          initial={view.prefill}
          onManual={(prefill) => go({ kind: 'form', prefill })}
          onCancel={() => go({ kind: 'list' })}
        />
      </div>
    )
  }

  if (view.kind === 'form') {
    const fromSetup = view.account === undefined
    return (
      <div className={styles.screen} ref={top}>
        <AccountForm
          // A fresh form per account, so no typed value leaks from one account to another.
          key={view.account?.id ?? 'new'}
          account={view.account}
          prefill={view.prefill}
          onSave={data.save}
          onSaved={(account, created) => {
            setView({ kind: 'list' })
            clearMessages()
            setSaved({ account, created })
          }}
          onCancel={() => go({ kind: 'list' })}
          onBack={fromSetup ? () => go({ kind: 'setup', prefill: view.prefill }) : undefined}
          onUntrust={data.untrust}
          onDkimChanged={() => void data.reload()}
        />
      </div>
    )
  }

  if (view.kind === 'test') {
    const account = data.accounts.find((a) => a.id === view.accountId)
    return (
      <div className={styles.screen} ref={top}>
        {account ? (
          <TestAccountPanel
            key={account.id}
            account={account}
            onTrust={data.trust}
            onEdit={(a) => go({ kind: 'form', account: a })}
            onClose={() => go({ kind: 'list' })}
          />
        ) : (
          <AppErrorBar
            title="Account not found"
            error={{ code: 'NOT_FOUND', message: 'This account no longer exists.' }}
            action={<Button onClick={() => go({ kind: 'list' })}>Back to accounts</Button>}
          />
        )}
      </div>
    )
  }

  const dismiss = (onClick: () => void) => (
    <Button appearance="transparent" aria-label="Dismiss" icon={<Dismiss20Regular />} onClick={onClick} />
  )

  return (
    <div className={styles.screen} ref={top}>
      {importInput}
      {review && (
        <ImportReviewDialog
          candidates={review.candidates}
          onImport={(accept) => void runImport(review.json, accept)}
          onCancel={() => setReview(null)}
        />
      )}
      <div className={styles.top}>
        <Title2 as="h2" className={styles.title}>
          Accounts
        </Title2>
        {data.accounts.length > 0 && (
          <div className={styles.toolbar}>
            {busy && <Spinner size="tiny" aria-label="Working…" />}
            <Button appearance="subtle" icon={<ArrowUpload20Regular />} onClick={openImport} disabled={busy}>
              Import…
            </Button>
            <Button
              appearance="subtle"
              icon={<ArrowDownload20Regular />}
              onClick={() => void exportAccounts()}
              disabled={busy}
            >
              Export all
            </Button>
            <Button appearance="primary" icon={<Add20Regular />} onClick={() => go({ kind: 'setup' })}>
              Add account
            </Button>
          </div>
        )}
      </div>

      {saved && (
        <MessageBar intent="success">
          <MessageBarBody>Account saved</MessageBarBody>
          <MessageBarActions containerAction={dismiss(() => setSaved(null))}>
            {saved.created && (
              <Button icon={<Beaker20Regular />} onClick={() => go({ kind: 'test', accountId: saved.account.id })}>
                Test account settings
              </Button>
            )}
          </MessageBarActions>
        </MessageBar>
      )}

      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
          <MessageBarActions containerAction={dismiss(() => setNotice(null))} />
        </MessageBar>
      )}

      {transfer && <TransferResult transfer={transfer} onDismiss={() => setTransfer(null)} />}

      {actionError && (
        <AppErrorBar title={actionError.title} error={actionError.error} action={dismiss(() => setActionError(null))} />
      )}

      {data.loadError && (
        <AppErrorBar
          title={accountErrorTitle(data.loadError)}
          error={data.loadError}
          action={<Button onClick={() => void data.reload()}>Try again</Button>}
        />
      )}

      {data.loading ? (
        <Spinner label="Loading accounts…" />
      ) : (
        !data.loadError && (
          <AccountList
            accounts={data.accounts}
            onAdd={() => go({ kind: 'setup' })}
            onImport={openImport}
            onEdit={(account) => go({ kind: 'form', account })}
            onTest={(account) => go({ kind: 'test', accountId: account.id })}
            onDelete={(account) => data.remove(account.id)}
            onMakeDefault={(account) => void makeDefault(account)}
            onDuplicate={(account) => void duplicate(account)}
            onExport={(account) => void exportAccounts([account])}
            focusAccountId={saved?.account.id}
          />
        )
      )}
    </div>
  )
}
