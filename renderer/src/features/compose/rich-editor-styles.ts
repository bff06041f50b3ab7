import { makeStaticStyles, makeStyles, shorthands, tokens } from '@fluentui/react-components'

// The rules TipTap would inject itself (injectCSS: false, for the CSP), through Griffel's CSSOM path.
export const useProseMirrorBaseStyles = makeStaticStyles({
  '.ProseMirror': {
    position: 'relative',
    wordWrap: 'break-word',
    whiteSpace: 'pre-wrap',
    fontVariantLigatures: 'none',
  },
  '.ProseMirror [contenteditable="false"]': { whiteSpace: 'normal' },
  '.ProseMirror-hideselection *::selection': { background: 'transparent' },
  '.ProseMirror-hideselection': { caretColor: 'transparent' },
  '.ProseMirror-gapcursor': { display: 'none', pointerEvents: 'none', position: 'absolute' },
  '.ProseMirror-focused .ProseMirror-gapcursor': { display: 'block' },
  '.ProseMirror img.ProseMirror-separator': {
    display: 'inline !important',
    border: 'none !important',
    margin: '0 !important',
  },
})

export const useProseStyles = makeStyles({
  frame: {
    display: 'flex',
    flexDirection: 'column',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-within': { ...shorthands.borderColor(tokens.colorCompoundBrandStroke) },
  },
  scroller: { minHeight: '280px', maxHeight: '560px', overflowY: 'auto' },
  prose: {
    minHeight: '280px',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    outlineStyle: 'none',
    fontFamily: 'Calibri, Aptos, "Segoe UI", Arial, sans-serif',
    fontSize: '15px',
    lineHeight: '1.45',
    color: tokens.colorNeutralForeground1,
    '& p': { marginBlock: '0 8px' },
    '& h1, & h2, & h3': { marginBlock: '12px 8px', lineHeight: '1.2' },
    '& blockquote': {
      marginInline: '0',
      paddingLeft: tokens.spacingHorizontalM,
      borderLeft: `3px solid ${tokens.colorNeutralStroke1}`,
      color: tokens.colorNeutralForeground2,
    },
    '& a': { color: tokens.colorBrandForegroundLink, textDecoration: 'underline' },
    '& img': { maxWidth: '100%', height: 'auto' },
    '& img.ProseMirror-selectednode': { outline: `2px solid ${tokens.colorCompoundBrandStroke}` },
    '& table': { borderCollapse: 'collapse', marginBlock: '8px', tableLayout: 'fixed', width: '100%' },
    '& td, & th': {
      border: `1px solid ${tokens.colorNeutralStroke1}`,
      padding: '4px 8px',
      verticalAlign: 'top',
      position: 'relative',
      minWidth: '40px',
    },
    '& th': {
      backgroundColor: tokens.colorNeutralBackground3,
      fontWeight: tokens.fontWeightSemibold,
      textAlign: 'left',
    },
    '& .selectedCell': { backgroundColor: tokens.colorBrandBackground2 },
    '& .tableWrapper': { overflowX: 'auto' },
  },
})
