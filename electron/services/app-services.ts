import { AccountStore } from './accounts/account-store'
import type { Keychain } from './keychain/keychain'
import type { Logger } from './log/logger'
import { MailService } from './mail/mail-service'
import type { SettingsStore } from './settings/settings-store'

/** Every service, wired once. Main, the CLI and the test harness each build one of these. */
export interface AppServices {
  dataDir: string
  accounts: AccountStore
  mail: MailService
  logger: Logger
}

export function createAppServices(deps: { dataDir: string; settings: SettingsStore; keychain: Keychain; logger: Logger }): AppServices {
  const accounts = new AccountStore(deps.settings, deps.keychain)
  return { dataDir: deps.dataDir, accounts, mail: new MailService(accounts), logger: deps.logger }
}
