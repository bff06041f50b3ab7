import type { SendRequest, SendResult } from '../../../shared/contract'
import type { AccountStore } from '../accounts/account-store'
import type { Network } from '../net/network'
import { sendMessage, type ProgressListener } from './send-message'

/** Sending on behalf of an account: looks the account up, reads its secret, sends. */
export class MailService {
  constructor(
    private readonly accounts: AccountStore,
    private readonly network: Network,
  ) {}

  async send(request: SendRequest, onProgress?: ProgressListener): Promise<SendResult> {
    const account = this.accounts.get(request.accountId)
    const password = await this.accounts.password(account)
    return sendMessage(account, password, request, this.network, onProgress)
  }
}
