import { tokens, type GriffelStyle } from '@fluentui/react-components'

// Style pieces that several screens share, spread into each file's makeStyles, so that one kind of
// surface looks the same everywhere and changes in one place.

/** A raised card on the window's background: the account form, the setup, the test and round-trip panels. */
export const raisedCard: GriffelStyle = {
  display: 'flex',
  flexDirection: 'column',
  backgroundColor: tokens.colorNeutralBackground1,
  border: `1px solid ${tokens.colorNeutralStroke2}`,
  borderRadius: tokens.borderRadiusLarge,
  boxShadow: tokens.shadow4,
}

/** A flat bordered surface: list rows, tables, report parts. */
export const bordered: GriffelStyle = {
  backgroundColor: tokens.colorNeutralBackground1,
  border: `1px solid ${tokens.colorNeutralStroke2}`,
  borderRadius: tokens.borderRadiusMedium,
}

/** A flat card inside a report: the test report's parts, the certificate. */
export const reportCard: GriffelStyle = {
  ...bordered,
  display: 'flex',
  flexDirection: 'column',
  gap: tokens.spacingVerticalM,
  padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
}

/** Raw text in a shaded box, snug: a header, a check's excerpt. */
export const codeText: GriffelStyle = {
  margin: 0,
  padding: tokens.spacingHorizontalS,
  fontFamily: tokens.fontFamilyMonospace,
  fontSize: tokens.fontSizeBase200,
  backgroundColor: tokens.colorNeutralBackground3,
  borderRadius: tokens.borderRadiusMedium,
}

/** Raw text in a shaded box with room: message source, snippets. */
export const codeBlock: GriffelStyle = {
  ...codeText,
  padding: tokens.spacingHorizontalM,
  lineHeight: tokens.lineHeightBase300,
}

/** A list without bullets or indentation. */
export const bareList: GriffelStyle = { listStyleType: 'none', margin: 0, padding: 0 }

/** A row of a step list (the lookup's steps, the account test's steps), ruled below. */
export const stepRow: GriffelStyle = {
  display: 'grid',
  columnGap: tokens.spacingHorizontalM,
  paddingBlock: tokens.spacingVerticalS,
  borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  ':last-child': { borderBottom: 'none' },
}

/** A screen: its parts in a column. */
export const screenColumn: GriffelStyle = { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL }
