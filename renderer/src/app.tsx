import { useEffect, useRef, useState, type ReactNode } from 'react'
import { CounterBadge, Tab, TabList, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import {
  DocumentEdit24Regular,
  MailArrowUp24Regular,
  MailCheckmark24Regular,
  MailEdit24Regular,
  PersonAccounts24Regular,
  Send20Filled,
} from '@fluentui/react-icons'
import { MailTemplate24Regular } from '@fluentui/react-icons'
import { MailInbox24Regular } from '@fluentui/react-icons'
import { MailMultiple24Regular } from '@fluentui/react-icons'
import { ShieldCheckmark24Regular } from '@fluentui/react-icons'
import { AccountsScreen } from './features/accounts/accounts-screen'
import { useAccounts } from './features/accounts/use-accounts'
import { ComposeScreen } from './features/compose/compose-screen'
import { DeliverabilityScreen } from './features/deliverability/deliverability-screen'
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

type Screen = 'compose' | 'inbox' | 'outbox' | 'sent' | 'drafts' | 'templates' | 'merge' | 'deliverability' | 'accounts'

const screens: { value: Screen; label: string; Icon: typeof MailEdit24Regular }[] = [
  { value: 'compose', label: 'Compose', Icon: MailEdit24Regular },
  { value: 'inbox', label: 'Inbox', Icon: MailInbox24Regular },
  { value: 'outbox', label: 'Outbox', Icon: MailArrowUp24Regular },
  { value: 'sent', label: 'Sent', Icon: MailCheckmark24Regular },
  { value: 'drafts', label: 'Drafts', Icon: DocumentEdit24Regular },
  { value: 'templates', label: 'Templates', Icon: MailTemplate24Regular },
  { value: 'merge', label: 'Mail merge', Icon: MailMultiple24Regular },
  { value: 'deliverability', label: 'Deliverability', Icon: ShieldCheckmark24Regular },
  { value: 'accounts', label: 'Accounts', Icon: PersonAccounts24Regular },
]

const useStyles = makeStyles({
  shell: {
    display: 'grid',
    gridTemplateRows: '48px 1fr',
    gridTemplateColumns: '184px 1fr',
    gridTemplateAreas: '"header header" "nav main"',
    // The shell, not the provider, takes the window height: Fluent copies the provider's classes onto popup layers.
    height: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    // A small window (down to its 760 px minimum) keeps the navigation as a rail of icons.
    '@media (max-width: 959px)': { gridTemplateColumns: '64px 1fr' },
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
    overflowY: 'auto',
  },
  // In the icon rail the names stay for screen readers and tooltips, out of sight.
  navLabel: {
    '@media (max-width: 959px)': {
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      clipPath: 'inset(50%)',
      whiteSpace: 'nowrap',
    },
  },
  navTab: { position: 'relative' },
  // In the icon rail the waiting count sits on the icon's corner.
  navBadge: {
    marginLeft: tokens.spacingHorizontalXS,
    '@media (max-width: 959px)': { position: 'absolute', top: '2px', right: '2px', marginLeft: 0 },
  },
  main: {
    gridArea: 'main',
    overflow: 'auto',
    padding: tokens.spacingHorizontalXXL,
    '@media (max-width: 959px)': { padding: tokens.spacingHorizontalM },
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

  // Every screen's panel, in the navigation's order; each stays mounted while hidden.
  const panels: { id: Screen; width?: 'wide' | 'full'; content: ReactNode }[] = [
    {
      id: 'compose',
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
    { id: 'inbox', width: 'full', content: <InboxScreen visible={screen === 'inbox'} /> },
    {
      id: 'outbox',
      width: 'wide',
      content: (
        <OutboxScreen
          entries={outbox.entries}
          error={outbox.error}
          visible={screen === 'outbox'}
          onCancel={(id) => void outbox.cancel(id)}
          onResend={(id) => void outbox.resend(id)}
          sent={outbox.sent}
          onRetryCopy={outbox.retryCopy}
        />
      ),
    },
    { id: 'sent', content: <SentScreen sent={outbox.sent} onRetryCopy={outbox.retryCopy} /> },
    {
      id: 'drafts',
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
    { id: 'templates', width: 'full', content: <TemplatesScreen accounts={accounts.accounts} /> },
    {
      id: 'merge',
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
      id: 'deliverability',
      content: <DeliverabilityScreen accounts={accounts.accounts} visible={screen === 'deliverability'} />,
    },
    { id: 'accounts', content: <AccountsScreen data={accounts} /> },
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
          {screens.map(({ value, label, Icon }) => (
            <Tab
              key={value}
              id={`tab-${value}`}
              value={value}
              icon={<Icon />}
              aria-controls={`panel-${value}`}
              title={label}
              className={styles.navTab}
            >
              <span className={styles.navLabel}>{label}</span>
              {value === 'outbox' && waiting > 0 && (
                <CounterBadge
                  className={styles.navBadge}
                  count={waiting}
                  size="small"
                  appearance="ghost"
                  aria-label={`${waiting} waiting`}
                />
              )}
            </Tab>
          ))}
        </TabList>
      </nav>
      <main className={styles.main}>
        {/* Both screens stay mounted so a half-written message survives a visit to Accounts. */}
        {panels.map(({ id, width, content }) => (
          <section
            key={id}
            id={`panel-${id}`}
            role="tabpanel"
            aria-labelledby={`tab-${id}`}
            hidden={screen !== id}
            // 'full' takes the whole main area; the others a readable column, some wider.
            className={width === 'full' ? undefined : mergeClasses(styles.panel, width === 'wide' && styles.wide)}
          >
            {content}
          </section>
        ))}
      </main>
    </div>
  )
}
