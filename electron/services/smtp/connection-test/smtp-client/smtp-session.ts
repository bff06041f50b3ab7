import type { Socket } from 'node:net'
import type { ConnectionOptions, TLSSocket } from 'node:tls'
import { StringDecoder } from 'node:string_decoder'
import type { TranscriptRecorder } from '../../transcript/transcript-recorder'
import { abortError, smtpError, type SmtpReply } from './smtp-errors'
import { tlsHandshake } from './tls-handshake'

export interface SmtpSessionOptions {
  /** How long to wait for each reply (the account's timeout). */
  timeoutMs: number
  signal?: AbortSignal
  transcript: TranscriptRecorder
}

/** A line longer than this is not SMTP (RFC 5321 allows 512 octets); stop reading instead of buffering. */
const maxLineLength = 64 * 1024

/**
 * A small line-based SMTP client over one socket: reads (multi-line) replies, sends commands,
 * upgrades with STARTTLS, and records every line in the transcript. Once anything fails (timeout,
 * close, cancel) the session is dead and every later call rejects with that failure.
 */
export class SmtpSession {
  private socket: Socket
  private readonly decoder = new StringDecoder('utf8')
  private pending = ''
  private readonly queue: string[] = []
  private waiter?: { resolve: (line: string) => void; reject: (error: Error) => void }
  private failure?: Error
  private lastCommand = 'CONN'

  constructor(
    socket: Socket,
    private readonly options: SmtpSessionOptions,
  ) {
    this.socket = socket
    this.attach(socket)
    options.signal?.addEventListener('abort', this.onAbort, { once: true })
    if (options.signal?.aborted) this.onAbort()
  }

  /** The socket as it is now: the TLS socket after an upgrade. */
  get currentSocket(): Socket {
    return this.socket
  }

  get transcript(): TranscriptRecorder {
    return this.options.transcript
  }

  get isOpen(): boolean {
    return this.failure === undefined
  }

  /** Reads one reply, every line of it; `command` names what it answers, for errors ("CONN" for the greeting). */
  async readReply(command = this.lastCommand, timeoutMs = this.options.timeoutMs): Promise<SmtpReply> {
    const timer = setTimeout(() => {
      const message =
        command === 'CONN'
          ? `No greeting from the server within ${seconds(timeoutMs)}`
          : `The server did not answer ${command} within ${seconds(timeoutMs)}`
      this.fail(smtpError('ETIMEDOUT', message, { command }))
    }, timeoutMs)
    try {
      const lines: string[] = []
      for (;;) {
        const line = await this.nextLine()
        const parts = /^(\d{3})([ -]?)/.exec(line)
        if (!parts) {
          const error = smtpError(
            'EPROTOCOL',
            `The server sent a line that is not an SMTP reply: ${line.slice(0, 200)}`,
            { command },
          )
          this.fail(error)
          throw error
        }
        lines.push(line)
        if (parts[2] !== '-') return { code: Number(parts[1]), lines }
      }
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * Sends one command line and reads its reply. `name` is how errors refer to it; give it for
   * AUTH continuation lines, whose text must never end up in an error message.
   */
  async command(line: string, options: { name?: string; timeoutMs?: number } = {}): Promise<SmtpReply> {
    this.write(line, options.name)
    return this.readReply(this.lastCommand, options.timeoutMs)
  }

  /** Sends one line (without CRLF), as a command or (with its `name`) an AUTH continuation. */
  write(line: string, name?: string): void {
    if (this.failure) throw this.failure
    this.lastCommand = name ?? /^(MAIL FROM|RCPT TO|[A-Z]+)\b/i.exec(line)?.[1].toUpperCase() ?? 'command'
    this.options.transcript.client(line)
    this.socket.write(`${line}\r\n`)
  }

  /** Sends a message after DATA's 354, dot-stuffed and ended with ".", and reads the final reply. */
  async sendMessageData(message: string): Promise<SmtpReply> {
    if (this.failure) throw this.failure
    const lines = message
      .replace(/\r?\n$/, '')
      .split(/\r?\n/)
      .map((line) => (line.startsWith('.') ? `.${line}` : line))
    for (const line of lines) this.options.transcript.client(line)
    this.options.transcript.client('.')
    this.lastCommand = 'DATA'
    this.socket.write(`${lines.join('\r\n')}\r\n.\r\n`)
    return this.readReply('DATA')
  }

  /**
   * Upgrades the connection after the server's 220 to STARTTLS. Data the server sent after that
   * reply is refused: it would otherwise be read as if it came over TLS (STARTTLS injection).
   */
  async startTls(tlsOptions: ConnectionOptions, host: string): Promise<TLSSocket> {
    if (this.failure) throw this.failure
    if (this.queue.length > 0 || this.pending !== '') {
      const error = smtpError(
        'ETLS',
        'The server sent more data right after agreeing to STARTTLS; the connection is not safe to upgrade',
        { command: 'STARTTLS' },
      )
      this.fail(error)
      throw error
    }
    this.detach(this.socket)
    try {
      const secure = await tlsHandshake(this.socket, tlsOptions, {
        host,
        timeoutMs: this.options.timeoutMs,
        signal: this.options.signal,
      })
      this.socket = secure
      this.attach(secure)
      return secure
    } catch (error) {
      this.fail(error as Error)
      throw error
    }
  }

  /** Says QUIT and closes, without waiting long: the test's outcome is already known. */
  async quit(): Promise<void> {
    if (!this.failure) {
      try {
        await this.command('QUIT', { timeoutMs: Math.min(this.options.timeoutMs, 3000) })
      } catch {
        // A server that drops the line instead of answering QUIT changes nothing for the report.
      }
    }
    this.destroy()
  }

  /** Closes the socket at once (cancel, failure, end). */
  destroy(): void {
    this.options.signal?.removeEventListener('abort', this.onAbort)
    this.fail(smtpError('ECONNECTION', 'The session is closed', { command: this.lastCommand }))
  }

  private nextLine(): Promise<string> {
    const line = this.queue.shift()
    if (line !== undefined) return Promise.resolve(line)
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject }
    })
  }

  private deliver(): void {
    const waiter = this.waiter
    if (!waiter) return
    const line = this.queue.shift()
    if (line !== undefined) {
      this.waiter = undefined
      waiter.resolve(line)
    } else if (this.failure) {
      this.waiter = undefined
      waiter.reject(this.failure)
    }
  }

  /** Ends the session with this error (the first one wins) and destroys the socket. */
  private fail(error: Error): void {
    if (this.failure) return
    this.failure = error
    this.socket.destroy()
    this.deliver()
  }

  private readonly onData = (chunk: Buffer) => {
    this.pending += this.decoder.write(chunk)
    let end: number
    while ((end = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, end).replace(/\r$/, '')
      this.pending = this.pending.slice(end + 1)
      this.options.transcript.server(line)
      this.queue.push(line)
    }
    if (this.pending.length > maxLineLength)
      this.fail(
        smtpError('EPROTOCOL', 'The server sent a line longer than 64 KB; this is not an SMTP server', {
          command: this.lastCommand,
        }),
      )
    this.deliver()
  }

  private readonly onClose = () =>
    this.fail(
      smtpError(
        'ECONNECTION',
        `The server closed the connection (after ${this.lastCommand === 'CONN' ? 'connecting' : this.lastCommand})`,
        { command: this.lastCommand },
      ),
    )
  private readonly onError = (error: Error) => this.fail(error)
  private readonly onAbort = () => this.fail(abortError())

  private attach(socket: Socket): void {
    socket.on('data', this.onData)
    socket.on('close', this.onClose)
    socket.on('error', this.onError)
  }

  private detach(socket: Socket): void {
    socket.off('data', this.onData)
    socket.off('close', this.onClose)
    socket.off('error', this.onError)
    // The TLS socket reports errors from now on; this keeps a late raw-socket error from crashing the process.
    socket.on('error', () => {})
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}
