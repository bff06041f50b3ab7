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
  SplitVerticalRegular,
  TabletRegular,
  WeatherMoonRegular,
} from '@fluentui/react-icons'
import { previewWidths, type PreviewWidth } from './mail-preview'

export type PreviewPreset = keyof typeof previewWidths | 'custom'

/** How a message is previewed: width preset or custom width, simulated dark mode, images off. */
export interface PreviewOptions {
  preset: PreviewPreset
  setPreset: (preset: PreviewPreset) => void
  customWidth: number
  setCustomWidth: (width: number) => void
  darkMode: boolean
  setDarkMode: (on: boolean) => void
  imagesOff: boolean
  setImagesOff: (on: boolean) => void
  /** The frame's width as MailPreview takes it. */
  width: PreviewWidth
  /** The same in CSS pixels. */
  px: number
}

/** The preview options, for the inbox's message view and the template workbench alike. */
export function usePreviewOptions(initial: { preset: PreviewPreset; customWidth: number }): PreviewOptions {
  const [preset, setPreset] = useState<PreviewPreset>(initial.preset)
  const [customWidth, setCustomWidth] = useState(initial.customWidth)
  const [darkMode, setDarkMode] = useState(false)
  const [imagesOff, setImagesOff] = useState(false)
  const width: PreviewWidth = preset === 'custom' ? customWidth : preset
  const px = typeof width === 'number' ? width : previewWidths[width]
  return { preset, setPreset, customWidth, setCustomWidth, darkMode, setDarkMode, imagesOff, setImagesOff, width, px }
}

const useStyles = makeStyles({
  toolbar: { flexWrap: 'wrap', rowGap: tokens.spacingVerticalXS, paddingInline: 0 },
  custom: { width: '96px' },
})

interface PreviewToolbarProps {
  options: PreviewOptions
  /** The id of the custom-width field (unique on the page). */
  widthFieldId: string
  /** The workbench's "Side by side" (desktop and phone at once); the width presets rest while it is on. */
  sideBySide?: { on: boolean; onChange: (on: boolean) => void }
  /** Shown at the end of the toolbar (the width in pixels, for instance). */
  caption?: string
}

/** Width presets (Desktop, Tablet, Phone, Custom), Dark mode and Images off, in one toolbar. */
export function PreviewToolbar({ options, widthFieldId, sideBySide, caption }: PreviewToolbarProps) {
  const styles = useStyles()
  const resting = sideBySide?.on ?? false
  const presetButton = (value: PreviewPreset, label: string, icon: ReactElement) => (
    <ToggleButton
      size="small"
      appearance="subtle"
      icon={icon}
      checked={!resting && options.preset === value}
      disabled={resting}
      onClick={() => options.setPreset(value)}
    >
      {label}
    </ToggleButton>
  )
  return (
    <Toolbar size="small" className={styles.toolbar} aria-label="Preview options">
      <ToolbarGroup role="group" aria-label="Width">
        {presetButton('desktop', 'Desktop', <DesktopRegular />)}
        {presetButton('tablet', 'Tablet', <TabletRegular />)}
        {presetButton('phone', 'Phone', <PhoneRegular />)}
        {presetButton('custom', 'Custom', <ResizeRegular />)}
      </ToolbarGroup>
      {options.preset === 'custom' && !resting && (
        <>
          <Label htmlFor={widthFieldId} size="small">
            Width
          </Label>
          <SpinButton
            id={widthFieldId}
            size="small"
            className={styles.custom}
            min={200}
            max={1600}
            step={10}
            value={options.customWidth}
            onChange={(_, d) => options.setCustomWidth(d.value ?? (Number(d.displayValue) || options.customWidth))}
          />
        </>
      )}
      <ToolbarDivider />
      {sideBySide && (
        <ToggleButton
          size="small"
          appearance="subtle"
          icon={<SplitVerticalRegular />}
          checked={sideBySide.on}
          onClick={() => sideBySide.onChange(!sideBySide.on)}
        >
          Side by side
        </ToggleButton>
      )}
      <ToggleButton
        size="small"
        appearance="subtle"
        icon={<WeatherMoonRegular />}
        checked={options.darkMode}
        onClick={() => options.setDarkMode(!options.darkMode)}
      >
        Dark mode
      </ToggleButton>
      <ToggleButton
        size="small"
        appearance="subtle"
        icon={<ImageOffRegular />}
        checked={options.imagesOff}
        onClick={() => options.setImagesOff(!options.imagesOff)}
      >
        Images off
      </ToggleButton>
      {caption && <Caption1>{caption}</Caption1>}
    </Toolbar>
  )
}
