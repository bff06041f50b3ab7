import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { ImapFlow } from 'imapflow'
import { testCertificate, type TestCertificate } from './test-certificate'

export interface DovecotOptions {
  /** Mailbox users: address -> password (default alice@example.test / "alice-imap-secret"). */
  users?: Record<string, string>
  /** The Sent mailbox's name and whether it carries `\Sent` (RFC 6154). Default "Sent", special use on. */
  sent?: { name: string; specialUse: boolean }
  certificate?: TestCertificate
  /**
   * Also take OAuth2 bearer tokens (XOAUTH2, OAUTHBEARER), checked by introspection (RFC 7662) at this
   * URL, which carries the introspecting client's credentials (http://id:secret@host/...).
   */
  oauth2?: { introspectionUrl: string }
}

export interface DovecotServer {
  host: '127.0.0.1'
  /** Plain IMAP with STARTTLS offered. */
  imapPort: number
  /** IMAP over TLS from the first byte. */
  imapsPort: number
  users: Record<string, string>
  /** The server's certificate (PEM), for an account's CA. */
  ca: string
  /** Stops the server (waits for dovecot to exit); start() brings it back on the same ports and mail. */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops it and removes its folder. */
  close(): Promise<void>
  /** Puts a message into a user's mailbox over IMAP APPEND, as a delivery agent would. */
  deliver(user: string, mailbox: string, raw: string | Buffer): Promise<void>
  /** The Message-IDs in a user's mailbox, in order (one per message, duplicates kept). */
  messageIds(user: string, mailbox: string): Promise<string[]>
  /** A connected client for a user (the caller logs out). */
  client(user: string): Promise<ImapFlow>
}

const defaultUsers = { 'alice@example.test': 'alice-imap-secret' }

/**
 * A real Debian dovecot (imapd) run by the test, unprivileged, in the foreground (`dovecot -F`) on two
 * loopback ports with its own config: a passwd-file, maildirs and sockets in a temporary folder,
 * STARTTLS and implicit TLS with the tests' certificate. Dovecot refuses to run its login processes
 * as root and mail as uid 0, so under root they run as `nobody` (the folder made traversable for it);
 * otherwise everything runs as the current user.
 */
export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  const users: Record<string, string> = options.users ?? defaultUsers
  const sent = options.sent ?? { name: 'Sent', specialUse: true }
  const certificate = options.certificate ?? testCertificate()
  const dir = mkdtempSync(join(tmpdir(), 'sendsmith-dovecot-'))
  const asRoot = process.getuid?.() === 0
  const me = userInfo()
  const mailUid = asRoot ? 65534 : me.uid
  const mailGid = asRoot ? 65534 : me.gid
  const serviceUser = asRoot ? 'nobody' : me.username
  const serviceGroup = asRoot ? 'nogroup' : groupName()
  if (asRoot) makeTraversable(dir)

  const [imapPort, imapsPort] = [await freePort(), await freePort()]
  const mailDir = join(dir, 'mail')
  mkdirSync(mailDir)
  mkdirSync(join(dir, 'run'))
  if (asRoot) chownSync(mailDir, mailUid, mailGid)
  writeFileSync(join(dir, 'cert.pem'), certificate.cert)
  writeFileSync(join(dir, 'key.pem'), certificate.key, { mode: 0o600 })
  writeFileSync(
    join(dir, 'passwd'),
    Object.entries(users)
      .map(([user, pass]) => `${user}:{PLAIN}${pass}:${mailUid}:${mailGid}::${join(mailDir, user)}`)
      .join('\n') + '\n',
    { mode: 0o644 },
  )
  if (options.oauth2)
    writeFileSync(
      join(dir, 'oauth2.conf'),
      `introspection_mode = post
introspection_url = ${options.oauth2.introspectionUrl}
username_attribute = sub
active_attribute = active
active_value = true
`,
      { mode: 0o644 },
    )
  const config = join(dir, 'dovecot.conf')
  writeFileSync(
    config,
    `base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'run', 'state')}
instance_name = sendsmith-test-${imapPort}
protocols = imap
listen = 127.0.0.1
default_internal_user = ${serviceUser}
default_internal_group = ${serviceGroup}
default_login_user = ${serviceUser}
first_valid_uid = 1
log_path = ${join(dir, 'dovecot.log')}
ssl = yes
ssl_cert = <${join(dir, 'cert.pem')}
ssl_key = <${join(dir, 'key.pem')}
auth_mechanisms = plain login${options.oauth2 ? ' xoauth2 oauthbearer' : ''}
disable_plaintext_auth = no
${
  options.oauth2
    ? `passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${join(dir, 'oauth2.conf')}
}
`
    : ''
}passdb {
  driver = passwd-file
  args = scheme=PLAIN ${join(dir, 'passwd')}
}
userdb {
  driver = passwd-file
  args = ${join(dir, 'passwd')}
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox "${sent.name}" {
    auto = subscribe
${sent.specialUse ? '    special_use = \\Sent\n' : ''}  }
  mailbox Junk {
    auto = subscribe
    special_use = \\Junk
  }
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${imapPort}
  }
  inet_listener imaps {
    port = ${imapsPort}
    ssl = yes
  }
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
`,
  )

  let child: ChildProcess | undefined
  let exited: Promise<void> = Promise.resolve()

  const start = async () => {
    const proc = spawn('dovecot', ['-F', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    proc.stderr?.on('data', (chunk) => (stderr += String(chunk)))
    child = proc
    exited = new Promise((resolve) => proc.once('exit', () => resolve()))
    const failed = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`dovecot exited with ${code} before listening: ${stderr}`))),
    )
    await Promise.race([Promise.all([waitForPort(imapPort), waitForPort(imapsPort)]), failed])
    failed.catch(() => undefined)
  }

  const stop = async () => {
    if (!child) return
    child.kill('SIGTERM')
    await exited
    child = undefined
  }

  const client = async (user: string) => {
    const imap = new ImapFlow({
      host: '127.0.0.1',
      port: imapsPort,
      secure: true,
      auth: { user, pass: users[user] },
      tls: { ca: [certificate.cert], servername: 'localhost' },
      logger: false,
    })
    await imap.connect()
    return imap
  }

  await start()
  return {
    host: '127.0.0.1',
    imapPort,
    imapsPort,
    users,
    ca: certificate.cert,
    start,
    stop,
    async close() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
    client,
    async deliver(user, mailbox, raw) {
      const imap = await client(user)
      try {
        await imap.append(mailbox, raw)
      } finally {
        await imap.logout()
      }
    },
    async messageIds(user, mailbox) {
      const imap = await client(user)
      try {
        const lock = await imap.getMailboxLock(mailbox)
        try {
          const ids: string[] = []
          for await (const message of imap.fetch('1:*', { envelope: true })) {
            if (message.envelope?.messageId) ids.push(message.envelope.messageId)
          }
          return ids
        } catch (error) {
          // An empty mailbox has no "1:*" to fetch.
          if ((imap.mailbox && imap.mailbox.exists === 0) || /Invalid messageset/i.test(String(error))) return []
          throw error
        } finally {
          lock.release()
        }
      } finally {
        await imap.logout()
      }
    },
  }
}

/** A port free right now on 127.0.0.1 (dovecot cannot report a port 0 listener back to us). */
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

/** Resolves once something accepts connections on the port (dovecot listens a moment after it starts). */
async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on port ${port} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
}

/**
 * Lets `nobody` reach the folder: o+x on it and on the temp folder it is in (the test run's own, made
 * 0700); folders above that are the system's and must already be traversable.
 */
function makeTraversable(dir: string): void {
  const top = dirname(tmpdir())
  for (let path = dir; path !== top && path !== dirname(path); path = dirname(path)) {
    const mode = statSync(path).mode
    if ((mode & 0o001) === 0) chmodSync(path, mode | 0o001)
  }
}

/** The current user's primary group by name, as dovecot's settings take it. */
function groupName(): string {
  return execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim()
}
