import keytar from '@github/keytar'
import { createAppServices, type AppServices } from '../../electron/services/app-services'
import type { DnsResolver } from '../../electron/services/domain-check/dns-resolver'
import { createKeychain } from '../../electron/services/keychain/keychain'
import { createFileLogger } from '../../electron/services/log/logger'
import type { Network } from '../../electron/services/net/network'
import type { OpenBrowser } from '../../electron/services/oauth/oauth-service'
import { openConfSettings } from '../../electron/services/settings/open-conf-settings'
import { tempHome } from './temp-home'

/** The app's services over a fresh data folder and the real (test) Secret Service. */
export function testServices(
  dataDir = tempHome(),
  network?: Network,
  extra: { dnsResolver?: DnsResolver; openBrowser?: OpenBrowser } = {},
): AppServices {
  return createAppServices({
    dataDir,
    settings: openConfSettings(dataDir),
    keychain: createKeychain(keytar),
    logger: createFileLogger(dataDir),
    network,
    ...extra,
  })
}
