import { Menu, type ContextMenuParams, type MenuItemConstructorOptions, type WebContents } from 'electron'

/**
 * The right-click menu wherever text is: spelling suggestions (replaceMisspelling) and "Add to
 * Dictionary" for a misspelt word, then Cut, Copy, Paste and Select All as the page allows them.
 */
export function contextMenuTemplate(
  contents: WebContents,
  params: ContextMenuParams,
  chooseLanguage?: (language: string) => void,
): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = []
  if (params.misspelledWord) {
    for (const suggestion of params.dictionarySuggestions.slice(0, 6))
      items.push({ label: suggestion, click: () => contents.replaceMisspelling(suggestion) })
    if (params.dictionarySuggestions.length === 0) items.push({ label: 'No Spelling Suggestions', enabled: false })
    items.push(
      {
        label: 'Add to Dictionary',
        click: () => contents.session.addWordToSpellCheckerDictionary(params.misspelledWord),
      },
      { type: 'separator' },
    )
  }
  const { editFlags } = params
  if (params.isEditable) {
    items.push(
      { role: 'cut', enabled: editFlags.canCut },
      { role: 'copy', enabled: editFlags.canCopy },
      { role: 'paste', enabled: editFlags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', enabled: editFlags.canSelectAll },
    )
    // The language choice, where the spellchecker is on and Chromium's (Windows, Linux) is in use.
    const { session } = contents
    const current = session.getSpellCheckerLanguages()
    if (chooseLanguage && current.length > 0)
      items.push(
        { type: 'separator' },
        {
          label: 'Spelling Language',
          submenu: session.availableSpellCheckerLanguages.map((language) => ({
            label: language,
            type: 'radio',
            checked: current.includes(language),
            click: () => chooseLanguage(language),
          })),
        },
      )
  } else if (params.selectionText.trim() !== '') {
    items.push({ role: 'copy', enabled: editFlags.canCopy })
  }
  return items
}

/** Shows the context menu for every web contents of the app (hooked from web-contents-created). */
export function attachContextMenu(contents: WebContents, chooseLanguage?: (language: string) => void): void {
  contents.on('context-menu', (_event, params) => {
    const template = contextMenuTemplate(contents, params, chooseLanguage)
    if (template.length > 0) Menu.buildFromTemplate(template).popup()
  })
}
