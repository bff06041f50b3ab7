import { z } from 'zod'
import { accountSchema, dkimSettingsSchema } from './accounts'
import { mergeInputSchema } from './merge'

/** One thing the domain check found, with the plain fix (see electron/services/domain-check). */
export const domainFindingSchema = z.object({
  area: z.enum(['spf', 'dkim', 'dmarc', 'mx', 'mta-sts', 'tls-rpt']),
  status: z.enum(['pass', 'warn', 'fail', 'info']),
  message: z.string(),
  fix: z.string().optional(),
  /** Required of bulk senders by Gmail and Yahoo (Feb 2024): a failure here blocks a merge to them. */
  bulkRequirement: z.boolean(),
  record: z.string().optional(),
})
export type DomainFinding = z.infer<typeof domainFindingSchema>

/** A sending domain's check: every finding, and whether it meets the bulk-sender rules. */
export const domainReportSchema = z.object({
  domain: z.string(),
  selector: z.string().optional(),
  checkedAt: z.string(),
  findings: z.array(domainFindingSchema),
  bulkReady: z.boolean(),
})
export type DomainReport = z.infer<typeof domainReportSchema>

/** The DNS TXT record that publishes an account's DKIM key. */
export const dkimRecordSchema = z.object({ name: z.string(), value: z.string() })
export type DkimRecord = z.infer<typeof dkimRecordSchema>

const authResult = z.enum([
  'pass',
  'fail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'policy',
  'softfail',
  'skipped',
])

/** What a receiver concludes about a message (mailauth `authenticate` with the connecting IP and HELO). */
export const authenticationResultsSchema = z.object({
  dkim: z.array(
    z.object({
      result: authResult,
      /** d= */
      domain: z.string(),
      /** s= */
      selector: z.string().optional(),
      aligned: z.boolean().optional(),
      comment: z.string().optional(),
    }),
  ),
  spf: z.object({ result: authResult, domain: z.string(), comment: z.string().optional() }).nullable(),
  dmarc: z
    .object({ result: authResult, domain: z.string(), policy: z.string().optional(), comment: z.string().optional() })
    .nullable(),
  arc: z
    .object({ result: authResult, instance: z.number().int().optional(), comment: z.string().optional() })
    .nullable(),
  /** The Authentication-Results header a receiver would add. */
  header: z.string(),
  client: z.object({ ip: z.string(), helo: z.string() }),
})
export type AuthenticationResults = z.infer<typeof authenticationResultsSchema>

/** One SpamAssassin rule that fired: its name, its points and what it means. */
export const spamRuleSchema = z.object({ name: z.string(), score: z.number(), description: z.string() })
export type SpamRule = z.infer<typeof spamRuleSchema>

/** spamd's verdict on one message (the spamc protocol's REPORT). */
export const spamReportSchema = z.object({
  /** The spamd that answered, HOST:PORT. */
  spamd: z.string(),
  score: z.number(),
  /** spamd's required score: at or above it, the message counts as spam. */
  threshold: z.number(),
  isSpam: z.boolean(),
  rules: z.array(spamRuleSchema),
})
export type SpamReport = z.infer<typeof spamReportSchema>

/** HOST:PORT of a spamd, as the user types it. */
export const spamdAddressSchema = z
  .string()
  .trim()
  .min(1, 'Type the spamd address, for example 127.0.0.1:783')
  .max(260)
  .regex(/^[^\s/]+$/, 'Give HOST:PORT, for example 127.0.0.1:783')

/** Why an address is on the suppression list. */
export const suppressionReasonSchema = z.enum(['unsubscribed', 'bounced', 'complained', 'manual'])
export type SuppressionReason = z.infer<typeof suppressionReasonSchema>

/** An address no merge sends to again (kept per data folder, for every account). */
export const suppressionEntrySchema = z.object({
  /** Lower case, as compared. */
  address: z.string(),
  reason: suppressionReasonSchema,
  note: z.string().optional(),
  addedAt: z.string(),
})
export type SuppressionEntry = z.infer<typeof suppressionEntrySchema>

const suppressionAddresses = z
  .array(z.string().trim().min(1).max(320))
  .min(1, 'Give at least one address')
  .max(10_000, 'Give at most 10,000 addresses at once')

/** One line of a merge's bulk-sender readiness report. */
export const readinessCheckSchema = z.object({
  id: z.enum(['dkim', 'spf', 'dmarc', 'one-click', 'visible-link', 'volume', 'tls']),
  /** `error` blocks sending to the big mailbox providers unless the user overrides. */
  status: z.enum(['pass', 'warn', 'error']),
  message: z.string(),
  fix: z.string().optional(),
})
export type ReadinessCheck = z.infer<typeof readinessCheckSchema>

/** A merge against the Gmail/Yahoo/Outlook.com bulk-sender rules, before anything is sent. */
export const readinessReportSchema = z.object({
  checks: z.array(readinessCheckSchema),
  /** Recipients at Gmail, Yahoo, AOL and Outlook.com, whose rules the checks follow. */
  providerRecipients: z.number().int(),
  recipients: z.number().int(),
  /** An error and recipients at those providers: the run is refused without an override. */
  blocked: z.boolean(),
})
export type ReadinessReport = z.infer<typeof readinessReportSchema>

const accountRef = { accountId: z.uuid() }

export const deliverabilityContract = {
  /**
   * Turns DKIM signing on for an account: generates a key (`bits`) or imports one (`privateKeyPem`,
   * which crosses IPC once, to the keychain). Returns the account and the TXT record to publish.
   */
  'dkim:configure': {
    request: z
      .strictObject({
        ...accountRef,
        ...dkimSettingsSchema.shape,
        bits: z.union([z.literal(1024), z.literal(2048), z.literal(3072), z.literal(4096)]).optional(),
        privateKeyPem: z
          .string()
          .max(16 * 1024, 'The key is larger than 16 KB')
          .optional(),
      })
      .refine((r) => (r.bits === undefined) !== (r.privateKeyPem === undefined), {
        message: 'Generate a key (bits) or import one (privateKeyPem), not both',
        path: ['privateKeyPem'],
      }),
    response: z.object({ account: accountSchema, record: dkimRecordSchema }),
  },
  /** Turns DKIM signing off and removes the key from the keychain. */
  'dkim:off': { request: z.strictObject(accountRef), response: accountSchema },
  /** The TXT record for the account's current key. */
  'dkim:record': { request: z.strictObject(accountRef), response: dkimRecordSchema },
  /** Checks a sending domain; with an account, also its DKIM key, alignment and SMTP server. */
  'domain:check': {
    request: z.strictObject({
      domain: z.string().trim().min(1, 'Type a domain such as example.com').max(253),
      selector: z.string().trim().max(63).optional(),
      accountId: z.uuid().optional(),
    }),
    response: domainReportSchema,
  },
  /** The spamd the spam score asks (a setting); null until the user names one. */
  'spam:settings': { request: z.strictObject({}), response: z.object({ spamd: z.string().nullable() }) },
  /**
   * SpamAssassin's score of a message in the test inbox, from the user's spamd. With `spamd`, that
   * address is used and kept as the setting.
   */
  'spam:check': {
    request: z.strictObject({ messageId: z.uuid('That is not a message id'), spamd: spamdAddressSchema.optional() }),
    response: spamReportSchema,
  },
  /** The bulk-sender readiness report of a merge (the list, the account's DKIM key, its From domain's DNS). */
  'merge:readiness': { request: mergeInputSchema, response: readinessReportSchema },
  /** Every suppressed address, newest first. */
  'suppression:list': { request: z.strictObject({}), response: z.array(suppressionEntrySchema) },
  /** Suppresses addresses (an address already listed keeps its first date and takes the new reason). */
  'suppression:add': {
    request: z.strictObject({
      addresses: suppressionAddresses,
      reason: suppressionReasonSchema,
      note: z.string().trim().max(200).optional(),
    }),
    response: z.object({ added: z.number().int(), updated: z.number().int() }),
  },
  /**
   * The user's word after a merge run: the recipients its server refused for good (5xx at RCPT TO)
   * join the list as "bounced", with the server's reply as the note.
   */
  'suppression:addHardBounces': {
    request: z.strictObject({ runId: z.uuid() }),
    response: z.object({ added: z.number().int(), updated: z.number().int(), addresses: z.array(z.string()) }),
  },
  /** Takes addresses off the list: merges send to them again. */
  'suppression:remove': {
    request: z.strictObject({ addresses: suppressionAddresses }),
    response: z.object({ removed: z.number().int() }),
  },
} as const
