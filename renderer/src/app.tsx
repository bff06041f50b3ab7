import { useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { CounterBadge, Tab, TabList, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import {
  DocumentEdit24Regular,
  MailArrowUp24Regular,
  MailCheckmark24Regular,
  MailEdit24Regular,
  MailInbox24Regular,
  MailMultiple24Regular,
  MailTemplate24Regular,
  PersonAccounts24Regular,
  Send20Filled,
} from '@fluentui/react-icons'
import { AccountsScreen } from './features/accounts/accounts-screen'
import { useAccounts } from './features/accounts/use-accounts'
import { ComposeScreen } from './features/compose/compose-screen'
import { DraftsScreen } from './features/drafts/drafts-screen'
import { InboxScreen } from './features/inbox/inbox-screen'
import { MergeScreen } from './features/merge/merge-screen'
import { OutboxScreen } from './features/outbox/outbox-screen'
import { SentScreen } from './features/outbox/sent-screen'
import { useOutbox } from './features/outbox/use-outbox'
import { TemplatesScreen } from './features/templates/templates-screen'
import { AppearanceMenu } from './components/appearance-menu'
import type { ColorSchemeChoice } from './components/use-color-scheme'
import { sendsmith } from './sendsmith'
import type { DesktopCommand } from '../../shared/contract'

type Screen = 'compose' | 'inbox' | 'outbox' | 'sent' | 'drafts' | 'templates' | 'merge' | 'accounts'

/** One screen: its tab (label, icon, an optional badge) and its panel (content and width). */
interface ScreenEntry {
  id: Screen
  label: string
  icon: ReactElement
  badge?: ReactNode
  /** `panel` (default) is a readable column, `wide` a wider one, `full` the whole main area. */
  width?: 'panel' | 'wide' | 'full'
  content: ReactNode
}

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
  // Compose holds a rich editor and tables: give it more of the window.
  wide: { maxWidth: '1080px' },
})

/** The window: header, navigation rail and the screens (compose, outbox, sent, drafts, accounts). */
export function App({
  appearance,
}: {
  appearance: { choice: ColorSchemeChoice; setChoice: (choice: ColorSchemeChoice) => void }
}) {
  const styles = useStyles()
  const [screen, setScreen] = useState<Screen>('compose')
  // One list for both screens, so an account saved on Accounts appears in From at once.
  const accounts = useAccounts()
  const outbox = useOutbox(screen === 'outbox' || screen === 'sent')
  const [openDraft, setOpenDraft] = useState<{ id: string; nonce: number } | null>(null)
  const [command, setCommand] = useState<{ name: DesktopCommand; nonce: number } | null>(null)
  // The desktop's own requests: menu commands, and drafts to open (a mailto: link, a reopened crash).
  const screenRef = useRef(screen)
  screenRef.current = screen
  useEffect(() => {
    let nonce = 0
    const offCommand = sendsmith().on('desktop:command', ({ command: name }) => {
      if (name === 'preferences') return setScreen('accounts')
      // Send, Send Later and Save Draft act on the message in view; elsewhere they do nothing.
      if (name !== 'new-message' && screenRef.current !== 'compose') return
      setScreen('compose')
      setCommand({ name, nonce: ++nonce })
    })
    const offDraft = sendsmith().on('desktop:openDraft', ({ id }) => {
      setScreen('compose')
      setOpenDraft({ id, nonce: ++nonce })
    })
    return () => {
      offCommand()
      offDraft()
    }
  }, [])
  const waiting = outbox.entries.length

  // The screens, in the navigation's order: one table for the tabs and their panels.
  const screens: ScreenEntry[] = [
    {
      id: 'compose',
      label: 'Compose',
      icon: <MailEdit24Regular />,
      width: 'wide',
      content: (
        <ComposeScreen
          accounts={accounts.accounts}
          loading={accounts.loading}
          onOpenAccounts={() => setScreen('accounts')}
          openDraft={openDraft}
          command={command}
        />
      ),
    },
    {
      id: 'inbox',
      label: 'Inbox',
      icon: <MailInbox24Regular />,
      width: 'full',
      content: <InboxScreen visible={screen === 'inbox'} />,
    },
    {
      id: 'outbox',
      label: 'Outbox',
      icon: <MailArrowUp24Regular />,
      badge: waiting > 0 && (
        <>
          {' '}
          <CounterBadge count={waiting} size="small" appearance="ghost" aria-label={`${waiting} waiting`} />
        </>
      ),
      width: 'wide',
      content: (
        <OutboxScreen
          entries={outbox.entries}
          error={outbox.error}
          visible={screen === 'outbox'}
          onCancel={(id) => void outbox.cancel(id)}
          onResend={(id) => void outbox.resend(id)}
          sent={outbox.sent}
        />
      ),
    },
    { id: 'sent', label: 'Sent', icon: <MailCheckmark24Regular />, content: <SentScreen sent={outbox.sent} /> },
    {
      id: 'drafts',
      label: 'Drafts',
      icon: <DocumentEdit24Regular />,
      content: (
        <DraftsScreen
          visible={screen === 'drafts'}
          onOpen={(id) => {
            setOpenDraft({ id, nonce: Date.now() })
            setScreen('compose')
          }}
        />
      ),
    },
    {
      id: 'templates',
      label: 'Templates',
      icon: <MailTemplate24Regular />,
      width: 'full',
      content: <TemplatesScreen accounts={accounts.accounts} />,
    },
    {
      id: 'merge',
      label: 'Mail merge',
      icon: <MailMultiple24Regular />,
      width: 'wide',
      content: (
        <MergeScreen
          accounts={accounts.accounts}
          visible={screen === 'merge'}
          onOpenAccounts={() => setScreen('accounts')}
        />
      ),
    },
    {
      id: 'accounts',
      label: 'Accounts',
      icon: <PersonAccounts24Regular />,
      content: <AccountsScreen data={accounts} />,
    },
  ]

  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <Send20Filled aria-hidden />
        <Text as="h1" className={styles.appName}>
          Sendsmith
        </Text>
        <AppearanceMenu choice={appearance.choice} onChoose={appearance.setChoice} />
      </header>
      <nav className={styles.nav} aria-label="Sendsmith">
        <TabList
          vertical
          size="large"
          selectedValue={screen}
          onTabSelect={(_, data) => setScreen(data.value as Screen)}
        >
          {screens.map(({ id, label, icon, badge }) => (
            <Tab key={id} id={`tab-${id}`} value={id} icon={icon} aria-controls={`panel-${id}`}>
              {label}
              {badge}
            </Tab>
          ))}
        </TabList>
      </nav>
      <main className={styles.main}>
        {/* Every screen stays mounted so a half-written message survives a visit to Accounts. */}
        {screens.map(({ id, width, content }) => (
          <section
            key={id}
            id={`panel-${id}`}
            role="tabpanel"
            aria-labelledby={`tab-${id}`}
            hidden={screen !== id}
            className={width === 'full' ? undefined : mergeClasses(styles.panel, width === 'wide' && styles.wide)}
          >
            {content}
          </section>
        ))}
      </main>
    </div>
  )
}
