import { forwardRef, useEffect, useImperativeHandle } from 'react'
import { EditorSelection, StateEffect, StateField } from '@codemirror/state'
import {
  Decoration,
  EditorView,
  MatchDecorator,
  ViewPlugin,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view'
import { useEditorFrameStyles, useHtmlEditor } from '../../components/code-editor/use-html-editor'

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '12.5px' },
  '.cm-scroller': { fontFamily: 'Consolas, "Cascadia Mono", Menlo, monospace', overflow: 'auto' },
  '&.cm-focused': { outline: 'none' },
  '.cm-missing-variable': {
    backgroundColor: '#fde7e9',
    textDecoration: 'underline wavy #c50f1f',
    textUnderlineOffset: '3px',
  },
})

// Missing merge-field names, set from outside; the decorations follow.
const setMissing = StateEffect.define<ReadonlySet<string>>()
const missingField = StateField.define<ReadonlySet<string>>({
  create: () => new Set(),
  update: (value, tr) => tr.effects.find((e) => e.is(setMissing))?.value ?? value,
})
const missingMark = Decoration.mark({ class: 'cm-missing-variable', attributes: { title: 'Not in the merge data' } })
// {{name}}, {{{name}}}, {{#if name}}, {{name.first}}: the first path in the tag is the variable.
const mergeTag = new MatchDecorator({
  regexp: /\{\{\{?[#^/]?\s*(?:(?:if|unless|each|with)\s+)?([\w.@-]+)[^}]*\}\}\}?/g,
  decoration: (match, view) => {
    const missing = view.state.field(missingField)
    const name = match[1]
    return missing.has(name) || missing.has(name.split('.')[0]) ? missingMark : null
  },
})
const missingHighlight = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet
    constructor(view: EditorView) {
      this.decorations = mergeTag.createDeco(view)
    }
    update(update: ViewUpdate) {
      const changedSet = update.startState.field(missingField) !== update.state.field(missingField)
      this.decorations = changedSet ? mergeTag.createDeco(update.view) : mergeTag.updateDeco(update, this.decorations)
    }
  },
  { decorations: (plugin) => plugin.decorations },
)

export interface TemplateSourceEditorHandle {
  /** Puts the cursor at the start of a line (1-based), scrolls it to the middle and focuses. */
  goToLine(line: number): void
}

interface TemplateSourceEditorProps {
  value: string
  onChange: (value: string) => void
  /** Merge-field names to mark as missing from the data. */
  missing: string[]
  label: string
}

/** The template's source (CodeMirror 6, HTML highlighting), with missing merge fields marked. */
export const TemplateSourceEditor = forwardRef<TemplateSourceEditorHandle, TemplateSourceEditorProps>(
  function TemplateSourceEditor({ value, onChange, missing, label }, ref) {
    const styles = useEditorFrameStyles()
    const { host, view } = useHtmlEditor({
      value,
      onChange,
      // A reload from disk keeps the cursor where it was, as far as the new text allows.
      keepCursorOnReload: true,
      extensions: [
        theme,
        missingField,
        missingHighlight,
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
      ],
    })

    const missingKey = missing.join('\n')
    useEffect(() => {
      view.current?.dispatch({ effects: setMissing.of(new Set(missingKey ? missingKey.split('\n') : [])) })
    }, [missingKey])

    useImperativeHandle(ref, () => ({
      goToLine(line) {
        const editor = view.current
        if (!editor) return
        const target = editor.state.doc.line(Math.max(1, Math.min(line, editor.state.doc.lines)))
        editor.dispatch({
          selection: EditorSelection.range(target.from, target.to),
          effects: EditorView.scrollIntoView(target.from, { y: 'center' }),
        })
        editor.focus()
      },
    }))

    return <div ref={host} className={styles.frame} data-testid="template-source" style={{ height: '100%' }} />
  },
)
