/** What one domain check found: how bad, in a sentence, and what to change in DNS. */
export interface Finding {
  /** Which record: spf, dkim, dmarc, mx, mta-sts, tls-rpt. */
  area: 'spf' | 'dkim' | 'dmarc' | 'mx' | 'mta-sts' | 'tls-rpt'
  /** `fail` breaks delivery or a bulk-sender rule; `warn` costs reputation; `pass` and `info` need nothing. */
  status: 'pass' | 'warn' | 'fail' | 'info'
  message: string
  /** A plain instruction: the record to publish or the change to make. */
  fix?: string
  /** True when Gmail's and Yahoo's rules for bulk senders (Feb 2024) require this to pass. */
  bulkRequirement: boolean
  /** The record as found in DNS, when there was one. */
  record?: string
}

export const finding = (f: Finding): Finding => f
