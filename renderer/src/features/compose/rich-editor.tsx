import { useEffect, useRef } from 'react'
import { EditorContent, useEditor, type Editor } from '@tiptap/react'
import StarterKit from '@tiptap/starter-kit'
import Image from '@tiptap/extension-image'
import { TableKit } from '@tiptap/extension-table'
import { Color, TextStyle } from '@tiptap/extension-text-style'
import TextAlign from '@tiptap/extension-text-align'
import type { Attachment } from '../../../../shared/contract'
import { isImage } from './attachment-files'
import { cidsToDataUrls, dataUrl, dataUrlsToCids, withoutStyleSheets } from './html-body'
import { RichToolbar } from './rich-toolbar'
import { useProseMirrorBaseStyles, useProseStyles } from './rich-editor-styles'

interface RichEditorProps {
  html: string
  attachments: Attachment[]
  /** A whole document is shown, not edited: editing here would drop its head and styles. */
  readOnly: boolean
  onHtml: (html: string) => void
  /** Reads image files into inline attachments (contentId set) and returns those that fit. */
  onInsertImages: (files: File[]) => Promise<Attachment[]>
  /** Files that are not images, dropped into the text: attached instead. */
  onAttachFiles: (files: File[]) => void
}

/** What the rich editor shows: the body of a whole document, the HTML itself otherwise. */
function editableContent(html: string, readOnly: boolean): string {
  return readOnly ? new DOMParser().parseFromString(withoutStyleSheets(html), 'text/html').body.innerHTML : html
}

/**
 * The WYSIWYG body (TipTap on ProseMirror). Inline images are shown from data: URLs (the CSP allows
 * them) and handed back as `cid:` references, so what the parent holds is always what is sent.
 */
export function RichEditor({ html, attachments, readOnly, onHtml, onInsertImages, onAttachFiles }: RichEditorProps) {
  useProseMirrorBaseStyles()
  const styles = useProseStyles()
  const inline = useRef(attachments)
  inline.current = attachments
  const lastEmitted = useRef(html)
  const callbacks = useRef({ onHtml, onInsertImages, onAttachFiles })
  callbacks.current = { onHtml, onInsertImages, onAttachFiles }

  const insertImages = async (editor: Editor, files: File[], at?: number) => {
    const added = await callbacks.current.onInsertImages(files)
    inline.current = [...inline.current, ...added]
    let chain = editor.chain().focus()
    if (at !== undefined) chain = chain.setTextSelection(at)
    for (const a of added) chain = chain.setImage({ src: dataUrl(a), alt: a.filename })
    chain.run()
  }

  const editor = useEditor({
    // The CSP refuses <style> elements with text: the editor's CSS comes from Griffel instead.
    injectCSS: false,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editable: !readOnly,
    extensions: [
      StarterKit.configure({
        heading: { levels: [1, 2, 3] },
        link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
      }),
      TextStyle,
      Color,
      TextAlign.configure({ types: ['heading', 'paragraph'] }),
      // Borders as attributes: mail clients that drop CSS still draw the grid.
      TableKit.configure({
        table: { resizable: false, HTMLAttributes: { border: '1', cellpadding: '6', cellspacing: '0' } },
      }),
      Image.configure({ inline: true, allowBase64: true }),
    ],
    content: cidsToDataUrls(editableContent(html, readOnly), attachments),
    editorProps: {
      attributes: {
        class: styles.prose,
        'aria-label': 'Message body',
        'aria-multiline': 'true',
        role: 'textbox',
        spellcheck: 'true',
      },
      handlePaste: (_view, event) => {
        const files = [...(event.clipboardData?.files ?? [])].filter(isImage)
        if (files.length === 0 || !editorRef.current) return false
        event.preventDefault()
        void insertImages(editorRef.current, files)
        return true
      },
      handleDrop: (view, event, _slice, moved) => {
        const files = [...(event.dataTransfer?.files ?? [])]
        if (moved || files.length === 0 || !editorRef.current) return false
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos
        const images = files.filter(isImage)
        if (images.length > 0) void insertImages(editorRef.current, images, at)
        const others = files.filter((f) => !isImage(f))
        if (others.length > 0) callbacks.current.onAttachFiles(others)
        return true
      },
    },
    onUpdate: ({ editor: e }) => {
      if (!e.isEditable) return
      const out = dataUrlsToCids(e.getHTML(), inline.current)
      lastEmitted.current = out
      callbacks.current.onHtml(out)
    },
  })
  const editorRef = useRef<Editor | null>(editor)
  editorRef.current = editor

  // The HTML changed elsewhere (a draft opened, a signature added): show it, without echoing it back.
  useEffect(() => {
    if (html === lastEmitted.current) return
    lastEmitted.current = html
    editor.commands.setContent(cidsToDataUrls(editableContent(html, readOnly), inline.current), { emitUpdate: false })
  }, [editor, html, readOnly])

  useEffect(() => {
    editor.setEditable(!readOnly, false)
  }, [editor, readOnly])

  return (
    <div className={styles.frame}>
      {!readOnly && <RichToolbar editor={editor} onInsertImages={(files) => void insertImages(editor, files)} />}
      <EditorContent editor={editor} className={styles.scroller} />
    </div>
  )
}
