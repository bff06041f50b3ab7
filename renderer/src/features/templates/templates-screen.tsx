import { useCallback, useEffect, useRef, useState } from 'react'
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Spinner,
  Subtitle2,
  Toolbar,
  ToolbarDivider,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { AddRegular, ArrowSyncCheckmarkRegular, FolderOpenRegular, HistoryRegular } from '@fluentui/react-icons'
import type { Account, TemplateKind } from '../../../../shared/contract'
import { AppErrorBar } from '../../components/app-error-bar'
import { CheckReportView } from '../../components/check-report'
import { MergeDataBar, MissingVariables } from './merge-data-bar'
import { TemplateViews } from './template-views'
import { SendTestDialog } from './send-test-dialog'
import { TemplateSourceEditor, type TemplateSourceEditorHandle } from './template-source-editor'
import { useTemplateWorkbench } from './use-template-workbench'

const kindLabels: Record<TemplateKind, string> = { html: 'HTML', hbs: 'Handlebars', mjml: 'MJML' }

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  toolbar: { flexWrap: 'wrap', paddingInline: 0, gap: tokens.spacingHorizontalXS },
  file: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  fileName: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: '320px' },
  spacer: { flexGrow: 1 },
  work: {
    display: 'grid',
    gridTemplateColumns: 'minmax(340px, 5fr) minmax(400px, 7fr)',
    // Below the two panes' minimum (and the navigation beside them), the preview goes under the editor.
    '@media (max-width: 1023px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
    gap: tokens.spacingHorizontalL,
    minHeight: 0,
  },
  left: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  editor: { height: '340px', minHeight: 0 },
  checks: { overflow: 'auto', minHeight: 0, paddingRight: tokens.spacingHorizontalXS },
  empty: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalXXL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    maxWidth: '640px',
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
})

/** Tall enough to read, short enough that the toolbar stays on screen. */
function usePreviewHeight(): number {
  const [height, setHeight] = useState(() => Math.max(420, window.innerHeight - 250))
  useEffect(() => {
    const update = () => setHeight(Math.max(420, window.innerHeight - 250))
    window.addEventListener('resize', update)
    return () => window.removeEventListener('resize', update)
  }, [])
  return height
}

/**
 * The template workbench: open a template (watched: saving it elsewhere reloads it) or write a new
 * one, merge data, preview it as clients would show it, check it, and send a test.
 */
export function TemplatesScreen({ accounts }: { accounts: Account[] }) {
  const styles = useStyles()
  const bench = useTemplateWorkbench()
  const editor = useRef<TemplateSourceEditorHandle>(null)
  const previewHeight = usePreviewHeight()
  const { template, rendered } = bench
  const jump = useCallback((line: number) => editor.current?.goToLine(line), [])
  const title = rendered?.html.match(/<title[^>]*>([^<]*)<\/title>/i)?.[1]?.trim()

  const openButtons = (
    <>
      <Button size="small" appearance="primary" icon={<FolderOpenRegular />} onClick={() => void bench.openTemplate()}>
        Open template…
      </Button>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button size="small" icon={<HistoryRegular />} disabled={bench.recent.length === 0}>
            Recent
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {bench.recent.map((r) => (
              <MenuItem
                key={r.recentId}
                secondaryContent={kindLabels[r.kind]}
                onClick={() => void bench.reopen(r.recentId)}
              >
                {r.name}
              </MenuItem>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button size="small" icon={<AddRegular />}>
            New
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {(Object.keys(kindLabels) as TemplateKind[]).map((kind) => (
              <MenuItem key={kind} onClick={() => bench.newTemplate(kind)}>
                {`${kindLabels[kind]} template`}
              </MenuItem>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
    </>
  )

  return (
    <div className={styles.root} data-testid="template-workbench">
      <Toolbar size="small" className={styles.toolbar} aria-label="Template">
        {openButtons}
        {template && (
          <>
            <ToolbarDivider />
            <div className={styles.file}>
              <Subtitle2 className={styles.fileName} data-testid="template-name">
                {template.name}
              </Subtitle2>
              <Badge appearance="outline">{kindLabels[template.kind]}</Badge>
              {template.handle && (
                <Caption1 title="Saving the file in another editor updates the preview">
                  <ArrowSyncCheckmarkRegular aria-hidden /> watching the file
                </Caption1>
              )}
              {rendered && <Caption1>{`rendered in ${Math.round(rendered.timings.total)} ms`}</Caption1>}
            </div>
            <span className={styles.spacer} />
            <SendTestDialog
              accounts={accounts}
              rendered={rendered}
              subject={title || template.name}
              dataLabel={
                bench.data
                  ? bench.data.rows === null
                    ? bench.data.name
                    : `row ${bench.row} of ${bench.data.name}`
                  : null
              }
            />
          </>
        )}
      </Toolbar>
      {bench.fileError && (
        <div data-testid="workbench-error">
          <AppErrorBar
            title="The file could not be opened"
            error={bench.fileError}
            action={
              <Button size="small" onClick={bench.dismissFileError}>
                Dismiss
              </Button>
            }
          />
        </div>
      )}
      {!template ? (
        <div className={styles.empty}>
          <Subtitle2>Template workbench</Subtitle2>
          <Body1>
            Open an HTML, MJML or Handlebars template, or write a new one. The preview shows it at desktop, tablet and
            phone widths, in dark mode and with images off; the checks list what each mail client will break, line by
            line. Saving the file in your own editor updates the preview.
          </Body1>
          <div className={styles.actions}>{openButtons}</div>
        </div>
      ) : (
        <>
          <MergeDataBar
            data={bench.data}
            row={bench.row}
            onRow={bench.setRow}
            onOpen={() => void bench.openData()}
            onClear={bench.clearData}
          />
          {bench.renderError && (
            <div data-testid="workbench-error">
              <AppErrorBar title="The template could not be rendered" error={bench.renderError} />
            </div>
          )}
          {bench.checkError && (
            <div data-testid="workbench-error">
              <AppErrorBar title="The template could not be checked" error={bench.checkError} />
            </div>
          )}
          {rendered && <MissingVariables missing={rendered.missingVariables} onJump={jump} />}
          <div className={styles.work}>
            <div className={styles.left}>
              <div className={styles.editor}>
                <TemplateSourceEditor
                  key={template.handle ?? template.name}
                  ref={editor}
                  value={bench.source}
                  onChange={bench.setSource}
                  missing={rendered?.missingVariables.map((v) => v.name) ?? []}
                  label="Template source"
                />
              </div>
              <div className={styles.checks} style={{ maxHeight: `${Math.max(240, previewHeight - 300)}px` }}>
                <CheckReportView
                  report={bench.report}
                  checking={bench.checking}
                  fileName={template.name}
                  onJump={jump}
                />
              </div>
            </div>
            {rendered ? (
              <TemplateViews request={bench.request} html={rendered.html} height={previewHeight} />
            ) : (
              <Spinner size="small" label="Rendering…" />
            )}
          </div>
        </>
      )}
    </div>
  )
}
