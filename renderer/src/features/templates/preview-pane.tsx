import { memo, useState } from 'react'
import { Caption1, makeStyles, tokens } from '@fluentui/react-components'
import {
  MailPreview,
  PreviewToolbar,
  RemoteContentBar,
  prepareMailDocument,
  previewWidths,
  usePreviewOptions,
  useRemoteImages,
  type PreviewWidth,
} from '../../components/mail-preview'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  frames: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-start', minWidth: 0 },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0, flex: '1 1 0' },
  phoneColumn: { flex: '0 0 auto' },
})

interface PreviewPaneProps {
  html: string
  /** Frame height on screen. */
  height: number
}

/** The preview: width presets, side by side or one at a time, dark mode, images off, remote images. */
export const PreviewPane = memo(function PreviewPane({ html, height }: PreviewPaneProps) {
  const styles = useStyles()
  const options = usePreviewOptions({ preset: 'phone', customWidth: 480 })
  const { preset, customWidth, darkMode, imagesOff, width } = options
  const [sideBySide, setSideBySide] = useState(false)
  const [allowRemote, setAllowRemote] = useState(false)
  const scan = prepareMailDocument(html, { imagesOff: false, darkMode: false })
  const remote = useRemoteImages(scan.remoteImageUrls, allowRemote)
  const remoteImages = allowRemote ? remote.images : undefined

  const frames: { key: string; label: string; width: PreviewWidth }[] = sideBySide
    ? [
        { key: 'desktop', label: `Desktop (${previewWidths.desktop} px)`, width: 'desktop' },
        { key: 'phone', label: `Phone (${previewWidths.phone} px)`, width: 'phone' },
      ]
    : [
        {
          key: 'one',
          label:
            preset === 'custom'
              ? `Custom (${customWidth} px)`
              : `${preset[0].toUpperCase()}${preset.slice(1)} (${previewWidths[preset]} px)`,
          width,
        },
      ]

  return (
    <section className={styles.root} aria-label="Preview">
      <PreviewToolbar
        options={options}
        widthFieldId="preview-custom-width"
        sideBySide={{ on: sideBySide, onChange: setSideBySide }}
      />
      <RemoteContentBar
        hosts={scan.remoteHosts}
        allowed={allowRemote}
        loading={remote.loading}
        onAllow={() => setAllowRemote(true)}
        onBlock={() => setAllowRemote(false)}
      />
      <div className={styles.frames}>
        {frames.map((frame) => (
          <div
            key={frame.key}
            className={frame.width === 'phone' && sideBySide ? `${styles.column} ${styles.phoneColumn}` : styles.column}
          >
            <Caption1>
              {frame.label}
              {darkMode ? ' · dark mode (simulated)' : ''}
            </Caption1>
            <MailPreview
              html={html}
              width={frame.width}
              darkMode={darkMode}
              imagesOff={imagesOff}
              remoteImages={remoteImages}
              title={`Preview: ${frame.label}`}
              height={height}
            />
          </div>
        ))}
      </div>
    </section>
  )
})
