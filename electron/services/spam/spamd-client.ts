import type { SpamReport } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { connectTcp } from '../net/connect-tcp'
import type { Network } from '../net/network'
import { parseSpamdReport, SpamdProtocolError } from './spamd-report'

/** spamd's own default port (spamc connects here when given no -p). */
export const defaultSpamdPort = 783

/** spamc does not send messages over 500 KB by default; we allow more, but not without bound. */
export const spamdMessageLimit = 10 * 1024 * 1024

/** What a user without a spamd is told, in the CLI and the app alike. */
export const spamdHowTo =
  'Run SpamAssassin\'s spamd on your machine (Debian/Ubuntu: apt install spamd, then "spamd --listen=127.0.0.1:783 -L"; ' +
  'macOS: brew install spamassassin) and give its HOST:PORT. The message goes to that spamd only, never to a third party.'

/** Checks "HOST:PORT" (or "[v6]:PORT", or a bare host for port 783). */
export function parseSpamdAddress(value: string): { host: string; port: number } {
  const match = /^(\[[0-9a-f:.]+\]|[0-9.]+|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value.trim())
  const port = match?.[2] === undefined ? defaultSpamdPort : Number(match[2])
  if (!match || port < 1 || port > 65535)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'spamd',
      message: `"${value}" is not a spamd address`,
      hint: 'Give HOST:PORT, for example 127.0.0.1:783.',
    })
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port }
}

/**
 * Asks spamd for its verdict on one raw message (the spamc protocol, SPAMC/1.5 REPORT over TCP):
 * the score, the threshold and each rule that fired. The message is not changed or learned from.
 */
export async function checkWithSpamd(
  raw: Buffer,
  options: { spamd: string; network: Network; timeoutMs?: number },
): Promise<SpamReport> {
  if (raw.length > spamdMessageLimit)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'message',
      message: `The message is ${Math.ceil(raw.length / 1024 / 1024)} MB; spamd is asked about messages up to ${spamdMessageLimit / 1024 / 1024} MB`,
      hint: 'Check the message without its large attachments.',
    })
  const { host, port } = parseSpamdAddress(options.spamd)
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`
  const timeoutMs = options.timeoutMs ?? 60_000
  let socket
  try {
    ;({ socket } = await connectTcp(options.network, host, port, { timeoutMs }))
  } catch (error) {
    throw unreachable(address, error)
  }
  const response = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(
        new SendsmithError({
          code: 'TIMEOUT',
          field: 'spamd',
          message: `spamd at ${address} did not answer within ${Math.round(timeoutMs / 1000)} s`,
          hint: 'A busy spamd may need longer; check that it is spamd that listens there.',
        }),
      )
    }, timeoutMs)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.once('error', (error) => {
      clearTimeout(timer)
      reject(unreachable(address, error))
    })
    socket.once('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(chunks).toString('utf8'))
    })
    socket.write(`REPORT SPAMC/1.5\r\nContent-length: ${raw.length}\r\n\r\n`)
    socket.write(raw)
    // spamd reads Content-length bytes, answers and closes; our half-close says we are done too.
    socket.end()
  })
  try {
    return parseSpamdReport(response, address)
  } catch (error) {
    if (!(error instanceof SpamdProtocolError)) throw error
    throw new SendsmithError({
      code: 'CONNECTION_LOST',
      field: 'spamd',
      message: response === '' ? `spamd at ${address} closed the connection without an answer` : error.message,
      hint: `Check that ${address} is SpamAssassin's spamd (not spamc, an SMTP server or a milter).`,
    })
  }
}

function unreachable(address: string, error: unknown): SendsmithError {
  const code = (error as { code?: string }).code
  return new SendsmithError(
    {
      code: code === 'ENOTFOUND' ? 'HOST_NOT_FOUND' : code === 'ETIMEDOUT' ? 'TIMEOUT' : 'CONNECTION_REFUSED',
      field: 'spamd',
      message: `No spamd answers at ${address} (${(error as Error).message})`,
      hint: spamdHowTo,
    },
    { cause: error },
  )
}
