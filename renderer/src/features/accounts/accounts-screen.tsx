import { useState } from 'react'
import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner, Title2, makeStyles, tokens } from '@fluentui/react-components'
import { Add20Regular, Dismiss20Regular } from '@fluentui/react-icons'
import type { Account } from '../../../../shared/contract'
import { AppErrorBar, accountErrorTitle } from '../../components/app-error-bar'
import { AccountForm } from './account-form'
import { AccountList } from './account-list'
import type { AccountsData } from './use-accounts'

const useStyles = makeStyles({
  screen: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  top: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  title: { margin: 0 },
})

type View = { kind: 'list' } | { kind: 'form'; account?: Account }

/** The Accounts screen: the list, or the form for one account. */
export function AccountsScreen({ data }: { data: AccountsData }) {
  const styles = useStyles()
  const [view, setView] = useState<View>({ kind: 'list' })
  const [saved, setSaved] = useState(false)

  const openForm = (account?: Account) => {
    setSaved(false)
    setView({ kind: 'form', account })
  }

  if (view.kind === 'form') {
    return (
      <div className={styles.screen}>
        <AccountForm
          // A fresh form per account, so no typed value leaks from one account to another.
          key={view.account?.id ?? 'new'}
          account={view.account}
          onSave={data.save}
          onSaved={() => {
            setSaved(true)
            setView({ kind: 'list' })
          }}
          onCancel={() => setView({ kind: 'list' })}
        />
      </div>
    )
  }

  return (
    <div className={styles.screen}>
      <div className={styles.top}>
        <Title2 as="h2" className={styles.title}>
          Accounts
        </Title2>
        {data.accounts.length > 0 && (
          <Button appearance="primary" icon={<Add20Regular />} onClick={() => openForm()}>
            Add account
          </Button>
        )}
      </div>

      {saved && (
        <MessageBar intent="success">
          <MessageBarBody>Account saved</MessageBarBody>
          <MessageBarActions containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<Dismiss20Regular />} onClick={() => setSaved(false)} />} />
        </MessageBar>
      )}

      {data.loadError && (
        <AppErrorBar title={accountErrorTitle(data.loadError)} error={data.loadError} action={<Button onClick={() => void data.reload()}>Try again</Button>} />
      )}

      {data.loading ? (
        <Spinner label="Loading accounts…" />
      ) : (
        !data.loadError && <AccountList accounts={data.accounts} onAdd={() => openForm()} onEdit={openForm} onDelete={(account) => data.remove(account.id)} />
      )}
    </div>
  )
}
