import type { ServerCandidate } from '../../../shared/contract'
import type { Network } from '../net/network'
import { abortError, withDeadline } from './deadline'
import { srvCandidates } from './srv-records'

/**
 * The IMAP server of each provider in the built-in list, by its SMTP host, as the providers document
 * them (all implicit TLS on 993). Proton Bridge serves IMAP on 1143 with STARTTLS.
 */
const imapBySmtpHost: Record<string, { host: string; port: number; security: 'tls' | 'starttls' }> = {
  'smtp.gmail.com': { host: 'imap.gmail.com', port: 993, security: 'tls' },
  'smtp-mail.outlook.com': { host: 'outlook.office365.com', port: 993, security: 'tls' },
  'smtp.office365.com': { host: 'outlook.office365.com', port: 993, security: 'tls' },
  'smtp.mail.yahoo.com': { host: 'imap.mail.yahoo.com', port: 993, security: 'tls' },
  'smtp.aol.com': { host: 'imap.aol.com', port: 993, security: 'tls' },
  'smtp.mail.me.com': { host: 'imap.mail.me.com', port: 993, security: 'tls' },
  'smtp.fastmail.com': { host: 'imap.fastmail.com', port: 993, security: 'tls' },
  'smtp.zoho.com': { host: 'imap.zoho.com', port: 993, security: 'tls' },
  'smtppro.zoho.com': { host: 'imappro.zoho.com', port: 993, security: 'tls' },
  'smtp.zoho.eu': { host: 'imap.zoho.eu', port: 993, security: 'tls' },
  'smtppro.zoho.eu': { host: 'imappro.zoho.eu', port: 993, security: 'tls' },
  'smtp.zoho.in': { host: 'imap.zoho.in', port: 993, security: 'tls' },
  'smtppro.zoho.in': { host: 'imappro.zoho.in', port: 993, security: 'tls' },
  'mail.gmx.net': { host: 'imap.gmx.net', port: 993, security: 'tls' },
  'mail.gmx.com': { host: 'imap.gmx.com', port: 993, security: 'tls' },
  'smtp.web.de': { host: 'imap.web.de', port: 993, security: 'tls' },
  'smtp.mail.ru': { host: 'imap.mail.ru', port: 993, security: 'tls' },
  'smtp.yandex.com': { host: 'imap.yandex.com', port: 993, security: 'tls' },
  '127.0.0.1': { host: '127.0.0.1', port: 1143, security: 'starttls' },
  'smtp.mailbox.org': { host: 'imap.mailbox.org', port: 993, security: 'tls' },
  'posteo.de': { host: 'posteo.de', port: 993, security: 'tls' },
}

/** The IMAP servers of built-in providers whose SMTP servers were suggested (from the table or an MX). */
export function providerImapCandidates(smtp: ServerCandidate[]): ServerCandidate[] {
  return smtp.flatMap((c) => {
    const imap = (c.source === 'provider' || c.source === 'mx') && imapBySmtpHost[c.host]
    return imap
      ? [{ ...imap, source: c.source, sourceDetail: c.sourceDetail, username: c.username, notes: [], verified: false }]
      : []
  })
}

/** RFC 6186: _imaps._tcp (implicit TLS, preferred by RFC 8314) before _imap._tcp (STARTTLS). */
export const imapSrvServices = [
  { service: '_imaps._tcp', security: 'tls' as const },
  { service: '_imap._tcp', security: 'starttls' as const },
]

/** IMAP servers from the domain's SRV records; none when there are none. Rejects only when the signal aborts. */
export async function lookUpImapSrv(
  network: Network,
  domain: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<ServerCandidate[]> {
  const answers = await Promise.all(
    imapSrvServices.map(async ({ service, security }) => {
      try {
        const records = await withDeadline(network.resolveSrv(`${service}.${domain}`), {
          ...options,
          what: `SRV ${service}.${domain}`,
        })
        return { service, security, records }
      } catch {
        if (options.signal?.aborted) throw abortError()
        return { service, security, records: [] }
      }
    }),
  )
  return srvCandidates(domain, answers)
}

/** Candidates in order without repeating a host and port. */
export function uniqueImap(candidates: ServerCandidate[]): ServerCandidate[] {
  const seen = new Set<string>()
  return candidates.filter((c) => !seen.has(`${c.host}:${c.port}`) && seen.add(`${c.host}:${c.port}`))
}
