import { useEffect, useRef } from 'react'
import { makeStyles, shorthands, tokens } from '@fluentui/react-components'
import { basicSetup } from 'codemirror'
import { html as htmlLanguage } from '@codemirror/lang-html'
import { EditorSelection, EditorState, type Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'

/** The bordered box an HTML editor sits in, lit with the brand colour while focused. */
export const useEditorFrameStyles = makeStyles({
  frame: {
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    overflow: 'hidden',
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-within': { ...shorthands.borderColor(tokens.colorCompoundBrandStroke) },
  },
})

export interface HtmlEditorOptions {
  value: string
  onChange: (value: string) => void
  /** What the caller adds: its theme, label, decorations. Read once, when the editor is made. */
  extensions: Extension[]
  /** When the value changes from outside (a reload from disk), keep the cursor where it was. */
  keepCursorOnReload?: boolean
}

/**
 * A CodeMirror 6 HTML editor in the host element's shadow root, kept in step with `value`. Returns
 * the host ref to put on a <div> and the view (null until mounted).
 */
export function useHtmlEditor({ value, onChange, extensions, keepCursorOnReload = false }: HtmlEditorOptions) {
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
          ...extensions,
          // The text is the editor's focusable content (it is in the Tab order as contenteditable); the
          // explicit tabindex lets accessibility checkers see that its scrolling frame is reachable by keyboard.
          EditorView.contentAttributes.of({ tabindex: '0' }),
          // A tinted current line takes the tag names' green below 4.5:1; the gutter still marks the line.
          EditorView.theme({ '.cm-activeLine': { backgroundColor: 'transparent' } }),
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
    const changes = { from: 0, to: editor.state.doc.length, insert: value }
    if (keepCursorOnReload)
      editor.dispatch({
        changes,
        selection: EditorSelection.cursor(Math.min(editor.state.selection.main.head, value.length)),
      })
    else editor.dispatch({ changes })
  }, [value, keepCursorOnReload])

  return { host, view }
}
