import type { DetectSource, ServerCandidate } from '../../../shared/contract'
import type { Security } from '../../../shared/contract/accounts'

const sourceRank: Record<DetectSource, number> = { provider: 0, autoconfig: 1, srv: 2, mx: 3, guess: 4 }

/** How the form names a security mode. */
export function securityLabel(security: Security): string {
  return security === 'tls' ? 'SSL/TLS' : security === 'starttls' ? 'STARTTLS' : 'no encryption'
}

/** "smtp.example.com:587 STARTTLS", for step details. */
export function describeServer(server: { host: string; port: number; security: Security }): string {
  return `${server.host}:${server.port} ${securityLabel(server.security)}`
}

/**
 * Best first: servers a probe confirmed, then by how authoritative the source is (a provider's
 * own documentation over a guess), then encrypted before plain, then the order the source gave.
 */
export function rankCandidates(candidates: ServerCandidate[]): ServerCandidate[] {
  return candidates
    .map((candidate, index) => ({ candidate, index }))
    .sort(
      (a, b) =>
        Number(b.candidate.verified) - Number(a.candidate.verified) ||
        sourceRank[a.candidate.source] - sourceRank[b.candidate.source] ||
        Number(a.candidate.security === 'none') - Number(b.candidate.security === 'none') ||
        a.index - b.index,
    )
    .map(({ candidate }) => candidate)
}

/** Drops repeats of the same host, port and security, keeping the first (most authoritative). */
export function uniqueCandidates(candidates: ServerCandidate[]): ServerCandidate[] {
  const seen = new Set<string>()
  return candidates.filter((c) => {
    const key = `${c.host.toLowerCase()}:${c.port}:${c.security}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
