import { describe, expect, it } from 'vitest'
import { parseRuleTable, parseSpamdReport } from '../../../../electron/services/spam/spamd-report'

// The shape of SpamAssassin 4.0's REPORT answer, as spamd sends it.
const report = [
  'Spam detection software, running on the system "vm",',
  'has identified this incoming email as possible spam.',
  '',
  'Content analysis details:   (1003.3 points, 5.0 required)',
  '',
  ' pts rule name              description',
  '---- ---------------------- --------------------------------------------------',
  '-0.0 NO_RECEIVED            Informational: message has no Received headers',
  ' 2.7 MISSING_DATE           Missing Date: header',
  '1000 GTUBE                  BODY: Generic Test for Unsolicited Bulk Email',
  ' 1.2 URIBL_LONG_DESCRIPTION Contains a URL listed in a list with a long',
  '                            description that goes on',
  '',
  '',
].join('\r\n')

describe('parseSpamdReport', () => {
  it('reads the verdict, the score, the threshold and each rule with its points', () => {
    const parsed = parseSpamdReport(
      `SPAMD/1.1 0 EX_OK\r\nContent-length: ${report.length}\r\nSpam: True ; 1003.3 / 5.0\r\n\r\n${report}`,
      '127.0.0.1:783',
    )
    expect(parsed).toMatchObject({ spamd: '127.0.0.1:783', isSpam: true, score: 1003.3, threshold: 5 })
    expect(parsed.rules).toEqual([
      { name: 'NO_RECEIVED', score: -0, description: 'Informational: message has no Received headers' },
      { name: 'MISSING_DATE', score: 2.7, description: 'Missing Date: header' },
      { name: 'GTUBE', score: 1000, description: 'BODY: Generic Test for Unsolicited Bulk Email' },
      {
        name: 'URIBL_LONG_DESCRIPTION',
        score: 1.2,
        description: 'Contains a URL listed in a list with a long description that goes on',
      },
    ])
  })

  it('reads a clean verdict with no rules', () => {
    const parsed = parseSpamdReport('SPAMD/1.1 0 EX_OK\r\nSpam: False ; -0.1 / 5.0\r\n\r\n', 'h:1')
    expect(parsed).toEqual({ spamd: 'h:1', isSpam: false, score: -0.1, threshold: 5, rules: [] })
  })

  it('refuses an error status and an answer that is not spamd', () => {
    expect(() => parseSpamdReport('SPAMD/1.0 76 Bad header line: x\r\n\r\n', 'h:1')).toThrow(/76 Bad header line/)
    expect(() => parseSpamdReport('220 smtp.example.com ESMTP\r\n', 'h:1')).toThrow(/not SPAMD/)
    expect(() => parseSpamdReport('SPAMD/1.1 0 EX_OK\r\n\r\n', 'h:1')).toThrow(/Spam: header/)
  })

  it('finds no rules in a report without the table', () => {
    expect(parseRuleTable('just text\r\n')).toEqual([])
  })
})
