import type { SettingsStore } from '../settings/settings-store'

/**
 * Settings key of the hosts the user allows main to fetch from although they are not public
 * addresses (an intranet image server, a local test server): a list of host names or IP literals.
 */
export const allowedHostsSettingsKey = 'network.allowedHosts'

/** The allowed hosts from settings; anything that is not a list of names is ignored. */
export function allowedHosts(settings: Pick<SettingsStore, 'get'>): string[] {
  const stored = settings.get(allowedHostsSettingsKey)
  return Array.isArray(stored) ? stored.filter((h): h is string => typeof h === 'string' && h.trim() !== '') : []
}
