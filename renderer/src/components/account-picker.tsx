import { Dropdown, Option } from '@fluentui/react-components'
import type { Account } from '../../../shared/contract'
import { accountMailbox } from './sender-account'

interface AccountPickerProps {
  accounts: Account[]
  /** The account shown as chosen (see senderAccount). */
  account: Account | undefined
  onChange: (account: Account) => void
  /** While the accounts load, say so instead of "No account yet". */
  loading?: boolean
  className?: string
}

/** The one "From" picker: compose, mail merge and the workbench's send test. */
export function AccountPicker({ accounts, account, onChange, loading, className }: AccountPickerProps) {
  return (
    <Dropdown
      className={className}
      value={account ? accountMailbox(account) : ''}
      selectedOptions={account ? [account.id] : []}
      placeholder={loading ? 'Loading accounts…' : 'No account yet'}
      disabled={accounts.length === 0}
      onOptionSelect={(_, d) => {
        const next = accounts.find((a) => a.id === d.optionValue)
        if (next) onChange(next)
      }}
    >
      {accounts.map((a) => (
        <Option key={a.id} value={a.id} text={accountMailbox(a)}>
          {accountMailbox(a)}
        </Option>
      ))}
    </Dropdown>
  )
}

export { accountMailbox, senderAccount } from './sender-account'
