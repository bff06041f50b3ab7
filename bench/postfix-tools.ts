import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

const postfixDir = resolve('out/bench/postfix')

/** smtp-source and smtp-sink from Debian's postfix package, unpacked (cached) under out/bench/postfix; undefined when unavailable. */
export function postfixTools(): { source: string; sink: string; env: NodeJS.ProcessEnv } | undefined {
  const root = join(postfixDir, 'root')
  const tools = () => ({
    source: join(root, 'usr/sbin/smtp-source'),
    sink: join(root, 'usr/sbin/smtp-sink'),
    env: { ...process.env, LD_LIBRARY_PATH: join(root, 'usr/lib/postfix') },
  })
  if (existsSync(tools().source)) return tools()
  try {
    mkdirSync(postfixDir, { recursive: true })
    if (!readdirSync(postfixDir).some((f) => f.endsWith('.deb')))
      execFileSync('apt-get', ['download', 'postfix'], { cwd: postfixDir, stdio: 'ignore', timeout: 120_000 })
    const deb = readdirSync(postfixDir).find((f) => f.endsWith('.deb'))
    if (!deb) return undefined
    execFileSync('dpkg', ['-x', join(postfixDir, deb), root], { stdio: 'ignore' })
    return existsSync(tools().source) ? tools() : undefined
  } catch {
    return undefined
  }
}
