import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface SpamdTestServer {
  /** "127.0.0.1:PORT", as `--spamd` and the spamd setting take it. */
  address: string
  port: number
  pid: number
  stop(): Promise<void>
}

/** Debian's spamd (package `spamd`, installed by .ci/run). */
export const spamdPath = '/usr/sbin/spamd'

/**
 * Starts Debian's spamd on 127.0.0.1 with the rules shipped in /usr/share/spamassassin: local tests
 * only (-L, no DNS blocklists), no user preferences, no Bayes learning, its HOME in a temp folder so
 * nothing is written to the real one; one child, so about 225 MB. It runs as root (CI) or not.
 * Ready when a connection succeeds (startup compiles the rules: seconds on a busy machine).
 */
export async function startSpamd(timeoutMs = 90_000): Promise<SpamdTestServer> {
  const port = await freePort()
  const home = mkdtempSync(join(tmpdir(), 'sendsmith-spamd-'))
  const child = spawn(
    spamdPath,
    [
      `--listen=127.0.0.1:${port}`,
      '--allowed-ips=127.0.0.1',
      '--max-children=1',
      '--min-children=1',
      '--local',
      '--nouser-config',
      `--helper-home-dir=${home}`,
      '--syslog=stderr',
      '--cf=use_bayes 0',
      '--cf=bayes_auto_learn 0',
    ],
    // Its own process group, so stop() ends the parent and its child together.
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: home } },
  )
  let log = ''
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const pid = child.pid!
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-pid, 'SIGTERM')
      } catch {
        // already gone
      }
      await exited
    }
    // A child that outlived its parent would still be in the group.
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // the group is empty: nothing left behind
    }
    rmSync(home, { recursive: true, force: true })
  }
  try {
    await waitUntilListening(port, exited, timeoutMs, () => log)
  } catch (error) {
    await stop()
    throw error
  }
  return { address: `127.0.0.1:${port}`, port, pid, stop }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Tries to connect until it works (spamd is up) or spamd exits; each failed try waits 100 ms more. */
async function waitUntilListening(
  port: number,
  exited: Promise<void>,
  timeoutMs: number,
  log: () => string,
): Promise<void> {
  let gone = false
  void exited.then(() => (gone = true))
  const deadline = Date.now() + timeoutMs
  for (let attempt = 1; ; attempt++) {
    if (gone) throw new Error(`spamd exited before it listened:\n${log()}`)
    if (await canConnect(port)) return
    if (Date.now() > deadline) throw new Error(`spamd did not listen within ${timeoutMs} ms:\n${log()}`)
    await Promise.race([exited, new Promise((r) => setTimeout(r, Math.min(100 * attempt, 500)))])
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * The processes of a process group that still run (Linux /proc), zombies left out: a zombie has
 * ended and only waits for its parent (here the container's init) to collect it.
 */
export function liveProcessesInGroup(pgid: number): { pid: number; command: string }[] {
  const live: { pid: number; command: string }[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // ended while we looked
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so split after the last ")".
    const close = stat.lastIndexOf(')')
    const [state, , pgrp] = stat.slice(close + 2).split(' ')
    if (Number(pgrp) === pgid && state !== 'Z')
      live.push({ pid: Number(entry), command: stat.slice(stat.indexOf('(') + 1, close) })
  }
  return live
}
