import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { tempHome } from '../tests/helpers/temp-home'
import { judged } from './figures'

const runs = 7

/** CPU seconds (user + system) and peak memory of one command, from GNU time. */
function measure(args: string[], env: NodeJS.ProcessEnv): { cpu: number; rssMb: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', ...args], { env, encoding: 'utf8' })
  const last = result.stderr.trim().split('\n').pop() ?? ''
  const [user, sys, kb] = last.split(' ').map(Number)
  if (result.status !== 0 || Number.isNaN(user)) throw new Error(`${args.join(' ')} failed: ${result.stderr}`)
  return { cpu: user + sys, rssMb: kb / 1024 }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/**
 * How much a person waits for the CLI to start: CPU time of `sendsmith --help` and `accounts list`
 * (three accounts in the data folder)
 * against a bare `node -e 0` (issue target: at most 3x), medians of several runs. CPU, not wall
 * time, so a busy machine does not blur the ratio.
 */
export async function run(): Promise<void> {
  const home = tempHome('sendsmith-bench-cli-')
  const env = { ...process.env, SENDSMITH_HOME: home }
  try {
    // A data folder as a user has it: a few accounts (no login, so no keychain entry).
    for (const name of ['Work', 'Home', 'Newsletter']) {
      const added = spawnSync(
        process.execPath,
        ['out/main/cli.js', 'accounts', 'add', '--name', name, '--email', `${name.toLowerCase()}@example.test`].concat([
          '--host',
          'smtp.example.test',
          '--port',
          '587',
          '--security',
          'starttls',
        ]),
        { env, encoding: 'utf8' },
      )
      if (added.status !== 0) throw new Error(`accounts add failed: ${added.stderr}`)
    }
    const sample = (args: string[]) => {
      const all = Array.from({ length: runs }, () => measure(args, env))
      return { cpu: median(all.map((m) => m.cpu)), rssMb: median(all.map((m) => m.rssMb)) }
    }
    const bare = sample([process.execPath, '-e', '0'])
    console.log(
      `\nCLI start (CPU seconds, median of ${runs}; bare node -e 0: ${bare.cpu.toFixed(2)} s, ${bare.rssMb.toFixed(0)} MB)`,
    )
    for (const [label, args] of [
      ['sendsmith --help', ['--help']],
      ['sendsmith accounts list', ['accounts', 'list']],
      ['sendsmith accounts list --json', ['accounts', 'list', '--json']],
    ] as const) {
      const m = sample([process.execPath, 'out/main/cli.js', ...args])
      // node's own CPU floor is ~0.05 s; a ratio on 0.00 would divide by the timer's resolution.
      const ratio = m.cpu / Math.max(bare.cpu, 0.01)
      const verdict = judged({
        figure: `\`${label}\`, CPU vs a bare \`node -e 0\``,
        measured: `${ratio.toFixed(1)}x (${m.cpu.toFixed(2)} s, ${m.rssMb.toFixed(0)} MB)`,
        target: '≤ 3x',
        met: ratio <= 3,
      })
      console.log(
        `  ${label.padEnd(32)} ${m.cpu.toFixed(2)} s, ${m.rssMb.toFixed(0)} MB  ratio ${ratio.toFixed(1)}x  target <= 3x: ${verdict}`,
      )
    }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
