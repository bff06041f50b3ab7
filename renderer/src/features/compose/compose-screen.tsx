import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, MessageBar, MessageBarBody, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components'
import { Add20Regular, Dismiss20Regular, MailEdit20Regular } from '@fluentui/react-icons'
import type { Account, AppError, DesktopCommand } from '../../../../shared/contract'
import { ComposeForm, type ComposeHandle } from './compose-form'
import { fromDraft, type ComposeFields } from './compose-fields'
import { getDraft } from './use-draft-autosave'

const useStyles = makeStyles({
  screen: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  strip: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  // Many open messages wrap onto a second row rather than push New message and Close off-screen.
  tabs: { flex: '1 1 0px', minWidth: 0, flexWrap: 'wrap' },
  tabTitle: {
    maxWidth: '220px',
    '@media (max-width: 959px)': { maxWidth: '140px' },
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    display: 'inline-block',
    verticalAlign: 'bottom',
  },
})

interface ComposeTab {
  key: string
  title: string
  initial?: { fields: ComposeFields; draftId: string }
}

let nextKey = 1
const newTab = (initial?: ComposeTab['initial']): ComposeTab => ({
  key: `compose-${nextKey++}`,
  title: initial?.fields.subject || 'New message',
  initial,
})

interface ComposeScreenProps {
  accounts: Account[]
  loading: boolean
  onOpenAccounts: () => void
  /** A draft chosen on the Drafts screen: opened in a tab of its own (or the tab already showing it). */
  openDraft: { id: string; nonce: number } | null
  /** A command from the application menu (New Message, Send, Send Later, Save Draft), for the open tab. */
  command?: { name: DesktopCommand; nonce: number } | null
}

/** Several messages at once, one tab each; every tab keeps its own draft, and hidden tabs stay mounted so nothing typed is lost. */
export function ComposeScreen({ accounts, loading, onOpenAccounts, openDraft, command }: ComposeScreenProps) {
  const styles = useStyles()
  const [tabs, setTabs] = useState<ComposeTab[]>(() => [newTab()])
  const [active, setActive] = useState(tabs[0].key)
  const [openError, setOpenError] = useState<AppError | null>(null)
  const handles = useRef(new Map<string, ComposeHandle>())

  useEffect(() => {
    if (!openDraft) return
    let stale = false
    void (async () => {
      const result = await getDraft(openDraft.id)
      if (stale) return
      if (!result.ok) return setOpenError(result.error)
      setOpenError(null)
      const existing = tabs.find((t) => t.initial?.draftId === openDraft.id)
      if (existing) return setActive(existing.key)
      const tab = newTab({ fields: fromDraft(result.value), draftId: result.value.id })
      setTabs((all) => [...all, tab])
      setActive(tab.key)
    })()
    return () => {
      stale = true
    }
    // Only a new request opens a tab; the tab list changing is not one.
  }, [openDraft])

  useEffect(() => {
    if (!command) return
    const handle = handles.current.get(active)
    if (command.name === 'new-message') {
      const tab = newTab()
      setTabs((all) => [...all, tab])
      setActive(tab.key)
    } else if (command.name === 'save-draft') void handle?.flush()
    else if (command.name === 'send') handle?.send()
    else if (command.name === 'send-later') handle?.sendLater()
    // Only a new command acts; the active tab changing is not one.
  }, [command])

  // The window's title names the message being written (Electron shows the page title).
  const activeTitle = tabs.find((t) => t.key === active)?.title
  useEffect(() => {
    document.title = activeTitle && activeTitle !== 'New message' ? `${activeTitle} — Sendsmith` : 'Sendsmith'
  }, [activeTitle])

  const setTitle = useCallback(
    (key: string, title: string) =>
      setTabs((all) =>
        all.some((t) => t.key === key && t.title !== title)
          ? all.map((t) => (t.key === key ? { ...t, title } : t))
          : all,
      ),
    [],
  )

  const close = async (key: string) => {
    await handles.current.get(key)?.flush()
    handles.current.delete(key)
    const rest = tabs.filter((t) => t.key !== key)
    const next = rest.length > 0 ? rest : [newTab()]
    setTabs(next)
    if (active === key) setActive(next[Math.max(0, tabs.findIndex((t) => t.key === key) - 1)]?.key ?? next[0].key)
  }

  return (
    <div className={styles.screen}>
      <div className={styles.strip}>
        <TabList
          className={styles.tabs}
          selectedValue={active}
          onTabSelect={(_, d) => setActive(d.value as string)}
          aria-label="Open messages"
        >
          {tabs.map((t) => (
            <Tab key={t.key} value={t.key} icon={<MailEdit20Regular />}>
              <span className={styles.tabTitle}>{t.title}</span>
            </Tab>
          ))}
        </TabList>
        <Button
          appearance="subtle"
          icon={<Add20Regular />}
          onClick={() => {
            const tab = newTab()
            setTabs((all) => [...all, tab])
            setActive(tab.key)
          }}
        >
          New message
        </Button>
        <Button
          appearance="subtle"
          icon={<Dismiss20Regular />}
          aria-label="Close message"
          title="Close message (the draft is kept)"
          onClick={() => void close(active)}
        />
      </div>
      {openError && (
        <MessageBar intent="error">
          <MessageBarBody>{openError.message}</MessageBarBody>
        </MessageBar>
      )}
      {tabs.map((t) => (
        <div key={t.key} role="tabpanel" aria-label={t.title} hidden={t.key !== active} data-testid="compose-pane">
          <ComposeForm
            accounts={accounts}
            loading={loading}
            onOpenAccounts={onOpenAccounts}
            initial={t.initial}
            onTitle={(title) => setTitle(t.key, title)}
            handle={(h: ComposeHandle | null) => {
              if (h) handles.current.set(t.key, h)
            }}
          />
        </div>
      ))}
    </div>
  )
}
