import { createAppServices, type AppServices } from '../services/app-services'
import { createSystemKeychain } from '../services/keychain/keychain'
import { createFileLogger } from '../services/log/logger'
import { openConfSettings } from '../services/settings/open-conf-settings'
import { resolveDataDir } from '../services/settings/data-dir'

/** What a command needs: the services over the app's own data folder, and its streams. */
export interface CliContext {
  services: AppServices
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream
}

/** The same services, settings file and keychain entries as the app (SENDSMITH_HOME or userData). */
export function openCliContext(): CliContext {
  const dataDir = resolveDataDir()
  const services = createAppServices({
    dataDir,
    settings: openConfSettings(dataDir),
    keychain: createSystemKeychain(),
    logger: createFileLogger(dataDir),
  })
  return { services, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }
}
