import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../electron/cli/run-cli'
import type { AppServices } from '../../../electron/services/app-services'
import { runCliInProcess } from '../../helpers/in-process-cli'
import { testServices } from '../../helpers/services'

// Every form of terminal control a hostile sender might hide in a message.
const hostile = {
  osc: '\x1b]0;pwned title\x07',
  clear: '\x1b[2J',
  hyperlink: '\x1b]8;;https://evil.example\x1b\\',
  c1: '\u009b2J',
  bell: '\x07',
}
const controls = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/

function hostileMessage(): Buffer {
  // Encoded words, so the parser decodes the controls into the fields rather than dropping them.
  const encoded = (text: string) => `=?utf-8?b?${Buffer.from(text).toString('base64')}?=`
  const encodedSubject = encoded(`Invoice ${hostile.osc}due${hostile.c1}`)
  return Buffer.from(
    [
      `From: ${encoded(`Billing ${hostile.clear}Team`)} <billing@example.test>`,
      'To: bob@example.test',
      `Subject: ${encodedSubject}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Pay ${hostile.hyperlink}here${hostile.bell} now.\x1b[31m`,
      'Second line\twith a tab.',
      '',
    ].join('\r\n'),
  )
}

async function storeHostile(services: AppServices): Promise<string> {
  const { summary } = await services.inbox.store.add(hostileMessage(), {
    from: `bounce${hostile.osc}@example.test`,
    to: ['bob@example.test'],
  })
  return summary.id
}

describe('sendsmith inbox list and show print no terminal control sequences from received mail', () => {
  it('list: subject, sender and addresses arrive without ESC, CSI, OSC, C1 or BEL, and the words stay', async () => {
    const services = testServices()
    await storeHostile(services)
    const run = await runCliInProcess(['inbox', 'list'], services)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).not.toMatch(controls)
    expect(run.stdout).toContain('Invoice due')
    expect(run.stdout).toContain('"Billing Team" <billing@example.test>')
  })

  it('show: every header and body field is cleaned, line breaks and tabs kept; --json escapes them', async () => {
    const services = testServices()
    const id = await storeHostile(services)
    const run = await runCliInProcess(['inbox', 'show', id], services)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).not.toMatch(controls)
    expect(run.stdout).toContain('Subject:  Invoice due')
    expect(run.stdout).toContain('Envelope: bounce@example.test → bob@example.test')
    expect(run.stdout).toContain('Pay here now.\nSecond line\twith a tab.')
    const json = await runCliInProcess(['inbox', 'show', id, '--json'], services)
    expect(json.stdout).not.toMatch(controls)
    expect(JSON.parse(json.stdout).subject).toBe(`Invoice ${hostile.osc}due${hostile.c1}`) // kept, but escaped
  })

  it('show --raw: the exact bytes into a pipe, but a terminal gets them without control sequences', async () => {
    const services = testServices()
    const id = await storeHostile(services)
    const piped = await runCliInProcess(['inbox', 'show', id, '--raw'], services)
    expect(Buffer.from(piped.stdout).equals(hostileMessage())).toBe(true)
    const terminal = Object.assign(new PassThrough(), { isTTY: true })
    let shown = ''
    terminal.on('data', (d: Buffer) => (shown += d.toString()))
    const code = await runCli(['inbox', 'show', id, '--raw'], () => ({
      services,
      stdout: terminal,
      stderr: new PassThrough(),
      stdin: Readable.from(['']),
    }))
    expect(code).toBe(0)
    expect(shown).toContain('Pay here now.')
    expect(shown).not.toMatch(controls)
  })

  it('show: a message that does not parse prints its headers and source with the reason', async () => {
    const services = testServices()
    const parts = Array.from({ length: 10_050 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}`)
    const raw = Buffer.from(
      ['Subject: Too many parts', 'Content-Type: multipart/mixed; boundary=b', '', ...parts, '--b--', ''].join('\r\n'),
    )
    const { summary } = await services.inbox.store.add(raw, { from: 'm@example.test', to: ['b@example.test'] })
    const list = await runCliInProcess(['inbox', 'list'], services)
    expect(list.stdout).toContain('Too many parts')
    const run = await runCliInProcess(['inbox', 'show', summary.id], services)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('The message could not be parsed: ')
    expect(run.stdout).toContain('The source as received:')
    expect(run.stdout).toContain('part 10049')
  })
})
