import type { EmailClient } from '../../../../shared/contract'

/** A mail client as the client-filtered preview imitates it. */
export interface EmailClientProfile {
  id: EmailClient
  label: string
  /** The caniemail clients (`vendor/platform`) whose data stands for it, the first one deciding. */
  platforms: string[]
  /** Whether remote images stay off until the reader allows them (the client's default setting). */
  blocksRemoteImages: boolean
  /** Bytes of HTML after which the client cuts the message and links to the rest. */
  clipsAtBytes?: number
}

/**
 * The clients `--as` knows, by short stable name. Which clients block images by default is not in
 * caniemail's data: it is each client's shipped setting (Outlook desktop and Thunderbird ask
 * before loading remote content; Gmail, Yahoo and Apple Mail load images, through a proxy).
 */
export const emailClients: EmailClientProfile[] = [
  {
    id: 'gmail',
    label: 'Gmail (webmail)',
    platforms: ['gmail/desktop-webmail'],
    blocksRemoteImages: false,
    // Gmail shows "[Message clipped] View entire message" past 102 KB of HTML.
    clipsAtBytes: 102 * 1024,
  },
  { id: 'outlook-windows', label: 'Outlook for Windows', platforms: ['outlook/windows'], blocksRemoteImages: true },
  { id: 'outlook-mac', label: 'Outlook for Mac', platforms: ['outlook/macos'], blocksRemoteImages: true },
  { id: 'outlook-web', label: 'Outlook on the web', platforms: ['outlook/outlook-com'], blocksRemoteImages: false },
  { id: 'apple-mail', label: 'Apple Mail (macOS)', platforms: ['apple-mail/macos'], blocksRemoteImages: false },
  { id: 'yahoo', label: 'Yahoo Mail (webmail)', platforms: ['yahoo/desktop-webmail'], blocksRemoteImages: false },
  {
    id: 'thunderbird',
    label: 'Thunderbird',
    platforms: ['thunderbird/windows', 'thunderbird/macos'],
    blocksRemoteImages: true,
  },
]

export function emailClient(id: EmailClient): EmailClientProfile {
  const found = emailClients.find((c) => c.id === id)
  if (!found) throw new Error(`Unknown mail client ${id}`)
  return found
}

export const clientViewDisclaimer =
  "An approximation from caniemail's support data: what this client does not support is removed. It is not a screenshot of the client."
