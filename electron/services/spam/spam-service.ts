import type { SpamReport } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import type { Network } from '../net/network'
import { updateSetting, type SettingsStore } from '../settings/settings-store'
import { checkWithSpamd, parseSpamdAddress, spamdHowTo } from './spamd-client'

/** Settings key of the spamd the user runs (HOST:PORT). */
export const spamdSettingsKey = 'spam.spamd'

/**
 * SpamAssassin's score for a message, from the spamd the user names (a setting). Nothing goes to
 * a third party: without a spamd, the user is told how to run one.
 */
export class SpamService {
  constructor(
    private readonly deps: {
      settings: SettingsStore
      network: Network
      /** The raw bytes of a test-inbox message. */
      inboxRaw: (id: string) => Promise<Buffer>
    },
  ) {}

  /** The spamd setting, or undefined while the user has named none. */
  spamd(): string | undefined {
    const stored = this.deps.settings.get(spamdSettingsKey)
    return typeof stored === 'string' && stored.trim() !== '' ? stored : undefined
  }

  /** Keeps HOST:PORT as the spamd to ask (checked first). */
  setSpamd(address: string): void {
    parseSpamdAddress(address)
    updateSetting(this.deps.settings, spamdSettingsKey, () => address.trim())
  }

  /** The score of one raw message, from `spamd` or else the setting. */
  async check(raw: Buffer, spamd = this.spamd()): Promise<SpamReport> {
    if (!spamd)
      throw new SendsmithError({ code: 'VALIDATION', field: 'spamd', message: 'No spamd is set', hint: spamdHowTo })
    return checkWithSpamd(raw, { spamd, network: this.deps.network })
  }

  /** The score of a message in the test inbox; a given `spamd` that answers becomes the setting. */
  async checkInboxMessage(id: string, spamd?: string): Promise<SpamReport> {
    const report = await this.check(await this.deps.inboxRaw(id), spamd)
    if (spamd && spamd.trim() !== this.spamd()) this.setSpamd(spamd)
    return report
  }
}
