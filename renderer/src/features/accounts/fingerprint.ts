/** "sha256:ab12…" as people compare it: upper-case hex in groups of four, without the prefix. */
export function groupFingerprint(fingerprint: string): string {
  const hex = fingerprint
    .replace(/^sha256:/i, '')
    .replace(/[^0-9a-f]/gi, '')
    .toUpperCase()
  return (hex.match(/.{1,4}/g) ?? []).join(' ')
}

/** A date from a certificate ("Jan  1 00:00:00 2030 GMT" or ISO) in the user's words, or as given. */
export function formatCertificateDate(value: string): string {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' })
}

/** True when a certificate's end date has passed. */
export function hasExpired(validTo: string, now = new Date()): boolean {
  const date = new Date(validTo)
  return !Number.isNaN(date.getTime()) && date.getTime() < now.getTime()
}
