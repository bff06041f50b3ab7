import { afterAll, describe, expect, it } from 'vitest'
import { runCli, type CliRun } from '../../helpers/run-cli'
import { tempHome } from '../../helpers/temp-home'

const runs: CliRun[] = []

function add(home: string, name: string): Promise<CliRun> {
  const args = ['accounts', 'add', '--name', name, '--email', `${name.toLowerCase()}@example.test`]
  const server = ['--host', 'smtp.example.test', '--port', '587', '--security', 'starttls']
  // With a password, each process awaits the keychain between reading and writing the list:
  // the window in which the other process used to write and then be overwritten.
  return runCli([...args, ...server, '--user', name, '--password-stdin'], { home, stdin: `pw-${name}\n` }).then(
    (run) => (runs.push(run), run),
  )
}

afterAll(() => {
  for (const run of runs) expect(run.stderr).not.toMatch(/pw-/)
})

describe('two `sendsmith accounts add` at the same moment', () => {
  it('both accounts are kept, in three rounds out of three', async () => {
    for (let round = 0; round < 3; round++) {
      const home = tempHome()
      const [a, b] = await Promise.all([add(home, 'Alpha'), add(home, 'Beta')])
      expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0])
      const list = await runCli(['accounts', 'list', '--json'], { home })
      const names = (JSON.parse(list.stdout) as { name: string; isDefault: boolean }[]).map((x) => x.name).sort()
      expect(names, `round ${round}`).toEqual(['Alpha', 'Beta'])
    }
  }, 120_000) // three rounds of three CLI starts on a busy two-core machine
})
