import { useEffect, useState } from 'react'

/** What the user chose in Appearance; "system" follows the operating system's light or dark setting. */
export type ColorSchemeChoice = 'system' | 'light' | 'dark'

const storageKey = 'sendsmith.appearance'
const darkQuery = '(prefers-color-scheme: dark)'

function savedChoice(): ColorSchemeChoice {
  const saved = localStorage.getItem(storageKey)
  return saved === 'light' || saved === 'dark' ? saved : 'system'
}

/** The app's colour scheme: the user's choice, remembered, and the system's while the choice is "system". */
export function useColorScheme(): {
  choice: ColorSchemeChoice
  setChoice: (choice: ColorSchemeChoice) => void
  dark: boolean
} {
  const [choice, setChoiceState] = useState<ColorSchemeChoice>(savedChoice)
  const [systemDark, setSystemDark] = useState(() => matchMedia(darkQuery).matches)
  useEffect(() => {
    const query = matchMedia(darkQuery)
    const changed = () => setSystemDark(query.matches)
    query.addEventListener('change', changed)
    return () => query.removeEventListener('change', changed)
  }, [])
  const setChoice = (next: ColorSchemeChoice) => {
    localStorage.setItem(storageKey, next)
    setChoiceState(next)
  }
  return { choice, setChoice, dark: choice === 'dark' || (choice === 'system' && systemDark) }
}
