import { connect, type Socket } from 'node:net'
import type { Network } from './network'

export interface ConnectOptions {
  timeoutMs: number
  signal?: AbortSignal
}

/**
 * Opens a TCP connection to host:port, resolving the name through the given network and trying
 * each address in turn. Errors keep Node's codes (ECONNREFUSED, ETIMEDOUT, ENOTFOUND) for toAppError.
 */
export async function connectTcp(
  network: Network,
  host: string,
  port: number,
  options: ConnectOptions,
): Promise<{ socket: Socket; address: string }> {
  const bare = host.replace(/^\[(.*)\]$/, '$1')
  let addresses: { address: string }[]
  try {
    addresses = await network.lookup(bare)
  } catch (error) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${bare}`), { code: 'ENOTFOUND', hostname: bare, cause: error })
  }
  if (addresses.length === 0)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${bare}`), { code: 'ENOTFOUND', hostname: bare })
  let lastError: unknown
  for (const { address } of addresses) {
    options.signal?.throwIfAborted()
    try {
      return { socket: await connectOnce(address, port, options), address }
    } catch (error) {
      lastError = error
      if ((error as Error).name === 'AbortError') throw error
    }
  }
  throw lastError
}

function connectOnce(address: string, port: number, { timeoutMs, signal }: ConnectOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port })
    const fail = (error: Error) => {
      cleanup()
      socket.destroy()
      reject(error)
    }
    const timer = setTimeout(
      () => fail(Object.assign(new Error(`connect ETIMEDOUT ${address}:${port}`), { code: 'ETIMEDOUT' })),
      timeoutMs,
    )
    const onAbort = () =>
      fail(Object.assign(new Error('The operation was cancelled'), { name: 'AbortError', code: 'ABORT_ERR' }))
    const cleanup = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      socket.off('error', fail)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.once('error', fail)
    socket.once('connect', () => {
      cleanup()
      resolve(socket)
    })
  })
}
