import { useEffect, useRef, useState } from 'react'
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
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Subtitle2,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import {
  Add20Regular,
  ArrowDownload20Regular,
  ArrowUpload20Regular,
  Beaker20Regular,
  Certificate16Regular,
  Copy20Regular,
  Delete20Regular,
  Edit20Regular,
  Key16Regular,
  MoreHorizontal20Regular,
  PersonAccountsRegular,
  Star16Filled,
  Star20Regular,
} from '@fluentui/react-icons'
import type { Account, AppError, Result } from '../../../../shared/contract'
import { AppErrorBar, accountErrorTitle } from '../../components/app-error-bar'
import { securityLabels } from './security-labels'
import { BusyButton } from '../../components/busy-button'
import { bordered, bareList } from '../../components/surface-styles'

const useStyles = makeStyles({
  list: {
    ...bareList,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  row: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr auto',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    ...bordered,
    boxShadow: tokens.shadow2,
    '@media (max-width: 1023px)': { gridTemplateColumns: 'auto 1fr' },
  },
  details: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  nameLine: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  server: {
    color: tokens.colorNeutralForeground3,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  actions: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXXS,
    // In a narrow window the buttons move under the details instead of squeezing them.
    '@media (max-width: 1023px)': {
      gridColumn: '2 / -1',
      marginLeft: `calc(-1 * ${tokens.spacingHorizontalS})`,
      marginTop: tokens.spacingVerticalXS,
    },
  },
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
  emptyButtons: { display: 'flex', gap: tokens.spacingHorizontalS },
  dialogText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
})

interface AccountListProps {
  accounts: Account[]
  onAdd: () => void
  onImport: () => void
  onEdit: (account: Account) => void
  onTest: (account: Account) => void
  onDelete: (account: Account) => Promise<Result<{ id: string }>>
  onMakeDefault: (account: Account) => void
  onDuplicate: (account: Account) => void
  onExport: (account: Account) => void
  /** After a save: the account whose Test button takes the focus once its row is listed. */
  focusAccountId?: string
}

/** The saved accounts, each with Test, Edit, Delete and more; an invitation to add one when there are none. */
export function AccountList({
  accounts,
  onAdd,
  onImport,
  onEdit,
  onTest,
  onDelete,
  onMakeDefault,
  onDuplicate,
  onExport,
  focusAccountId,
}: AccountListProps) {
  const styles = useStyles()
  const testButtons = useRef(new Map<string, HTMLButtonElement>())
  const focused = useRef<string | undefined>(undefined)
  // The saved account may be listed only after the list reloads: focus its Test button once it is there.
  useEffect(() => {
    if (!focusAccountId || focused.current === focusAccountId) return
    const button = testButtons.current.get(focusAccountId)
    if (!button) return
    focused.current = focusAccountId
    button.focus()
  }, [focusAccountId, accounts])
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
        <Text as="p" className={styles.emptyText}>
          Add the SMTP server you send from: type your address and Sendsmith finds the settings. The password is kept in
          the system keychain, never in a file.
        </Text>
        <div className={styles.emptyButtons}>
          <Button appearance="primary" icon={<Add20Regular />} onClick={onAdd}>
            Add account
          </Button>
          <Button icon={<ArrowUpload20Regular />} onClick={onImport}>
            Import…
          </Button>
        </div>
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
                {account.isDefault && (
                  <Badge appearance="filled" color="brand" icon={<Star16Filled />}>
                    Default
                  </Badge>
                )}
                {account.hasPassword && (
                  <Badge appearance="tint" color="success" icon={<Key16Regular />}>
                    {account.authMethod === 'XOAUTH2' ? 'token in keychain' : 'password in keychain'}
                  </Badge>
                )}
                {account.auth && !account.hasPassword && (
                  <Badge appearance="tint" color="warning" icon={<Key16Regular />}>
                    {account.authMethod === 'XOAUTH2' ? 'no token yet' : 'no password yet'}
                  </Badge>
                )}
                {account.trustedCertificate && (
                  <Tooltip
                    content={`Trusts the certificate of ${account.trustedCertificate.subject}`}
                    relationship="description"
                  >
                    <Badge appearance="tint" color="informative" icon={<Certificate16Regular />}>
                      pinned certificate
                    </Badge>
                  </Tooltip>
                )}
              </div>
              <Text className={styles.muted}>{account.email}</Text>
              <Caption1 className={styles.server}>
                {account.host}:{account.port} · {securityLabels[account.security]}
                {account.auth
                  ? account.authMethod && account.authMethod !== 'auto'
                    ? ` · ${account.authMethod}`
                    : ''
                  : ' · no authentication'}
              </Caption1>
            </div>
            <div className={styles.actions}>
              <Button
                appearance="subtle"
                icon={<Beaker20Regular />}
                onClick={() => onTest(account)}
                ref={(el: HTMLButtonElement | null) => {
                  if (el) testButtons.current.set(account.id, el)
                  else testButtons.current.delete(account.id)
                }}
              >
                Test
              </Button>
              <Button appearance="subtle" icon={<Edit20Regular />} onClick={() => onEdit(account)}>
                Edit
              </Button>
              <Button appearance="subtle" icon={<Delete20Regular />} onClick={() => setPendingDelete(account)}>
                Delete
              </Button>
              <Menu positioning="below-end">
                <MenuTrigger disableButtonEnhancement>
                  <Tooltip content="More actions" relationship="label">
                    <Button appearance="subtle" icon={<MoreHorizontal20Regular />} />
                  </Tooltip>
                </MenuTrigger>
                <MenuPopover>
                  <MenuList>
                    <MenuItem
                      icon={<Star20Regular />}
                      disabled={account.isDefault}
                      onClick={() => onMakeDefault(account)}
                    >
                      Make default
                    </MenuItem>
                    <MenuItem icon={<Copy20Regular />} onClick={() => onDuplicate(account)}>
                      Duplicate
                    </MenuItem>
                    <MenuItem icon={<ArrowDownload20Regular />} onClick={() => onExport(account)}>
                      Export…
                    </MenuItem>
                  </MenuList>
                </MenuPopover>
              </Menu>
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
                Delete <strong>{pendingDelete?.name}</strong> ({pendingDelete?.email})? Its password entry in the system
                keychain is removed too. This cannot be undone.
              </Text>
              {deleteError && <AppErrorBar title={accountErrorTitle(deleteError)} error={deleteError} />}
            </DialogContent>
            <DialogActions>
              <BusyButton appearance="primary" onClick={() => void confirmDelete()} busy={deleting}>
                Delete
              </BusyButton>
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
