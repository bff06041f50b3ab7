import { useEffect, useRef } from 'react'
import { makeStyles, shorthands, tokens } from '@fluentui/react-components'
import { basicSetup } from 'codemirror'
import { html as htmlLanguage } from '@codemirror/lang-html'
import { EditorState } from '@codemirror/state'
import { EditorView } from '@codemirror/view'

const useStyles = makeStyles({
  frame: {
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    overflow: 'hidden',
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-within': { ...shorthands.borderColor(tokens.colorCompoundBrandStroke) },
  },
})

const theme = EditorView.theme({
  '&': { minHeight: '320px', maxHeight: '600px', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'Consolas, "Cascadia Mono", Menlo, monospace', overflow: 'auto' },
  '&.cm-focused': { outline: 'none' },
})

interface SourceEditorProps {
  value: string
  onChange: (value: string) => void
}

/** The HTML as text (CodeMirror 6 with HTML highlighting): what is here is what is sent. */
export function SourceEditor({ value, onChange }: SourceEditorProps) {
  const styles = useStyles()
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const emit = useRef(onChange)
  emit.current = onChange

  useEffect(() => {
    // Inside a shadow root, style-mod gives CodeMirror's CSS to adoptedStyleSheets; in the document
    // itself it would write a <style> element with text, which the CSP refuses.
    const shadow = host.current!.shadowRoot ?? host.current!.attachShadow({ mode: 'open' })
    const editor = new EditorView({
      root: shadow,
      parent: shadow,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          htmlLanguage(),
          EditorView.lineWrapping,
          theme,
          // The label the e2e and screen readers find the body by.
          EditorView.contentAttributes.of({ 'aria-label': 'HTML body', 'aria-multiline': 'true' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) emit.current(update.state.doc.toString())
          }),
        ],
      }),
    })
    view.current = editor
    return () => {
      editor.destroy()
      view.current = null
    }
    // Created once; later values arrive through the effect below.
  }, [])

  useEffect(() => {
    const editor = view.current
    if (!editor || editor.state.doc.toString() === value) return
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } })
  }, [value])

  return <div ref={host} className={styles.frame} />
}
