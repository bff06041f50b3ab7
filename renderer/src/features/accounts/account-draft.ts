import {
  accountInputSchema,
  type Account,
  type AccountInput,
  type AppError,
  type AuthMethod,
  type Security,
  type ServerCandidate,
} from '../../../../shared/contract'

/** The SMTP account form's fields as typed (numbers stay text until saved); IMAP is imap-section.tsx's. */
export interface AccountDraft {
  name: string
  email: string
  host: string
  port: string
  security: Security
  auth: boolean
  authMethod: AuthMethod
  username: string
  /** Empty keeps the saved password. */
  password: string
  allowInsecureAuth: boolean
  oauth: Account['oauth']
  replyTo: string
  signatureHtml: string
  clientName: string
  timeoutSeconds: string
  ca: string
}

/** What the setup page collected for a new account (SetupPrefill without the IMAP part). */
export interface DraftPrefill {
  name: string
  email: string
  password: string
  candidate?: ServerCandidate
}

/** The draft of an account being edited, or of a new one from the setup page (or the contract's defaults). */
export function draftFromAccount(account?: Account, prefill?: DraftPrefill): AccountDraft {
  const candidate = account ? undefined : prefill?.candidate
  return {
    name: account?.name ?? prefill?.name ?? '',
    email: account?.email ?? prefill?.email ?? '',
    host: account?.host ?? candidate?.host ?? '',
    port: String(account?.port ?? candidate?.port ?? 587),
    security: account?.security ?? candidate?.security ?? 'starttls',
    auth: account?.auth ?? true,
    authMethod: account?.authMethod ?? candidate?.authMethod ?? 'auto',
    username: account?.username ?? candidate?.username ?? prefill?.email ?? '',
    password: account ? '' : (prefill?.password ?? ''),
    allowInsecureAuth: account?.allowInsecureAuth ?? false,
    oauth: account?.oauth,
    replyTo: account?.replyTo ?? '',
    signatureHtml: account?.signatureHtml ?? '',
    clientName: account?.clientName ?? '',
    timeoutSeconds: String(account?.timeoutSeconds ?? 15),
    ca: account?.ca ?? '',
  }
}

/** Sending a password with no encryption: the form asks for consent. */
export const isInsecureAuth = (draft: AccountDraft) => draft.auth && draft.security === 'none'

/**
 * The contract's `accounts:save` request, or the error of a field that is not even a number.
 * `extra` is the IMAP section's part.
 */
export function saveRequestOf(
  draft: AccountDraft,
  account: Account | undefined,
  extra: Pick<AccountInput, 'imap' | 'sentCopy' | 'imapPassword'> = {},
): { ok: true; value: AccountInput } | { ok: false; error: AppError } {
  const port = Number(draft.port)
  if (draft.port.trim() === '' || !Number.isInteger(port))
    return {
      ok: false,
      error: { code: 'VALIDATION', field: 'port', message: 'Port must be a number: 587 for STARTTLS, 465 for SSL/TLS' },
    }
  const timeout = Number(draft.timeoutSeconds)
  if (draft.timeoutSeconds.trim() === '' || !Number.isInteger(timeout))
    return {
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'timeoutSeconds',
        message: 'Connection timeout must be a whole number of seconds, from 1 to 300',
      },
    }
  const { oauth, password } = draft
  return {
    ok: true,
    value: {
      ...(account ? { id: account.id } : {}),
      name: draft.name,
      email: draft.email,
      host: draft.host,
      port,
      security: draft.security,
      auth: draft.auth,
      authMethod: draft.authMethod,
      username: draft.username,
      allowInsecureAuth: isInsecureAuth(draft) && draft.allowInsecureAuth,
      ca: draft.ca.trim(),
      clientName: draft.clientName.trim(),
      timeoutSeconds: timeout,
      replyTo: draft.replyTo.trim(),
      signatureHtml: draft.signatureHtml,
      ...extra,
      // Omitted, the stored password is kept: the renderer never sees it, so it cannot resend it.
      ...(password !== '' && !oauth ? { password } : {}),
      // Signing in with a provider: XOAUTH2 with tokens from the browser sign-in (oauth-sign-in.tsx).
      ...(oauth && { oauth, auth: true, authMethod: 'XOAUTH2' as const }),
    },
  }
}

/**
 * What the contract's schema says is wrong with the draft, first problem per field (the same
 * messages main would answer with); empty when the request would be accepted.
 */
export function draftProblems(draft: AccountDraft, account?: Account): Partial<Record<string, string>> {
  const request = saveRequestOf(draft, account)
  if (!request.ok) return { [request.error.field ?? '']: request.error.message }
  const parsed = accountInputSchema.safeParse(request.value)
  const problems: Partial<Record<string, string>> = {}
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '')
      problems[field] ??= issue.message
    }
  return problems
}
