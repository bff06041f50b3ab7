import { useEffect, useState } from 'react'
import {
  Button,
  Caption1,
  Dropdown,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Toolbar,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { ArrowSyncRegular, BookmarkRegular, ImageSplitRegular } from '@fluentui/react-icons'
import type { AppError, ClientView, EmailClient, TemplateRequest, VisualDiff } from '../../../../shared/contract'
import { emailClientIds } from '../../../../shared/contract'
import { AppErrorBar } from '../../components/app-error-bar'
import { sendsmith, settle } from '../../sendsmith'
import { PreviewPane } from './preview-pane'

const clientLabels: Record<EmailClient, string> = {
  gmail: 'Gmail',
  'outlook-windows': 'Outlook for Windows',
  'outlook-mac': 'Outlook for Mac',
  'outlook-web': 'Outlook on the web',
  'apple-mail': 'Apple Mail',
  yahoo: 'Yahoo Mail',
  thunderbird: 'Thunderbird',
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  bar: { gap: tokens.spacingHorizontalS, paddingInline: 0, flexWrap: 'wrap' },
  diff: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  images: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  figure: {
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    flex: '1 1 0',
    minWidth: 0,
  },
  image: { width: '100%', border: `1px solid ${tokens.colorNeutralStroke2}` },
})

/**
 * The preview with two more views: "as" a mail client (caniemail's data, an approximation) and a
 * visual diff of the template against a baseline the user set, both snapshotted in Chromium.
 */
export function TemplateViews({
  request,
  html,
  height,
}: {
  request: TemplateRequest | null
  html: string
  height: number
}) {
  const styles = useStyles()
  const [client, setClient] = useState<EmailClient | 'plain'>('plain')
  const [view, setView] = useState<ClientView | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [baseline, setBaseline] = useState<TemplateRequest | null>(null)
  const [diff, setDiff] = useState<VisualDiff | null>(null)
  const [comparing, setComparing] = useState(false)

  useEffect(() => {
    if (client === 'plain' || !request) return setView(null)
    let current = true
    void settle(sendsmith().templates.clientView({ template: request, client, imagesOn: false })).then((result) => {
      if (!current) return
      if (result.ok) setView(result.value)
      else setError(result.error)
    })
    return () => {
      current = false
    }
  }, [client, request])

  const compare = async () => {
    if (!baseline || !request) return
    setComparing(true)
    const result = await settle(
      sendsmith().templates.diff({ before: baseline, after: request, options: { width: 600, engine: 'chromium' } }),
    )
    setComparing(false)
    if (result.ok) setDiff(result.value)
    else setError(result.error)
  }

  const png = (base64: string) => `data:image/png;base64,${base64}`
  return (
    <div className={styles.root}>
      <Toolbar size="small" className={styles.bar} aria-label="Template views">
        <Caption1>View as</Caption1>
        <Dropdown
          size="small"
          aria-label="View as client"
          value={client === 'plain' ? 'Plain preview' : clientLabels[client]}
          selectedOptions={[client]}
          onOptionSelect={(_, d) => setClient((d.optionValue as EmailClient | 'plain') ?? 'plain')}
        >
          <Option value="plain">Plain preview</Option>
          {emailClientIds.map((id) => (
            <Option key={id} value={id}>
              {clientLabels[id]}
            </Option>
          ))}
        </Dropdown>
        <Button
          size="small"
          icon={<BookmarkRegular />}
          disabled={!request}
          onClick={() => {
            setBaseline(request)
            setDiff(null)
          }}
        >
          {baseline ? 'Reset baseline' : 'Set baseline'}
        </Button>
        <Button
          size="small"
          icon={comparing ? <Spinner size="extra-tiny" /> : <ImageSplitRegular />}
          disabled={!baseline || !request || comparing}
          onClick={() => void compare()}
        >
          Compare with baseline
        </Button>
        {diff && (
          <Button size="small" appearance="subtle" icon={<ArrowSyncRegular />} onClick={() => setDiff(null)}>
            Close diff
          </Button>
        )}
      </Toolbar>
      {error && (
        <AppErrorBar
          title="The view could not be made"
          error={error}
          action={
            <Button size="small" onClick={() => setError(null)}>
              Dismiss
            </Button>
          }
        />
      )}
      {diff && (
        <section aria-label="Visual diff" className={styles.diff}>
          <MessageBar intent={diff.changedPercent > 0 ? 'warning' : 'success'}>
            <MessageBarBody>
              {diff.changedPercent.toFixed(3)} % of the pixels changed ({diff.changedPixels} of {diff.totalPixels}) at
              600 px in Chromium
            </MessageBarBody>
          </MessageBar>
          <div className={styles.images}>
            {(
              [
                ['Baseline', diff.before.pngBase64],
                ['Now', diff.after.pngBase64],
                ['Changed pixels', diff.diffPngBase64],
              ] as const
            ).map(([label, data]) => (
              <figure key={label} className={styles.figure}>
                <Caption1>{label}</Caption1>
                <img className={styles.image} src={png(data)} alt={`${label} snapshot`} />
              </figure>
            ))}
          </div>
        </section>
      )}
      {view && (
        <MessageBar intent="info" aria-label="Client view">
          <MessageBarBody>
            As {view.label}: {view.disclaimer}{' '}
            {view.removed.length > 0
              ? `Removed: ${view.removed.map((r) => r.what + (r.count > 1 ? ` (${r.count}×)` : '')).join(', ')}.`
              : 'Nothing removed.'}
            {view.imagesBlocked > 0 ? ` ${view.imagesBlocked} image(s) blocked by default, alt text shown.` : ''}
            {view.clippedAtBytes !== null ? ` Clipped at ${view.clippedAtBytes / 1024} KB.` : ''}
          </MessageBarBody>
        </MessageBar>
      )}
      <PreviewPane html={view ? view.html : html} height={height} />
    </div>
  )
}
