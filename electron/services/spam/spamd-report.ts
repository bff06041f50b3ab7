import type { SpamReport, SpamRule } from '../../../shared/contract'

/**
 * Reads spamd's answer to a REPORT request: the status line, the headers (`Spam: True ; 7.3 / 5.0`)
 * and the report body, whose "Content analysis details" table lists each rule that fired with its
 * points and description (a description may go on over indented lines).
 */
export function parseSpamdReport(response: string, spamd: string): SpamReport {
  const split = response.indexOf('\r\n\r\n')
  const head = split === -1 ? response : response.slice(0, split)
  const body = split === -1 ? '' : response.slice(split + 4)
  const [statusLine, ...headerLines] = head.split('\r\n')
  const status = /^SPAMD\/[\d.]+\s+(\d+)\s*(.*)$/.exec(statusLine)
  if (!status) throw new SpamdProtocolError(`spamd answered "${statusLine.slice(0, 80)}", not SPAMD/1.x`)
  if (status[1] !== '0') throw new SpamdProtocolError(`spamd refused the message: ${status[1]} ${status[2]}`.trim())
  const spamHeader = headerLines.find((line) => /^spam\s*:/i.test(line))
  const verdict = spamHeader && /:\s*(true|false|yes|no)\s*;\s*(-?[\d.]+)\s*\/\s*(-?[\d.]+)/i.exec(spamHeader)
  if (!verdict) throw new SpamdProtocolError('spamd answered without a Spam: header (score / threshold)')
  return {
    spamd,
    isSpam: /^(true|yes)$/i.test(verdict[1]),
    score: Number(verdict[2]),
    threshold: Number(verdict[3]),
    rules: parseRuleTable(body),
  }
}

/** The rows under the "---- ------" line of the report, until the first empty line. */
export function parseRuleTable(report: string): SpamRule[] {
  const lines = report.split(/\r?\n/)
  const start = lines.findIndex((line) => /^-{3,}\s+-{3,}/.test(line))
  if (start === -1) return []
  const rules: SpamRule[] = []
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break
    const row = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Za-z0-9_]+)\s*(.*)$/.exec(line)
    if (row) rules.push({ name: row[2], score: Number(row[1]), description: row[3].trim() })
    else if (rules.length > 0) rules[rules.length - 1].description += ` ${line.trim()}`
  }
  return rules
}

/** spamd answered, but not as the protocol says (or refused the message). */
export class SpamdProtocolError extends Error {
  readonly code = 'ESPAMDPROTOCOL'
}
