import { isIP, type Socket } from 'node:net'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import type { Security } from '../../../shared/contract/accounts'
import { connectTcp } from '../net/connect-tcp'
import type { Network } from '../net/network'
import { abortError, describeFailure, isAbortError, timeoutError } from './deadline'

export interface ProbeOptions {
  /** Limit for each network wait: connect, TLS handshake, each reply. */
  timeoutMs: number
  /** How long to wait for a plaintext greeting before trying TLS instead. */
  bannerWaitMs: number
  signal?: AbortSignal
}

/** What a probe learned about host:port. */
export type ProbeResult =
  | { ok: true; host: string; port: number; security: Security; banner: string; ehlo: string[] }
  | { ok: false; host: string; port: number; reason: string }

/** The server said something that is not an SMTP reply. */
class NotSmtpError extends Error {}

/** One SMTP reply: its code and the text of each line. */
interface Reply {
  code: number
  lines: string[]
}

const maxBuffered = 64 * 1024

/** Collects what a stream sends and cuts it into SMTP replies (RFC 5321 4.2: "250-" continues, "250 " ends). */
class ReplyReader {
  private buffer = ''
  private failure: Error | undefined
  private wake: (() => void) | undefined

  constructor(private readonly stream: Socket | TLSSocket) {
    stream.on('data', this.onData)
    stream.on('error', this.onError)
    stream.on('close', this.onClose)
  }

  private readonly onData = (chunk: Buffer) => {
    this.buffer += chunk.toString('latin1')
    if (this.buffer.length > maxBuffered) this.failure = new NotSmtpError('it sends far more than an SMTP greeting')
    this.wake?.()
  }
  private readonly onError = (error: Error) => {
    this.failure ??= error
    this.wake?.()
  }
  private readonly onClose = () => {
    this.failure ??= Object.assign(new Error('the server closed the connection'), { code: 'ECONNRESET' })
    this.wake?.()
  }

  get received(): boolean {
    return this.buffer.length > 0
  }

  /** Stops listening, so the socket can be handed to TLS untouched. */
  detach(): void {
    this.stream.off('data', this.onData)
    this.stream.off('error', this.onError)
    this.stream.off('close', this.onClose)
  }

  /** Resolves true once any byte arrived, false when `ms` pass in silence. */
  async waitForData(ms: number, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + ms
    while (!this.received) {
      if (this.failure) throw this.failure
      if (!(await this.sleepUntilWoken(deadline - Date.now(), signal))) return false
    }
    return true
  }

  /** The next complete reply; NotSmtpError when the bytes are not SMTP. */
  async readReply(ms: number, signal?: AbortSignal): Promise<Reply> {
    const deadline = Date.now() + ms
    for (;;) {
      const reply = this.takeReply()
      if (reply) return reply
      if (this.failure) throw this.failure
      if (!(await this.sleepUntilWoken(deadline - Date.now(), signal))) throw timeoutError('Waiting for the server', ms)
    }
  }

  private takeReply(): Reply | undefined {
    const lines: string[] = []
    let offset = 0
    for (;;) {
      const end = this.buffer.indexOf('\n', offset)
      const line = (end < 0 ? this.buffer.slice(offset) : this.buffer.slice(offset, end)).replace(/\r$/, '')
      // Check even a partial line: a web or SSH server gives itself away in its first bytes.
      if (!/^\d{0,3}$/.test(line.slice(0, 3)) || (line.length >= 4 && !/^\d{3}[ -]/.test(line)))
        throw new NotSmtpError(`it answered "${printable(line)}"`)
      if (end < 0) return undefined
      lines.push(line)
      offset = end + 1
      if (line.length === 3 || line[3] === ' ') {
        this.buffer = this.buffer.slice(offset)
        return { code: Number(line.slice(0, 3)), lines: lines.map((l) => l.slice(4)) }
      }
    }
  }

  private sleepUntilWoken(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.reject(abortError())
    if (ms <= 0) return Promise.resolve(false)
    return new Promise((resolve, reject) => {
      const done = (woken: boolean) => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        this.wake = undefined
        resolve(woken)
      }
      const onAbort = () => {
        clearTimeout(timer)
        this.wake = undefined
        reject(abortError())
      }
      const timer = setTimeout(() => done(false), ms)
      signal?.addEventListener('abort', onAbort, { once: true })
      this.wake = () => done(true)
    })
  }
}

function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '.')
  return clean.length > 40 ? `${clean.slice(0, 40)}...` : clean
}

/**
 * Connects to host:port and finds out how it speaks SMTP, by trying rather than by port number:
 * a "220" greeting in clear text means plain SMTP, and then STARTTLS in the EHLO reply means
 * STARTTLS; silence means the server waits for the client to speak first, which is what an
 * implicit-TLS (SSL/TLS) port does, so a TLS handshake is tried and the greeting read over it.
 * Sends EHLO and QUIT only: never AUTH, never mail. Resolves with why it failed instead of throwing;
 * rejects only when the signal aborts.
 */
export async function probeServer(
  network: Network,
  host: string,
  port: number,
  options: ProbeOptions,
): Promise<ProbeResult> {
  const fail = (reason: string): ProbeResult => ({ ok: false, host, port, reason })
  let socket: Socket
  try {
    socket = (await connectTcp(network, host, port, { timeoutMs: options.timeoutMs, signal: options.signal })).socket
  } catch (error) {
    if (options.signal?.aborted || isAbortError(error)) throw abortError()
    return fail(describeFailure(error))
  }
  let secure: TLSSocket | undefined
  try {
    const plain = new ReplyReader(socket)
    let greeted: boolean
    try {
      greeted = await plain.waitForData(options.bannerWaitMs, options.signal)
    } catch (error) {
      if (isAbortError(error)) throw error
      return fail(`${describeFailure(error)} before greeting`)
    }
    if (greeted) return await converse(plain, socket, 'none', host, port, options)

    plain.detach()
    try {
      secure = await startTls(socket, host, options)
    } catch (error) {
      if (isAbortError(error)) throw error
      return fail(`no greeting within ${options.bannerWaitMs} ms and no TLS (${describeFailure(error)})`)
    }
    return await converse(new ReplyReader(secure), secure, 'tls', host, port, options)
  } catch (error) {
    if (isAbortError(error) || options.signal?.aborted) throw abortError()
    return fail(error instanceof NotSmtpError ? `not an SMTP server: ${error.message}` : describeFailure(error))
  } finally {
    secure?.destroy()
    socket.destroy()
  }
}

/** Reads the greeting, sends EHLO, notes STARTTLS, and says QUIT. */
async function converse(
  reader: ReplyReader,
  stream: Socket | TLSSocket,
  transport: 'none' | 'tls',
  host: string,
  port: number,
  options: ProbeOptions,
): Promise<ProbeResult> {
  const greeting = await reader.readReply(options.timeoutMs, options.signal)
  const banner = greeting.lines.join(' ')
  if (greeting.code !== 220) {
    await quit(reader, stream, options)
    return { ok: false, host, port, reason: `the server is not accepting mail: ${greeting.code} ${printable(banner)}` }
  }
  stream.write(`EHLO ${ehloName(stream)}\r\n`)
  const ehlo = await reader.readReply(options.timeoutMs, options.signal)
  await quit(reader, stream, options)
  if (ehlo.code !== 250)
    return { ok: false, host, port, reason: `EHLO was refused: ${ehlo.code} ${printable(ehlo.lines.join(' '))}` }
  const capabilities = ehlo.lines.slice(1)
  const offersStartTls = capabilities.some((line) => /^STARTTLS\b/i.test(line))
  const security: Security = transport === 'tls' ? 'tls' : offersStartTls ? 'starttls' : 'none'
  return { ok: true, host, port, security, banner, ehlo: capabilities }
}

/** QUIT politely, waiting briefly for 221; the caller closes the socket either way. */
async function quit(reader: ReplyReader, stream: Socket | TLSSocket, options: ProbeOptions): Promise<void> {
  if (stream.destroyed || !stream.writable) return
  stream.write('QUIT\r\n')
  await reader.readReply(Math.min(options.timeoutMs, 500), options.signal).catch((error: unknown) => {
    if (isAbortError(error)) throw error
  })
}

/** RFC 5321 4.1.4: without a name of our own, EHLO gives our address as a literal. */
function ehloName(stream: Socket | TLSSocket): string {
  const address = stream.localAddress ?? '127.0.0.1'
  return isIP(address) === 6 ? `[IPv6:${address}]` : `[${address}]`
}

function startTls(socket: Socket, host: string, options: ProbeOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    // Only to learn whether the port speaks TLS: the probe sends no credentials and no mail.
    // Sending always verifies certificates (or the account's pinned one); never copy this elsewhere.
    const secure = tlsConnect({ socket, servername: isIP(host) ? undefined : host, rejectUnauthorized: false })
    const finish = (error?: Error) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      secure.off('error', finish)
      if (error) {
        secure.destroy()
        reject(error)
      } else {
        resolve(secure)
      }
    }
    const onAbort = () => finish(abortError())
    const timer = setTimeout(() => finish(timeoutError('TLS handshake', options.timeoutMs)), options.timeoutMs)
    options.signal?.addEventListener('abort', onAbort, { once: true })
    secure.once('error', finish)
    secure.once('secureConnect', () => finish())
  })
}
