import type { ConnectionOptions, TLSSocket } from 'node:tls'
import { parseCapabilities } from '../capabilities'
import { replyError, smtpError, type SmtpReply } from './smtp-errors'
import type { SmtpSession } from './smtp-session'
import { clientName } from './client-name'

/** Reads the server's greeting; anything but 220 means it will not talk to us. */
export async function readGreeting(session: SmtpSession): Promise<SmtpReply> {
  const reply = await session.readReply('CONN')
  if (reply.code !== 220) throw replyError('EGREETING', 'CONN', reply)
  return reply
}

/** Says EHLO (HELO for a server that knows no extensions) and returns the reply. */
export async function sayHello(session: SmtpSession, configuredName: string): Promise<SmtpReply> {
  const name = clientName(configuredName, session.currentSocket.localAddress)
  const reply = await session.command(`EHLO ${name}`)
  if (reply.code === 250) return reply
  if (reply.code === 500 || reply.code === 502) {
    const helo = await session.command(`HELO ${name}`)
    if (helo.code === 250) return helo
    throw replyError('EPROTOCOL', 'HELO', helo)
  }
  throw replyError('EPROTOCOL', 'EHLO', reply)
}

/** STARTTLS after an EHLO that offered it, then the handshake with the given TLS options. */
export async function upgradeWithStartTls(
  session: SmtpSession,
  ehlo: SmtpReply,
  tlsOptions: ConnectionOptions,
  host: string,
): Promise<TLSSocket> {
  if (!parseCapabilities(ehlo.lines).startTls) {
    throw smtpError('ETLS', 'The server does not offer STARTTLS on this port', { command: 'STARTTLS' })
  }
  const reply = await session.command('STARTTLS')
  if (reply.code !== 220) throw replyError('ETLS', 'STARTTLS', reply)
  return session.startTls(tlsOptions, host)
}
