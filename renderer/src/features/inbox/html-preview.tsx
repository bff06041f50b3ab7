import { useState, type ReactElement } from 'react'
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
})

/**
 * A received message's HTML part in the app's sandboxed preview, at a client's width, in simulated
 * dark mode or with images off; remote images stay blocked until the user allows them for it.
 */
export function HtmlPreview({ html, messageId }: { html: string; messageId: string }) {
  const styles = useStyles()
  const [preset, setPreset] = useState<Preset>('desktop')
  const [customWidth, setCustomWidth] = useState(600)
  const [darkMode, setDarkMode] = useState(false)
  const [imagesOff, setImagesOff] = useState(false)
  // Allowing remote images is per message: the next one starts blocked again.
  const [allowedFor, setAllowedFor] = useState<string | null>(null)
  const allowRemote = allowedFor === messageId
  const scan = prepareMailDocument(html, { imagesOff: false, darkMode: false })
  const remote = useRemoteImages(scan.remoteImageUrls, allowRemote)
  const width: PreviewWidth = preset === 'custom' ? customWidth : preset
  const px = typeof width === 'number' ? width : previewWidths[width]

  const presetButton = (value: Preset, label: string, icon: ReactElement) => (
    <ToggleButton
      size="small"
      appearance="subtle"
      icon={icon}
      checked={preset === value}
      onClick={() => setPreset(value)}
    >
      {label}
    </ToggleButton>
  )

  return (
    <div className={styles.root}>
      <Toolbar size="small" className={styles.toolbar} aria-label="Preview options">
        <ToolbarGroup role="group" aria-label="Width">
          {presetButton('desktop', 'Desktop', <DesktopRegular />)}
          {presetButton('tablet', 'Tablet', <TabletRegular />)}
          {presetButton('phone', 'Phone', <PhoneRegular />)}
          {presetButton('custom', 'Custom', <ResizeRegular />)}
        </ToolbarGroup>
        {preset === 'custom' && (
          <>
            <Label htmlFor="inbox-preview-width" size="small">
              Width
            </Label>
            <SpinButton
              id="inbox-preview-width"
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
        <Caption1>{`${px} px${darkMode ? ' · dark mode (simulated)' : ''}`}</Caption1>
      </Toolbar>
      <RemoteContentBar
        hosts={scan.remoteHosts}
        allowed={allowRemote}
        loading={remote.loading}
        onAllow={() => setAllowedFor(messageId)}
        onBlock={() => setAllowedFor(null)}
      />
      <MailPreview
        html={html}
        width={width}
        darkMode={darkMode}
        imagesOff={imagesOff}
        remoteImages={allowRemote ? remote.images : undefined}
        title="Message preview"
        height={520}
      />
    </div>
  )
}
