import {
  Menu,
  MenuButton,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { DarkTheme20Regular } from '@fluentui/react-icons'
import type { ColorSchemeChoice } from './use-color-scheme'

const useStyles = makeStyles({
  button: { color: tokens.colorNeutralForegroundOnBrand, marginInlineStart: 'auto' },
})

const labels: Record<ColorSchemeChoice, string> = {
  system: 'Use system setting',
  light: 'Light',
  dark: 'Dark',
}

/** Light, dark or the system's: the header's Appearance menu. */
export function AppearanceMenu({
  choice,
  onChoose,
}: {
  choice: ColorSchemeChoice
  onChoose: (choice: ColorSchemeChoice) => void
}) {
  const styles = useStyles()
  return (
    <Menu
      checkedValues={{ appearance: [choice] }}
      onCheckedValueChange={(_, data) => onChoose(data.checkedItems[0] as ColorSchemeChoice)}
    >
      <MenuTrigger disableButtonEnhancement>
        <MenuButton appearance="transparent" icon={<DarkTheme20Regular />} className={styles.button}>
          Appearance
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {(Object.keys(labels) as ColorSchemeChoice[]).map((value) => (
            <MenuItemRadio key={value} name="appearance" value={value}>
              {labels[value]}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  )
}
