import type { Security } from '../../../../shared/contract'

/** The words the form and the list use for each security mode (tests find the radios by them). */
export const securityLabels: Record<Security, string> = {
  none: 'None',
  starttls: 'STARTTLS',
  tls: 'SSL/TLS',
}
