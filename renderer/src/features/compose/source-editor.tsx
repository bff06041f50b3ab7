import { EditorView } from '@codemirror/view'
import { useEditorFrameStyles, useHtmlEditor } from '../../components/code-editor/use-html-editor'

const theme = EditorView.theme({
  '&': { minHeight: '320px', maxHeight: '600px', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'Consolas, "Cascadia Mono", Menlo, monospace', overflow: 'auto' },
  '&.cm-focused': { outline: 'none' },
})

// The label the e2e and screen readers find the body by.
const extensions = [
  EditorView.lineWrapping,
  theme,
  EditorView.contentAttributes.of({ 'aria-label': 'HTML body', 'aria-multiline': 'true' }),
]

interface SourceEditorProps {
  value: string
  onChange: (value: string) => void
}

/** The HTML as text (CodeMirror 6 with HTML highlighting): what is here is what is sent. */
export function SourceEditor({ value, onChange }: SourceEditorProps) {
  const styles = useEditorFrameStyles()
  const { host } = useHtmlEditor({ value, onChange, extensions })
  return <div ref={host} className={styles.frame} />
}
