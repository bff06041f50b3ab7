import { useState } from 'react'
import {
  Avatar,
  Badge,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { Add20Regular, Delete20Regular, Edit20Regular, Key16Regular, PersonAccountsRegular } from '@fluentui/react-icons'
import type { Account, AppError, Result } from '../../../../shared/contract'
import { AppErrorBar, accountErrorTitle } from '../../components/app-error-bar'
import { securityLabels } from './security-labels'

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr auto',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
  },
  details: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  nameLine: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  server: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  empty: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}`,
    textAlign: 'center',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  emptyIcon: { fontSize: '48px', color: tokens.colorBrandForeground1 },
  emptyTitle: { margin: 0 },
  emptyText: { margin: 0, maxWidth: '440px', color: tokens.colorNeutralForeground3 },
  dialogText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
})

interface AccountListProps {
  accounts: Account[]
  onAdd: () => void
  onEdit: (account: Account) => void
  onDelete: (account: Account) => Promise<Result<{ id: string }>>
}

/** The saved accounts, each with Edit and Delete; an invitation to add one when there are none. */
export function AccountList({ accounts, onAdd, onEdit, onDelete }: AccountListProps) {
  const styles = useStyles()
  const [pendingDelete, setPendingDelete] = useState<Account | null>(null)
  const [deleting, setDeleting] = useState(false)
  const [deleteError, setDeleteError] = useState<AppError | null>(null)

  const closeDialog = () => {
    setPendingDelete(null)
    setDeleteError(null)
  }

  const confirmDelete = async () => {
    if (pendingDelete === null) return
    setDeleting(true)
    const result = await onDelete(pendingDelete)
    setDeleting(false)
    if (result.ok) closeDialog()
    else setDeleteError(result.error)
  }

  if (accounts.length === 0) {
    return (
      <div className={styles.empty}>
        <PersonAccountsRegular className={styles.emptyIcon} aria-hidden />
        <Subtitle2 as="h3" className={styles.emptyTitle}>
          No accounts yet
        </Subtitle2>
        <Text as="p" className={styles.emptyText}>Add the SMTP server you send from. The password is kept in the system keychain, never in a file.</Text>
        <Button appearance="primary" icon={<Add20Regular />} onClick={onAdd}>
          Add account
        </Button>
      </div>
    )
  }

  return (
    <>
      <ul className={styles.list} aria-label="Accounts">
        {accounts.map((account) => (
          <li key={account.id} className={styles.row} aria-label={account.name}>
            <Avatar name={account.name} color="colorful" aria-hidden />
            <div className={styles.details}>
              <div className={styles.nameLine}>
                <Text weight="semibold">{account.name}</Text>
                {account.hasPassword && (
                  <Badge appearance="tint" color="success" icon={<Key16Regular />}>
                    password in keychain
                  </Badge>
                )}
              </div>
              <Text className={styles.muted}>{account.email}</Text>
              <Caption1 className={styles.server}>
                {account.host}:{account.port} · {securityLabels[account.security]}
                {account.auth ? '' : ' · no authentication'}
              </Caption1>
            </div>
            <div className={styles.actions}>
              <Button appearance="subtle" icon={<Edit20Regular />} onClick={() => onEdit(account)}>
                Edit
              </Button>
              <Button appearance="subtle" icon={<Delete20Regular />} onClick={() => setPendingDelete(account)}>
                Delete
              </Button>
            </div>
          </li>
        ))}
      </ul>

      <Dialog open={pendingDelete !== null} onOpenChange={(_, data) => !data.open && !deleting && closeDialog()}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Delete account?</DialogTitle>
            <DialogContent className={styles.dialogText}>
              <Text>
                Delete <strong>{pendingDelete?.name}</strong> ({pendingDelete?.email})? Its password entry in the system keychain is removed too. This cannot
                be undone.
              </Text>
              {deleteError && <AppErrorBar title={accountErrorTitle(deleteError)} error={deleteError} />}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => void confirmDelete()} disabled={deleting} icon={deleting ? <Spinner size="tiny" /> : undefined}>
                Delete
              </Button>
              <Button appearance="secondary" onClick={closeDialog} disabled={deleting}>
                Cancel
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  )
}
