import type { Account, CertificateInfo } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import type { Network } from '../net/network'

/**
 * Connects to the account's server (TLS directly, or after STARTTLS) and returns the certificate
 * it presents, without trusting it: what `accounts:trust` pins (placeholder until that work lands).
 */
export async function fetchServerCertificate(_account: Account, _network: Network, _options: { signal?: AbortSignal } = {}): Promise<{ info: CertificateInfo; pem: string }> {
  throw new SendsmithError({ code: 'INTERNAL', message: 'Fetching the server certificate is not available in this build' })
}
