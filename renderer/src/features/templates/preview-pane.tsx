import { memo, useState, type ReactElement } from 'react'
import {
  Caption1,
  Label,
  SpinButton,
  ToggleButton,
  Toolbar,
  ToolbarDivider,
  ToolbarGroup,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import {
  DesktopRegular,
  ImageOffRegular,
  PhoneRegular,
  ResizeRegular,
  SplitVerticalRegular,
  TabletRegular,
  WeatherMoonRegular,
} from '@fluentui/react-icons'
import {
  MailPreview,
  RemoteContentBar,
  prepareMailDocument,
  previewWidths,
  type PreviewWidth,
} from '../../components/mail-preview'
import { useRemoteImages } from '../../components/mail-preview/use-remote-images'

type Preset = keyof typeof previewWidths | 'custom'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  toolbar: { flexWrap: 'wrap', rowGap: tokens.spacingVerticalXS, paddingInline: 0 },
  custom: { width: '96px' },
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
  const [preset, setPreset] = useState<Preset>('phone')
  const [customWidth, setCustomWidth] = useState(480)
  const [sideBySide, setSideBySide] = useState(false)
  const [darkMode, setDarkMode] = useState(false)
  const [imagesOff, setImagesOff] = useState(false)
  const [allowRemote, setAllowRemote] = useState(false)
  const scan = prepareMailDocument(html, { imagesOff: false, darkMode: false })
  const remote = useRemoteImages(scan.remoteImageUrls, allowRemote)
  const remoteImages = allowRemote ? remote.images : undefined

  const width: PreviewWidth = preset === 'custom' ? customWidth : preset
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

  const presetButton = (value: Preset, label: string, icon: ReactElement) => (
    <ToggleButton
      size="small"
      appearance="subtle"
      icon={icon}
      checked={!sideBySide && preset === value}
      disabled={sideBySide}
      onClick={() => setPreset(value)}
    >
      {label}
    </ToggleButton>
  )

  return (
    <section className={styles.root} aria-label="Preview">
      <Toolbar size="small" className={styles.toolbar} aria-label="Preview options">
        <ToolbarGroup role="group" aria-label="Width">
          {presetButton('desktop', 'Desktop', <DesktopRegular />)}
          {presetButton('tablet', 'Tablet', <TabletRegular />)}
          {presetButton('phone', 'Phone', <PhoneRegular />)}
          {presetButton('custom', 'Custom', <ResizeRegular />)}
        </ToolbarGroup>
        {preset === 'custom' && !sideBySide && (
          <>
            <Label htmlFor="preview-custom-width" size="small">
              Width
            </Label>
            <SpinButton
              id="preview-custom-width"
              size="small"
              className={styles.custom}
              min={200}
              max={1600}
              step={10}
              value={customWidth}
              onChange={(_, d) => setCustomWidth(d.value ?? (Number(d.displayValue) || customWidth))}
            />
          </>
        )}
        <ToolbarDivider />
        <ToggleButton
          size="small"
          appearance="subtle"
          icon={<SplitVerticalRegular />}
          checked={sideBySide}
          onClick={() => setSideBySide(!sideBySide)}
        >
          Side by side
        </ToggleButton>
        <ToggleButton
          size="small"
          appearance="subtle"
          icon={<WeatherMoonRegular />}
          checked={darkMode}
          onClick={() => setDarkMode(!darkMode)}
        >
          Dark mode
        </ToggleButton>
        <ToggleButton
          size="small"
          appearance="subtle"
          icon={<ImageOffRegular />}
          checked={imagesOff}
          onClick={() => setImagesOff(!imagesOff)}
        >
          Images off
        </ToggleButton>
      </Toolbar>
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
