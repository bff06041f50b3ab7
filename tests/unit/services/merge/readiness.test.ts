import { describe, expect, it } from 'vitest'
import { assessReadiness } from '../../../../electron/services/merge/readiness'
import type { Account, DomainReport } from '../../../../shared/contract'

const account = {
  id: '7d8a3c9e-5b1f-4c2a-9e3d-1a2b3c4d5e6f',
  name: 'Ada',
  email: 'news@example.com',
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
} as Account
const dkim = { domain: 'example.com', selector: 's1', privateKeyPem: '' }
const domainReport: DomainReport = { domain: 'example.com', checkedAt: '', findings: [], bulkReady: true }
const template = '<p>Hello</p><p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>'
const oneClick = { url: 'https://example.com/u/{{id}}', oneClick: true }

describe('bulk-sender readiness', () => {
  it('passes a DKIM-signed, aligned, one-click merge over TLS', () => {
    const report = assessReadiness({
      account,
      dkim,
      domainReport,
      listUnsubscribe: oneClick,
      templateSource: template,
      recipients: ['bob@gmail.com'],
    })
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([])
    expect(report.blocked).toBe(false)
  })

  it('blocks a run without one-click unsubscribe for a gmail.com recipient, with the fix', () => {
    const report = assessReadiness({
      account,
      dkim,
      domainReport,
      listUnsubscribe: { mailto: 'unsub@example.com' },
      templateSource: template,
      recipients: ['carol@example.org', 'bob@gmail.com'],
    })
    expect(report.blocked).toBe(true)
    expect(report.providerRecipients).toBe(1)
    expect(report.checks.find((c) => c.id === 'one-click')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/No one-click unsubscribe/),
      fix: expect.stringMatching(/https unsubscribe URL with one-click/),
    })
  })

  it('reports the same problem but does not block when no recipient is at those providers', () => {
    const report = assessReadiness({
      account,
      dkim,
      domainReport,
      templateSource: template,
      recipients: ['carol@example.org'],
    })
    expect(report.checks.find((c) => c.id === 'one-click')?.status).toBe('error')
    expect(report.blocked).toBe(false)
  })

  it('finds misaligned DKIM, a missing visible link, plain SMTP, failing DMARC and bulk volume', () => {
    const report = assessReadiness({
      account: { ...account, security: 'none' },
      dkim: { ...dkim, domain: 'mailer.test' },
      domainReport: {
        ...domainReport,
        findings: [
          { area: 'dmarc', status: 'fail', bulkRequirement: true, message: 'no DMARC record', fix: 'Publish one' },
        ],
      },
      listUnsubscribe: oneClick,
      templateSource: '<p>Hi</p>',
      recipients: Array.from({ length: 5000 }, (_, i) => `r${i}@yahoo.com`),
    })
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
    expect(status).toEqual({
      dkim: 'error',
      spf: 'pass',
      dmarc: 'error',
      'one-click': 'pass',
      'visible-link': 'error',
      volume: 'warn',
      tls: 'error',
    })
    expect(report.blocked).toBe(true)
  })
})
