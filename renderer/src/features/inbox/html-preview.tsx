import { useState } from 'react'
import { makeStyles, tokens } from '@fluentui/react-components'
import {
  MailPreview,
  PreviewToolbar,
  RemoteContentBar,
  prepareMailDocument,
  usePreviewOptions,
  useRemoteImages,
} from '../../components/mail-preview'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
})

/**
 * A received message's HTML part in the app's sandboxed preview, at a client's width, in simulated
 * dark mode or with images off; remote images stay blocked until the user allows them for it.
 */
export function HtmlPreview({ html, messageId }: { html: string; messageId: string }) {
  const styles = useStyles()
  const options = usePreviewOptions({ preset: 'desktop', customWidth: 600 })
  const { darkMode, imagesOff, width, px } = options
  // Allowing remote images is per message: the next one starts blocked again.
  const [allowedFor, setAllowedFor] = useState<string | null>(null)
  const allowRemote = allowedFor === messageId
  const scan = prepareMailDocument(html, { imagesOff: false, darkMode: false })
  const remote = useRemoteImages(scan.remoteImageUrls, allowRemote)

  return (
    <div className={styles.root}>
      <PreviewToolbar
        options={options}
        widthFieldId="inbox-preview-width"
        caption={`${px} px${darkMode ? ' · dark mode (simulated)' : ''}`}
      />
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
