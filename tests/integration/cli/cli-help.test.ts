import { spawnSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import packageJson from '../../../package.json'
import { answerWithoutServices } from '../../../electron/cli/run-cli'
import { runCli } from '../../helpers/run-cli'
import { tempHome } from '../../helpers/temp-home'

const bin = resolve(import.meta.dirname, '../../../bin/sendsmith.js')

/** Every `command verb` the overview names (verbs are the lowercase word after the command). */
function synopses(): string[][] {
  const overview = answerWithoutServices(['--help'])!.text
  const found = new Set<string>()
  for (const match of overview.matchAll(/^\s*sendsmith ([a-z]+)(?: ([a-z][a-z-]*))?/gm))
    found.add(match[2] ? `${match[1]} ${match[2]}` : match[1])
  return [...found].map((s) => s.split(' '))
}

describe('sendsmith --help, COMMAND --help, --version', () => {
  it('answers --help for every command and subcommand the overview lists, with that synopsis', () => {
    const all = synopses()
    expect(all.length).toBeGreaterThan(10)
    for (const words of all) {
      const answer = answerWithoutServices([...words, '--help'])
      expect(answer, words.join(' ')).toBeDefined()
      expect(answer!.code, words.join(' ')).toBe(0)
      expect(answer!.text, words.join(' ')).toContain(`sendsmith ${words.join(' ')}`)
    }
  })

  it('the built command answers COMMAND [VERB] --help for every synopsis, exit 0, without a data folder or keychain', async () => {
    const home = tempHome()
    // No Secret Service either: help must not open any service.
    const env = { DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '' }
    const runs = await Promise.all(
      synopses().map(async (words) => ({ words, run: await runCli([...words, '--help'], { home, env }) })),
    )
    for (const { words, run } of runs) {
      expect(run.code, words.join(' ')).toBe(0)
      expect(run.stdout, words.join(' ')).toMatch(new RegExp(`^Usage:\\n\\s+sendsmith ${words.join(' ')}\\b`))
      expect(run.stderr, words.join(' ')).toBe('')
    }
    expect(readdirSync(home)).toEqual([])
    const version = await runCli(['--version'], { home })
    expect(version).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' })
  })

  it('prints the version from package.json', () => {
    expect(answerWithoutServices(['--version'])).toEqual({ text: `${packageJson.version}\n`, code: 0 })
  })

  it('the built command answers `accounts add --help` (which its own hints recommend) with exit 0', async () => {
    const run = await runCli(['accounts', 'add', '--help'], { home: tempHome() })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Usage:\n\s+sendsmith accounts add --name N/)
    expect(run.stdout).not.toContain('sendsmith accounts list')
    expect(run.stderr).toBe('')
  })

  it('piped into head, prints no EPIPE trace and keeps its exit code', () => {
    const home = tempHome()
    const big = join(home, 'big.html')
    // Far more than a pipe buffer (64 KB), so the writer is still writing when head has gone.
    writeFileSync(
      big,
      `<!doctype html><html><body>${'<p>A paragraph of the newsletter.</p>\n'.repeat(20_000)}</body></html>`,
    )
    const shell = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${bin}" template render "${big}" | head -c 100 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`,
      ],
      { env: { ...process.env, SENDSMITH_HOME: home }, encoding: 'utf8' },
    )
    expect(shell.stderr).toBe('')
    expect(shell.stdout.trim()).toBe('exit=0')
  })
})
