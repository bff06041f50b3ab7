import { shell } from 'electron'

/**
 * OAuth2 sign-in opens the provider's page in the user's own browser (RFC 8252: never a window of
 * ours, where the app could read the password). Only https: addresses, and http: on this machine
 * (a provider the user runs locally), ever reach the operating system.
 */
export async function openInSystemBrowser(url: string): Promise<void> {
  const parsed = new URL(url)
  const local = parsed.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname)
  if (parsed.protocol !== 'https:' && !local) throw new Error(`Refusing to open ${parsed.protocol} address for sign-in`)
  await shell.openExternal(parsed.href)
}
