import { clipboard } from 'electron'
import type { Clipboard } from '../services/desktop/clipboard'

/** `desktop:copy` in the app: main writes the system clipboard (the window has no clipboard permission). */
export function systemClipboard(): Clipboard {
  return { writeText: (text) => clipboard.writeText(text) }
}
