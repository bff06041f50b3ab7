import { Divider, makeStyles, tokens } from '@fluentui/react-components'
import type { Account } from '../../../../shared/contract'
import { DomainCheckPanel } from './domain-check-panel'
import { SuppressionPanel } from './suppression-panel'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL },
})

/** Deliverability: the sending domain's check and the suppression list. */
export function DeliverabilityScreen({ accounts, visible }: { accounts: Account[]; visible: boolean }) {
  const styles = useStyles()
  return (
    <div className={styles.root}>
      <DomainCheckPanel accounts={accounts} />
      <Divider />
      <SuppressionPanel visible={visible} />
    </div>
  )
}
