import { connect, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'

/**
 * An SMTP client written by hand over node:net: it sends exactly the bytes a test gives it, good
 * or bad, and reads the server's replies (multi-line ones joined).
 */
export class RawSmtpClient {
  private buffer = ''
  private replies: string[] = []
  private waiting?: (reply: string) => void
  private ended = false
  private onEnd?: () => void

  private constructor(public socket: Socket) {
    this.attach(socket)
  }

  private attach(socket: Socket): void {
    socket.setEncoding('latin1')
    socket.on('data', (text: string) => {
      this.buffer += text
      for (let reply = this.takeReply(); reply !== undefined; reply = this.takeReply()) this.push(reply)
    })
    socket.on('error', () => {}) // a server that hangs up on junk is what some tests expect
    socket.on('close', () => {
      this.ended = true
      this.onEnd?.()
    })
  }

  /** STARTTLS by hand: the command, its 220, then TLS over the same socket, trusting only `ca`. */
  async startTls(ca: string): Promise<void> {
    expectCode(await this.command('STARTTLS'), 220)
    const plain = this.socket
    plain.removeAllListeners('data')
    plain.removeAllListeners('close')
    const secure = await new Promise<Socket>((resolve, reject) => {
      const tls = connectTls({ socket: plain, ca, servername: 'localhost' }, () => resolve(tls))
      tls.once('error', reject)
    })
    this.socket = secure
    this.attach(secure)
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawSmtpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new RawSmtpClient(socket)))
      socket.once('error', reject)
    })
  }

  /** The next whole reply ("250-a\r\n250 b"), or rejects when the server closes first or stays silent. */
  read(timeoutMs = 5_000): Promise<string> {
    const queued = this.replies.shift()
    if (queued !== undefined) return Promise.resolve(queued)
    if (this.ended) return Promise.reject(new Error('connection closed'))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply in time')), timeoutMs)
      this.waiting = (reply) => {
        clearTimeout(timer)
        resolve(reply)
      }
      this.onEnd = () => {
        clearTimeout(timer)
        reject(new Error('connection closed'))
      }
    })
  }

  /** Sends one command line and returns the reply. */
  async command(line: string): Promise<string> {
    this.write(`${line}\r\n`)
    return this.read()
  }

  write(data: string | Buffer): boolean {
    if (this.socket.destroyed) return false
    return this.socket.write(data)
  }

  /** Resolves once the server has closed the connection. */
  closed(timeoutMs = 5_000): Promise<void> {
    if (this.ended) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server kept the connection open')), timeoutMs)
      this.socket.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  destroy(): void {
    this.socket.destroy()
  }

  /** Hangs up with a TCP reset, as a crashed client or a broken network does. */
  reset(): void {
    this.socket.resetAndDestroy()
  }

  /** Sends a whole message the textbook way: EHLO, MAIL FROM, RCPT TO, DATA, ".", QUIT. */
  static async deliver(port: number, message: { from: string; to: string[]; data: string }): Promise<string> {
    const client = await RawSmtpClient.connect(port)
    try {
      expectCode(await client.read(), 220)
      expectCode(await client.command('EHLO raw-client.example'), 250)
      expectCode(await client.command(`MAIL FROM:<${message.from}>`), 250)
      for (const to of message.to) expectCode(await client.command(`RCPT TO:<${to}>`), 250)
      expectCode(await client.command('DATA'), 354)
      // Dot-stuffing, as RFC 5321 4.5.2 asks of every client.
      const body = message.data.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')
      const reply = await client.command(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.`)
      expectCode(reply, 250)
      await client.command('QUIT')
      return reply
    } finally {
      client.destroy()
    }
  }

  private takeReply(): string | undefined {
    const lines: string[] = []
    let rest = this.buffer
    for (;;) {
      const end = rest.indexOf('\r\n')
      if (end === -1) return undefined
      const line = rest.slice(0, end)
      rest = rest.slice(end + 2)
      lines.push(line)
      if (!/^\d{3}-/.test(line)) break
    }
    this.buffer = rest
    return lines.join('\n')
  }

  private push(reply: string): void {
    const waiting = this.waiting
    if (waiting) {
      this.waiting = undefined
      this.onEnd = undefined
      waiting(reply)
    } else this.replies.push(reply)
  }
}

export function expectCode(reply: string, code: number): void {
  if (!reply.startsWith(String(code))) throw new Error(`expected ${code}, the server said: ${reply}`)
}
