import { useState } from 'react'
import { Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components'
import { MailEdit24Regular, PersonAccounts24Regular, Send20Filled } from '@fluentui/react-icons'
import { AccountsScreen } from './features/accounts/accounts-screen'
import { useAccounts } from './features/accounts/use-accounts'
import { ComposeForm } from './features/compose/compose-form'

type Screen = 'compose' | 'accounts'

const useStyles = makeStyles({
  shell: {
    display: 'grid',
    gridTemplateRows: '48px 1fr',
    gridTemplateColumns: '184px 1fr',
    gridTemplateAreas: '"header header" "nav main"',
    // The shell, not the provider, takes the window height: Fluent copies the provider's classes onto popup layers.
    height: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  header: {
    gridArea: 'header',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    paddingInline: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  appName: {
    color: tokens.colorNeutralForegroundOnBrand,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  nav: {
    gridArea: 'nav',
    paddingBlock: tokens.spacingVerticalM,
    paddingInline: tokens.spacingHorizontalS,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  main: {
    gridArea: 'main',
    overflow: 'auto',
    padding: tokens.spacingHorizontalXXL,
  },
  panel: {
    maxWidth: '880px',
    marginInline: 'auto',
  },
})

/** The window: header, navigation rail and the two screens. */
export function App() {
  const styles = useStyles()
  const [screen, setScreen] = useState<Screen>('compose')
  // One list for both screens, so an account saved on Accounts appears in From at once.
  const accounts = useAccounts()

  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <Send20Filled aria-hidden />
        <Text as="h1" className={styles.appName}>
          Sendsmith
        </Text>
      </header>
      <nav className={styles.nav} aria-label="Sendsmith">
        <TabList vertical size="large" selectedValue={screen} onTabSelect={(_, data) => setScreen(data.value as Screen)}>
          <Tab id="tab-compose" value="compose" icon={<MailEdit24Regular />} aria-controls="panel-compose">
            Compose
          </Tab>
          <Tab id="tab-accounts" value="accounts" icon={<PersonAccounts24Regular />} aria-controls="panel-accounts">
            Accounts
          </Tab>
        </TabList>
      </nav>
      <main className={styles.main}>
        {/* Both screens stay mounted so a half-written message survives a visit to Accounts. */}
        <section id="panel-compose" role="tabpanel" aria-labelledby="tab-compose" hidden={screen !== 'compose'} className={styles.panel}>
          <ComposeForm accounts={accounts.accounts} loading={accounts.loading} onOpenAccounts={() => setScreen('accounts')} />
        </section>
        <section id="panel-accounts" role="tabpanel" aria-labelledby="tab-accounts" hidden={screen !== 'accounts'} className={styles.panel}>
          <AccountsScreen data={accounts} />
        </section>
      </main>
    </div>
  )
}
