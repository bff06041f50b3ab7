import { useState } from 'react'
import {
  Button,
  MessageBar,
  MessageBarBody,
  Tab,
  TabList,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { ArrowLeft20Regular } from '@fluentui/react-icons'
import type { Account } from '../../../../shared/contract'
import { MergeSetup } from './merge-setup'
import { RunView } from './run-view'
import { RunsList } from './runs-list'
import { useMerge } from './use-merge'
import { screenColumn } from '../../components/surface-styles'

const useStyles = makeStyles({
  screen: screenColumn,
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  title: { margin: 0, flexGrow: 1 },
})

type View = 'setup' | 'runs' | 'run'

interface MergeScreenProps {
  accounts: Account[]
  visible: boolean
  onOpenAccounts: () => void
}

/** Mail merge: set up and check a merge, send it, follow its progress, and reopen past runs. */
export function MergeScreen({ accounts, visible, onOpenAccounts }: MergeScreenProps) {
  const styles = useStyles()
  const merge = useMerge(visible)
  const [view, setView] = useState<View>('setup')
  const [openRun, setOpenRun] = useState<string | null>(null)
  const run = merge.runs.find((r) => r.runId === openRun)

  const show = (runId: string) => {
    setOpenRun(runId)
    setView('run')
  }

  return (
    <div className={styles.screen} data-testid="merge-screen">
      <div className={styles.head}>
        <Title2 as="h2" className={styles.title}>
          Mail merge
        </Title2>
        <TabList
          selectedValue={view === 'run' ? 'runs' : view}
          onTabSelect={(_, d) => {
            setView(d.value as View)
            if (d.value === 'runs') void merge.reloadRuns()
          }}
        >
          <Tab value="setup">New merge</Tab>
          <Tab value="runs">Runs{merge.runs.length > 0 ? ` (${merge.runs.length})` : ''}</Tab>
        </TabList>
      </div>
      {/* Stays mounted: going to the runs and back keeps the setup. */}
      <div hidden={view !== 'setup'}>
        <MergeSetup accounts={accounts} merge={merge} onStarted={show} onOpenAccounts={onOpenAccounts} />
      </div>
      {view === 'runs' && (
        <>
          {merge.listError && (
            <MessageBar intent="error">
              <MessageBarBody>{merge.listError}</MessageBarBody>
            </MessageBar>
          )}
          <RunsList
            runs={merge.runs}
            onOpen={show}
            onResume={(runId) => {
              void merge.resume(runId)
              show(runId)
            }}
          />
        </>
      )}
      {view === 'run' && (
        <>
          <div>
            <Button appearance="subtle" icon={<ArrowLeft20Regular />} onClick={() => setView('runs')}>
              All runs
            </Button>
          </div>
          {run ? <RunView run={run} merge={merge} /> : null}
        </>
      )}
    </div>
  )
}
