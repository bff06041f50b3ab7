import { z } from 'zod'
import { accountSchema, authMethodSchema, fingerprintSchema, securitySchema } from './accounts'
import { appErrorSchema } from './errors'
import { emailAddress } from './fields'

/** Names one long-running detect or test run, so its events can be followed and it can be cancelled. */
export const runIdSchema = z.uuid()

// ---- Autodetect -------------------------------------------------------------------------------

/** Where a suggested server came from, in the order autodetect tries them. */
export const detectSourceSchema = z.enum(['provider', 'autoconfig', 'srv', 'mx', 'guess'])
export type DetectSource = z.infer<typeof detectSourceSchema>

/** One submission server autodetect suggests, with what is known about it. */
export const serverCandidateSchema = z.strictObject({
  host: z.string(),
  port: z.number().int(),
  security: securitySchema,
  source: detectSourceSchema,
  /** Human words for the source: "Gmail (built-in list)", "autoconfig.example.com", "SRV _submission._tcp". */
  sourceDetail: z.string(),
  /** The user name to sign in with, when the source says (`%EMAILADDRESS%` expanded). */
  username: z.string().optional(),
  authMethod: authMethodSchema.optional(),
  /** Provider notes such as "needs an app password". */
  notes: z.array(z.string()),
  /** True when a probe reached the server and its banner/EHLO confirmed the security mode. */
  verified: z.boolean(),
})
export type ServerCandidate = z.infer<typeof serverCandidateSchema>

export const detectStepIdSchema = z.enum(['providers', 'autoconfig', 'srv', 'mx', 'probe'])
export const detectStepSchema = z.strictObject({
  id: detectStepIdSchema,
  label: z.string(),
  status: z.enum(['running', 'found', 'nothing', 'failed', 'skipped', 'cancelled']),
  /** What the step did or found, in words: "autoconfig.example.com: smtp.example.com:587 STARTTLS". */
  detail: z.string(),
  elapsedMs: z.number(),
})
export type DetectStep = z.infer<typeof detectStepSchema>

export const detectResultSchema = z.strictObject({
  steps: z.array(detectStepSchema),
  candidates: z.array(serverCandidateSchema),
  /** The suggestion to fill the form with, or null when nothing was found. */
  best: serverCandidateSchema.nullable(),
  cancelled: z.boolean(),
  /** IMAP servers for the copy in Sent and the round trip: provider list, autoconfig, SRV `_imaps`/`_imap`. */
  imapCandidates: z.array(serverCandidateSchema).default([]),
  imap: serverCandidateSchema.nullable().default(null),
})
export type DetectResult = z.infer<typeof detectResultSchema>

// ---- Connection test --------------------------------------------------------------------------

export const testStepIdSchema = z.enum(['resolve', 'connect', 'tls', 'ehlo', 'auth', 'envelope', 'message', 'imap'])
export type TestStepId = z.infer<typeof testStepIdSchema>

export const testStepSchema = z.strictObject({
  id: testStepIdSchema,
  label: z.string(),
  status: z.enum(['running', 'ok', 'warning', 'failed', 'skipped', 'cancelled']),
  elapsedMs: z.number(),
  /** One line: "127.0.0.1, ::1", "TLSv1.3 TLS_AES_256_GCM_SHA384", "235 Authentication successful". */
  summary: z.string(),
  details: z.array(z.strictObject({ label: z.string(), value: z.string() })),
})
export type TestStep = z.infer<typeof testStepSchema>

/** The server's certificate as the TLS step saw it. */
export const certificateInfoSchema = z.strictObject({
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  subjectAltNames: z.array(z.string()),
  fingerprint: z.string(),
  selfSigned: z.boolean(),
  hostnameMatches: z.boolean(),
  /** How it is trusted: by a CA, by this account's pinned fingerprint, or not at all (with why). */
  trust: z.enum(['ca', 'pinned', 'untrusted']),
  untrustedReason: z.string().optional(),
  protocol: z.string(),
  cipher: z.string(),
})
export type CertificateInfo = z.infer<typeof certificateInfoSchema>

export const capabilitiesSchema = z.strictObject({
  /** The EHLO lines as the server sent them (after the greeting line). */
  raw: z.array(z.string()),
  size: z.number().nullable(),
  authMechanisms: z.array(z.string()),
  startTls: z.boolean(),
  pipelining: z.boolean(),
  eightBitMime: z.boolean(),
  smtpUtf8: z.boolean(),
})
export type Capabilities = z.infer<typeof capabilitiesSchema>

export const envelopeCheckSchema = z.strictObject({
  address: z.string(),
  kind: z.enum(['sender', 'recipient']),
  accepted: z.boolean(),
  response: z.string(),
})
export type EnvelopeCheck = z.infer<typeof envelopeCheckSchema>

/** One line of the SMTP conversation, credentials already redacted. */
export const transcriptLineSchema = z.strictObject({
  direction: z.enum(['client', 'server', 'info']),
  text: z.string(),
  atMs: z.number(),
})
export type TranscriptLine = z.infer<typeof transcriptLineSchema>

export const testReportSchema = z.strictObject({
  ok: z.boolean(),
  steps: z.array(testStepSchema),
  certificate: certificateInfoSchema.nullable(),
  capabilities: capabilitiesSchema.nullable(),
  envelope: z.array(envelopeCheckSchema),
  transcript: z.array(transcriptLineSchema),
  /** Why the test stopped, with advice; null when it passed. */
  error: appErrorSchema.nullable(),
  elapsedMs: z.number(),
})
export type TestReport = z.infer<typeof testReportSchema>

export const testRequestSchema = z.strictObject({
  accountId: z.uuid(),
  runId: runIdSchema,
  /** Also send a short test message to this address (usually the account's own). */
  sendTestTo: emailAddress('Test message recipient').optional(),
  /** Check, without sending, whether the server accepts this sender (MAIL FROM) ... */
  mailFrom: emailAddress('Sender to check').optional(),
  /** ... and these recipients (RCPT TO), then RSET. */
  rcptTo: z.array(emailAddress('Recipient to check')).max(50, 'Check at most 50 recipients at once').default([]),
})
export type TestRequest = z.input<typeof testRequestSchema>

export const accountSetupContract = {
  /** Find the submission server for an email address: providers, autoconfig, SRV, MX, probes. */
  'accounts:detect': {
    request: z.strictObject({ email: emailAddress('Email address'), runId: runIdSchema }),
    response: detectResultSchema,
  },
  /** Test a saved account step by step: resolve, connect, TLS, EHLO, AUTH, envelope, message. */
  'accounts:test': { request: testRequestSchema, response: testReportSchema },
  /** Cancel a detect or test run. */
  'accounts:cancel': {
    request: z.strictObject({ runId: runIdSchema }),
    response: z.strictObject({ cancelled: z.boolean() }),
  },
  /**
   * Trust one certificate for one account: main connects, and pins the certificate only if the
   * server presents the one with this fingerprint.
   */
  'accounts:trust': {
    request: z.strictObject({ accountId: z.uuid(), fingerprint: fingerprintSchema }),
    response: accountSchema,
  },
  /** Forget the account's pinned certificate. */
  'accounts:untrust': { request: z.strictObject({ accountId: z.uuid() }), response: accountSchema },
} as const

export const accountSetupEvents = {
  /** A detect step started or finished. */
  'detect:step': z.strictObject({ runId: z.string(), step: detectStepSchema }),
  /** A test step started or finished, with the transcript lines so far. */
  'test:step': z.strictObject({ runId: z.string(), step: testStepSchema }),
} as const
