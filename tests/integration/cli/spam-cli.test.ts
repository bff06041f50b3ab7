import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/run-cli'
import { startSpamd, type SpamdTestServer } from '../../helpers/spamd-test-server'
import { tempHome } from '../../helpers/temp-home'

const fixtures = resolve(import.meta.dirname, '../../fixtures/spam')
const home = tempHome()
let spamd: SpamdTestServer

beforeAll(async () => {
  spamd = await startSpamd()
}, 120_000)

afterAll(async () => {
  await spamd?.stop()
})

describe('sendsmith spam check', { timeout: 90_000 }, () => {
  it('gives the GTUBE message its score and rules as JSON, and exits 1 for spam', async () => {
    const run = await runCli(['spam', 'check', resolve(fixtures, 'gtube.eml'), '--spamd', spamd.address, '--json'], {
      home,
    })
    expect(run.code, run.stderr).toBe(1)
    const report = JSON.parse(run.stdout) as { isSpam: boolean; score: number; rules: { name: string }[] }
    expect(report.isSpam).toBe(true)
    expect(report.score).toBeGreaterThanOrEqual(1000)
    expect(report.rules.map((r) => r.name)).toContain('GTUBE')
  })

  it('prints a clean message readably and exits 0', async () => {
    const run = await runCli(['spam', 'check', resolve(fixtures, 'clean.eml'), '--spamd', spamd.address], { home })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(
      new RegExp(`clean\\.eml: -?[\\d.]+ points \\(spamd at ${spamd.address} calls 5 or more spam\\): not spam`),
    )
    expect(run.stdout).not.toContain('GTUBE')
  })

  it('scores a template built as it would be sent, subject from its <title>', async () => {
    const run = await runCli(
      ['spam', 'check', resolve(fixtures, 'newsletter.html'), '--spamd', spamd.address, '--json'],
      { home },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('no account yet')
    const report = JSON.parse(run.stdout) as { isSpam: boolean; rules: { name: string }[] }
    expect(report.isSpam).toBe(false)
    // An HTML message whose text part was made from it: SpamAssassin sees both parts.
    expect(report.rules.map((r) => r.name)).not.toContain('MISSING_SUBJECT')
  })

  it('tells a user with no spamd running how to get one', async () => {
    await spamd.stop()
    const run = await runCli(['spam', 'check', resolve(fixtures, 'clean.eml'), '--spamd', spamd.address], { home })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`No spamd answers at ${spamd.address}`)
    expect(run.stderr).toContain('apt install spamd')
  })
})
