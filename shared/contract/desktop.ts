import { z } from 'zod'

/** What the application menu (and its keyboard shortcuts) asks the window to do. */
export const desktopCommandSchema = z.enum(['new-message', 'send', 'send-later', 'save-draft', 'preferences'])
export type DesktopCommand = z.infer<typeof desktopCommandSchema>

export const desktopContract = {
  /**
   * Copy text to the system clipboard. Main writes it: the renderer gets no clipboard permission
   * (every permission request is denied, clipboard-sanitized-write included).
   */
  'desktop:copy': {
    request: z.strictObject({ text: z.string().max(10 * 1024 * 1024, 'At most 10 MB can be copied at once') }),
    response: z.strictObject({ copied: z.boolean() }),
  },
} as const

export const desktopEvents = {
  /** A menu command or its shortcut: New Message, Send, Send Later, Save Draft, Preferences. */
  'desktop:command': z.strictObject({ command: desktopCommandSchema }),
  /** Open this draft in a compose tab: a mailto: link that became a draft, or drafts reopened after a crash. */
  'desktop:openDraft': z.strictObject({ id: z.uuid() }),
} as const
