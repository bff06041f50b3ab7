import type { Session } from 'electron'

/** Settings key: whether the user agreed that spelling dictionaries may be downloaded. */
export const spellcheckConsentKey = 'desktop.spellcheckDownloadConsent'
/** Settings key: the language the user chose in the context menu (else the system's). */
export const spellcheckLanguageKey = 'desktop.spellcheckLanguage'

/**
 * On Windows and Linux, Chromium's spellchecker downloads Hunspell dictionaries from Google's
 * servers. Without the user's consent it stays off (no language, no download); with it, it checks
 * the system language. macOS uses the system's own spellchecker, which downloads nothing.
 */
export function applySpellcheckConsent(
  session: Session,
  consented: boolean,
  locale: string,
  platform: NodeJS.Platform = process.platform,
  chosen?: string,
): void {
  if (platform === 'darwin') return
  if (!consented) {
    session.setSpellCheckerLanguages([])
    session.setSpellCheckerEnabled(false)
    return
  }
  const available = session.availableSpellCheckerLanguages
  const wanted = [chosen, locale, locale.split('-')[0], 'en-US'].find((l) => l && available.includes(l))
  session.setSpellCheckerEnabled(true)
  session.setSpellCheckerLanguages(wanted ? [wanted] : [])
}
