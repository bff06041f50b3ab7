import { useRef, useState } from 'react'
import {
  Button,
  Input,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Popover,
  PopoverSurface,
  PopoverTrigger,
  Toolbar,
  ToolbarButton,
  ToolbarDivider,
  ToolbarToggleButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import {
  ImageAdd20Regular,
  Link20Regular,
  Table20Regular,
  TextAlignCenter20Regular,
  TextAlignLeft20Regular,
  TextAlignRight20Regular,
  TextBold20Regular,
  TextBulletListLtr20Regular,
  TextClearFormatting20Regular,
  TextColor20Regular,
  TextHeader120Regular,
  TextHeader220Regular,
  TextItalic20Regular,
  TextNumberListLtr20Regular,
  TextQuote20Regular,
  TextUnderline20Regular,
} from '@fluentui/react-icons'
import { useEditorState, type Editor } from '@tiptap/react'
import { HiddenFilePicker } from '../../components/hidden-file-picker'

const useStyles = makeStyles({
  bar: {
    flexWrap: 'wrap',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingInline: tokens.spacingHorizontalXS,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  link: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  swatch: {
    display: 'inline-block',
    width: '14px',
    height: '14px',
    borderRadius: '2px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
  },
})

// Colours that read well on white in every mail client (Outlook's standard row).
const colours = [
  { name: 'Automatic', value: null },
  { name: 'Dark red', value: '#c00000' },
  { name: 'Red', value: '#e81123' },
  { name: 'Orange', value: '#ca5010' },
  { name: 'Green', value: '#107c10' },
  { name: 'Blue', value: '#0f6cbd' },
  { name: 'Purple', value: '#5c2e91' },
  { name: 'Grey', value: '#616161' },
]

interface RichToolbarProps {
  editor: Editor
  onInsertImages: (files: File[]) => void
}

/** Formatting for the rich editor, as Outlook lays it out; each button named for screen readers. */
export function RichToolbar({ editor, onInsertImages }: RichToolbarProps) {
  const styles = useStyles()
  const picker = useRef<HTMLInputElement>(null)
  const [href, setHref] = useState('')
  const [linkOpen, setLinkOpen] = useState(false)
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      format: [
        e.isActive('bold') && 'bold',
        e.isActive('italic') && 'italic',
        e.isActive('underline') && 'underline',
        e.isActive('heading', { level: 1 }) && 'h1',
        e.isActive('heading', { level: 2 }) && 'h2',
        e.isActive('bulletList') && 'bullets',
        e.isActive('orderedList') && 'numbers',
        e.isActive('blockquote') && 'quote',
        e.isActive('link') && 'link',
      ].filter((v): v is string => typeof v === 'string'),
      align: [e.isActive({ textAlign: 'center' }) ? 'center' : e.isActive({ textAlign: 'right' }) ? 'right' : 'left'],
      inTable: e.isActive('table'),
      link: (e.getAttributes('link').href as string | undefined) ?? '',
    }),
  })
  const run = () => editor.chain().focus()

  const applyLink = () => {
    const url = href.trim()
    if (url === '') run().extendMarkRange('link').unsetLink().run()
    else
      run()
        .extendMarkRange('link')
        .setLink({ href: /^[a-z][\w+.-]*:/i.test(url) ? url : `https://${url}` })
        .run()
    setLinkOpen(false)
  }

  return (
    <Toolbar
      aria-label="Formatting"
      size="small"
      className={styles.bar}
      checkedValues={{ format: state.format, align: state.align }}
    >
      <ToolbarToggleButton
        aria-label="Heading 1"
        name="format"
        value="h1"
        icon={<TextHeader120Regular />}
        onClick={() => run().toggleHeading({ level: 1 }).run()}
      />
      <ToolbarToggleButton
        aria-label="Heading 2"
        name="format"
        value="h2"
        icon={<TextHeader220Regular />}
        onClick={() => run().toggleHeading({ level: 2 }).run()}
      />
      <ToolbarDivider />
      <ToolbarToggleButton
        aria-label="Bold"
        name="format"
        value="bold"
        icon={<TextBold20Regular />}
        onClick={() => run().toggleBold().run()}
      />
      <ToolbarToggleButton
        aria-label="Italic"
        name="format"
        value="italic"
        icon={<TextItalic20Regular />}
        onClick={() => run().toggleItalic().run()}
      />
      <ToolbarToggleButton
        aria-label="Underline"
        name="format"
        value="underline"
        icon={<TextUnderline20Regular />}
        onClick={() => run().toggleUnderline().run()}
      />
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <ToolbarButton aria-label="Text colour" icon={<TextColor20Regular />} />
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {colours.map((c) => (
              <MenuItem
                key={c.name}
                icon={
                  <span
                    className={styles.swatch}
                    style={{ backgroundColor: c.value ?? tokens.colorNeutralForeground1 }}
                  />
                }
                onClick={() => (c.value ? run().setColor(c.value).run() : run().unsetColor().run())}
              >
                {c.name}
              </MenuItem>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <ToolbarButton
        aria-label="Clear formatting"
        icon={<TextClearFormatting20Regular />}
        onClick={() => run().unsetAllMarks().clearNodes().run()}
      />
      <ToolbarDivider />
      <ToolbarToggleButton
        aria-label="Align left"
        name="align"
        value="left"
        icon={<TextAlignLeft20Regular />}
        onClick={() => run().setTextAlign('left').run()}
      />
      <ToolbarToggleButton
        aria-label="Center"
        name="align"
        value="center"
        icon={<TextAlignCenter20Regular />}
        onClick={() => run().setTextAlign('center').run()}
      />
      <ToolbarToggleButton
        aria-label="Align right"
        name="align"
        value="right"
        icon={<TextAlignRight20Regular />}
        onClick={() => run().setTextAlign('right').run()}
      />
      <ToolbarDivider />
      <ToolbarToggleButton
        aria-label="Bulleted list"
        name="format"
        value="bullets"
        icon={<TextBulletListLtr20Regular />}
        onClick={() => run().toggleBulletList().run()}
      />
      <ToolbarToggleButton
        aria-label="Numbered list"
        name="format"
        value="numbers"
        icon={<TextNumberListLtr20Regular />}
        onClick={() => run().toggleOrderedList().run()}
      />
      <ToolbarToggleButton
        aria-label="Quote"
        name="format"
        value="quote"
        icon={<TextQuote20Regular />}
        onClick={() => run().toggleBlockquote().run()}
      />
      <ToolbarDivider />
      <Popover
        open={linkOpen}
        onOpenChange={(_, d) => {
          setLinkOpen(d.open)
          if (d.open) setHref(state.link)
        }}
        trapFocus
      >
        <PopoverTrigger disableButtonEnhancement>
          <ToolbarToggleButton aria-label="Link" name="format" value="link" icon={<Link20Regular />} />
        </PopoverTrigger>
        <PopoverSurface aria-label="Link">
          <form
            className={styles.link}
            onSubmit={(e) => {
              e.preventDefault()
              applyLink()
            }}
          >
            <Input
              aria-label="Link address"
              placeholder="https://example.com"
              value={href}
              onChange={(_, d) => setHref(d.value)}
            />
            <Button type="submit" appearance="primary">
              Apply
            </Button>
          </form>
        </PopoverSurface>
      </Popover>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <ToolbarButton aria-label="Table" icon={<Table20Regular />} />
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuItem onClick={() => run().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}>
              Insert table
            </MenuItem>
            <MenuItem disabled={!state.inTable} onClick={() => run().addRowAfter().run()}>
              Add row below
            </MenuItem>
            <MenuItem disabled={!state.inTable} onClick={() => run().addColumnAfter().run()}>
              Add column right
            </MenuItem>
            <MenuItem disabled={!state.inTable} onClick={() => run().deleteRow().run()}>
              Delete row
            </MenuItem>
            <MenuItem disabled={!state.inTable} onClick={() => run().deleteColumn().run()}>
              Delete column
            </MenuItem>
            <MenuItem disabled={!state.inTable} onClick={() => run().deleteTable().run()}>
              Delete table
            </MenuItem>
          </MenuList>
        </MenuPopover>
      </Menu>
      <ToolbarButton aria-label="Insert image" icon={<ImageAdd20Regular />} onClick={() => picker.current?.click()} />
      <HiddenFilePicker
        ref={picker}
        accept="image/png,image/jpeg,image/gif,image/webp"
        multiple
        label="Image files to insert"
        onFiles={onInsertImages}
      />
    </Toolbar>
  )
}
