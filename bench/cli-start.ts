import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { tempHome } from '../tests/helpers/temp-home'

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
 * against a bare `node -e 0` (issue target: at most 3x), medians of several runs. CPU, not wall
 * time, so a busy machine does not blur the ratio.
 */
export async function run(): Promise<void> {
  const home = tempHome('sendsmith-bench-cli-')
  const env = { ...process.env, SENDSMITH_HOME: home }
  try {
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
    ] as const) {
      const m = sample([process.execPath, 'out/main/cli.js', ...args])
      // node's own CPU floor is ~0.05 s; a ratio on 0.00 would divide by the timer's resolution.
      const ratio = m.cpu / Math.max(bare.cpu, 0.01)
      console.log(
        `  ${label.padEnd(26)} ${m.cpu.toFixed(2)} s, ${m.rssMb.toFixed(0)} MB  ratio ${ratio.toFixed(1)}x  target <= 3x: ${ratio <= 3 ? 'met' : 'NOT met'}`,
      )
    }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
