import type { ClientFamily } from '../../../../shared/contract'

/** The client families reported, in the order people usually care about them. */
export const clientFamilies: { family: ClientFamily; label: string }[] = [
  { family: 'gmail', label: 'Gmail' },
  { family: 'outlook-windows', label: 'Outlook desktop (Windows)' },
  { family: 'outlook-web', label: 'Outlook web (Outlook.com)' },
  { family: 'apple-mail', label: 'Apple Mail' },
  { family: 'yahoo', label: 'Yahoo Mail' },
  { family: 'outlook-mac', label: 'Outlook for Mac' },
  { family: 'outlook-mobile', label: 'Outlook iOS and Android' },
  { family: 'aol', label: 'AOL Mail' },
  { family: 'samsung-email', label: 'Samsung Email' },
  { family: 'thunderbird', label: 'Thunderbird' },
  { family: 'protonmail', label: 'Proton Mail' },
  { family: 'fastmail', label: 'Fastmail' },
  { family: 'hey', label: 'HEY' },
  { family: 'other', label: 'Other webmail (Orange, SFR, GMX, WEB.DE, Mail.ru, ...)' },
]

export const familyLabel = (family: ClientFamily): string =>
  clientFamilies.find((f) => f.family === family)?.label ?? family

/**
 * Which family a caniemail client (vendor + platform, as in its data: `outlook` + `windows`)
 * belongs to. Outlook is split by platform because its engines differ (Word on Windows).
 */
export function familyOf(vendor: string, platform: string): ClientFamily {
  if (vendor === 'outlook') {
    if (platform === 'windows') return 'outlook-windows'
    if (platform === 'outlook-com') return 'outlook-web'
    if (platform === 'macos') return 'outlook-mac'
    if (platform === 'ios' || platform === 'android') return 'outlook-mobile'
    return 'other' // windows-mail: the Windows 10 Mail app
  }
  const direct: Record<string, ClientFamily> = {
    gmail: 'gmail',
    'apple-mail': 'apple-mail',
    yahoo: 'yahoo',
    aol: 'aol',
    'samsung-email': 'samsung-email',
    thunderbird: 'thunderbird',
    protonmail: 'protonmail',
    fastmail: 'fastmail',
    hey: 'hey',
  }
  return direct[vendor] ?? 'other'
}
