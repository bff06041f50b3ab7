import keytar from '@github/keytar'
import { createAppServices, type AppServices } from '../../electron/services/app-services'
import { createKeychain } from '../../electron/services/keychain/keychain'
import { createFileLogger } from '../../electron/services/log/logger'
import type { Network } from '../../electron/services/net/network'
import { openConfSettings } from '../../electron/services/settings/open-conf-settings'
import { tempHome } from './temp-home'

/** The app's services over a fresh data folder and the real (test) Secret Service. */
export function testServices(dataDir = tempHome(), network?: Network): AppServices {
  return createAppServices({
    dataDir,
    settings: openConfSettings(dataDir),
    keychain: createKeychain(keytar),
    logger: createFileLogger(dataDir),
    network,
  })
}
