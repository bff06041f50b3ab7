import { useLayoutEffect, useRef, useState } from 'react'
import { makeStyles, tokens } from '@fluentui/react-components'
import { prepareMailDocument } from './prepare-mail-document'

/** Widths a mail is read at: a desktop client's reading pane, a tablet, a phone (iPhone's 375 CSS px). */
export const previewWidths = { desktop: 1024, tablet: 768, phone: 375 } as const
export type PreviewWidth = keyof typeof previewWidths | number

export interface MailPreviewProps {
  /** The message's HTML, as it would be sent. */
  html: string
  /** A preset, or a custom width in CSS pixels. */
  width: PreviewWidth
  darkMode?: boolean
  imagesOff?: boolean
  /** Remote images the user allowed, fetched by main, by URL; every other remote image is blocked. */
  remoteImages?: ReadonlyMap<string, string>
  /** The frame's accessible name. */
  title: string
  /** Height on screen in CSS pixels (the message scrolls inside the frame). */
  height?: number
}

const useStyles = makeStyles({
  viewport: { overflow: 'hidden', maxWidth: '100%' },
  frame: {
    display: 'block',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: '#ffffff',
    transformOrigin: '0 0',
  },
  dark: { backgroundColor: '#1f1f1f' },
})

/**
 * A message in a sandboxed frame: `sandbox=""` (no scripts, no same origin, no forms, popups or top
 * navigation) from `srcdoc`, so a message can neither run code nor reach the app. It also inherits
 * the app's Content-Security-Policy, so it cannot load anything from the network: remote images are
 * shown only when the caller passes them in (fetched by main, as data: URLs). Wider than its
 * container, the frame is scaled down so the whole layout shows at the width clients lay it out at.
 */
export function MailPreview({
  html,
  width,
  darkMode = false,
  imagesOff = false,
  remoteImages,
  title,
  height = 640,
}: MailPreviewProps) {
  const styles = useStyles()
  const px = typeof width === 'number' ? width : previewWidths[width]
  const doc = prepareMailDocument(html, { imagesOff, darkMode, remoteImages })
  const viewport = useRef<HTMLDivElement>(null)
  const [available, setAvailable] = useState<number>(px)

  useLayoutEffect(() => {
    const element = viewport.current!
    const observer = new ResizeObserver(() => setAvailable(element.parentElement?.clientWidth ?? px))
    observer.observe(element.parentElement ?? element)
    setAvailable(element.parentElement?.clientWidth ?? px)
    return () => observer.disconnect()
  }, [px])

  const scale = available > 0 && available < px + 2 ? (available - 2) / px : 1
  return (
    <div
      ref={viewport}
      className={styles.viewport}
      style={{ width: `${Math.round(px * scale) + 2}px`, height: `${height + 2}px` }}
    >
      <iframe
        title={title}
        sandbox=""
        srcDoc={doc.srcdoc}
        width={px}
        height={Math.round(height / scale)}
        data-preview-width={px}
        className={darkMode ? `${styles.frame} ${styles.dark}` : styles.frame}
        style={scale === 1 ? undefined : { transform: `scale(${scale})` }}
      />
    </div>
  )
}
