import type { Socket } from 'node:net'
import type { SMTPServer, SMTPServerOptions, SMTPServerSession } from 'smtp-server'
import { inboxFaultStages, type InboxFault, type InboxFaultStage } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'

/**
 * Parses `STAGE:ACTION[:WHEN]` as `sendsmith inbox serve --fault` takes it:
 * STAGE is connect, ehlo, auth, mail, rcpt or data; ACTION a reply code with optional text
 * (`450` or `450 Greylisted`), `drop` (close the connection without a reply) or `delay=MS`;
 * WHEN a share (`30%`) or an address pattern with * and ? (`grey*`); every time when left out.
 */
export function parseFault(spec: string): InboxFault {
  const [stageText, actionText, ...rest] = spec.split(':')
  const when = rest.join(':')
  const fail = (message: string) =>
    new SendsmithError({
      code: 'VALIDATION',
      field: 'fault',
      message: `--fault "${spec}": ${message}`,
      hint: 'Write STAGE:CODE[:MATCH|:PCT], e.g. rcpt:450:grey*, data:451:30%, connect:drop, mail:delay=2000',
    })
  const stage = (stageText ?? '').toLowerCase() === 'helo' ? 'ehlo' : (stageText ?? '').toLowerCase()
  if (!(inboxFaultStages as readonly string[]).includes(stage))
    throw fail(`the stage is one of ${inboxFaultStages.join(', ')}, not "${stageText}"`)
  if (!actionText) throw fail('give a reply code, drop or delay=MS after the stage')
  let action: InboxFault['action']
  const delay = /^delay=(\d+)$/i.exec(actionText)
  const reply = /^([45]\d\d)(?:[ =](.+))?$/.exec(actionText)
  if (/^drop$/i.test(actionText)) action = { kind: 'drop' }
  else if (delay) {
    const ms = Number(delay[1])
    if (ms > 600_000) throw fail('a delay is at most 600000 ms (10 minutes)')
    action = { kind: 'delay', ms }
  } else if (reply) action = { kind: 'reply', code: Number(reply[1]), ...(reply[2] && { text: reply[2].trim() }) }
  else throw fail(`"${actionText}" is not a 4xx or 5xx reply code, drop, or delay=MS`)
  if (when === '') return { stage: stage as InboxFaultStage, action, when: { kind: 'always' } }
  const share = /^(\d+(?:\.\d+)?)%$/.exec(when)
  if (share) {
    const percent = Number(share[1])
    if (percent <= 0 || percent > 100) throw fail('a share is more than 0% and at most 100%')
    return { stage: stage as InboxFaultStage, action, when: { kind: 'share', percent } }
  }
  if (!/^[^\s]+$/.test(when)) throw fail(`"${when}" is neither a share (30%) nor a pattern without spaces`)
  return { stage: stage as InboxFaultStage, action, when: { kind: 'match', pattern: when } }
}

/** The `--fault` spelling of a rule, for status lines and the settings form. */
export function formatFault(fault: InboxFault): string {
  const action =
    fault.action.kind === 'drop'
      ? 'drop'
      : fault.action.kind === 'delay'
        ? `delay=${fault.action.ms}`
        : `${fault.action.code}${fault.action.text ? ` ${fault.action.text}` : ''}`
  const when =
    fault.when.kind === 'always'
      ? ''
      : fault.when.kind === 'share'
        ? `:${fault.when.percent}%`
        : `:${fault.when.pattern}`
  return `${fault.stage}:${action}${when}`
}

/** `grey*` → /^grey.*$/i: * is any run of characters, ? one character, the rest literal. */
function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${escaped}$`, 'i')
}

const defaultText: Record<InboxFaultStage, string> = {
  connect: 'Service not available',
  ehlo: 'Greeting refused',
  auth: 'Authentication refused',
  mail: 'Sender refused',
  rcpt: 'Recipient refused',
  data: 'Message refused',
}

// smtp-server's connection object: only what the EHLO hook needs (the library has no EHLO callback).
interface SmtpServerConnection {
  id: string
  send(code: number, message: string | string[], context?: false | string): void
  handler_EHLO(command: Buffer, callback: () => void): void
  handler_HELO(command: Buffer, callback: () => void): void
}

type Decision = { action: InboxFault['action']; stage: InboxFaultStage } | undefined

/**
 * The test inbox's fault injection: at each SMTP stage, the first rule that applies answers for the
 * server (a reply code and text), delays it, or drops the connection. Hooked into smtp-server's
 * callbacks by `wrap`, and into the connections themselves by `attach` (for EHLO and dropping).
 */
export class FaultInjector {
  private readonly sockets = new Map<string, Socket>()
  private server?: SMTPServer

  constructor(
    private readonly faults: InboxFault[],
    /** For "a share of them"; a test passes a fixed sequence. */
    private readonly random: () => number = Math.random,
  ) {}

  /** Which fault (if any) applies at a stage to this subject (address, user, host or client IP). */
  decide(stage: InboxFaultStage, subjects: string[]): Decision {
    for (const fault of this.faults) {
      if (fault.stage !== stage) continue
      const { when } = fault
      if (when.kind === 'share' && this.random() * 100 >= when.percent) continue
      if (when.kind === 'match' && !subjects.some((s) => globToRegExp(when.pattern).test(s))) continue
      return { action: fault.action, stage }
    }
    return undefined
  }

  /** The server options with every stage's callback going through the faults first. */
  wrap(options: SMTPServerOptions): SMTPServerOptions {
    if (this.faults.length === 0) return options
    const { onConnect, onAuth, onMailFrom, onRcptTo, onData } = options
    return {
      ...options,
      onConnect: (session, callback) => {
        this.hookGreeting(session)
        this.apply(session, this.decide('connect', [session.remoteAddress]), callback, () =>
          onConnect ? onConnect(session, callback) : callback(),
        )
      },
      onAuth: (auth, session, callback) =>
        this.apply(
          session,
          this.decide('auth', [auth.username ?? '']),
          (error) => callback(error ?? null),
          () => (onAuth ? onAuth(auth, session, callback) : callback(null, { user: auth.username })),
        ),
      onMailFrom: (address, session, callback) =>
        this.apply(session, this.decide('mail', [address.address]), callback, () =>
          onMailFrom ? onMailFrom(address, session, callback) : callback(),
        ),
      onRcptTo: (address, session, callback) =>
        this.apply(session, this.decide('rcpt', [address.address]), callback, () =>
          onRcptTo ? onRcptTo(address, session, callback) : callback(),
        ),
      onData: (stream, session, callback) => {
        const decision = this.decide(
          'data',
          session.envelope.rcptTo.map((r) => r.address),
        )
        if (decision?.action.kind === 'reply') {
          // The client sends the whole message before it hears the reply: read and discard it first.
          stream.on('end', () => this.apply(session, decision, callback, () => {}))
          stream.resume()
          return
        }
        this.apply(session, decision, callback, () => (onData ? onData(stream, session, callback) : callback()))
      },
    }
  }

  /** Keeps each client's socket (to drop it) and the server (to reach its connections for EHLO). */
  attach(server: SMTPServer): void {
    if (this.faults.length === 0) return
    this.server = server
    server.server.on('connection', (socket: Socket) => {
      const key = `${socket.remotePort}`
      this.sockets.set(key, socket)
      socket.once('close', () => this.sockets.delete(key))
    })
  }

  private apply(
    session: SMTPServerSession,
    decision: Decision,
    callback: (error?: Error | null) => void,
    proceed: () => void,
  ): void {
    if (!decision) return proceed()
    const { action, stage } = decision
    if (action.kind === 'delay') {
      setTimeout(proceed, action.ms)
      return
    }
    if (action.kind === 'drop') {
      this.sockets.get(`${session.remotePort}`)?.destroy()
      return
    }
    callback(Object.assign(new Error(action.text ?? defaultText[stage]), { responseCode: action.code }))
  }

  /** smtp-server has no EHLO callback: the connection's own EHLO and HELO handlers are wrapped instead. */
  private hookGreeting(session: SMTPServerSession): void {
    if (!this.faults.some((f) => f.stage === 'ehlo') || !this.server) return
    const connection = [...(this.server.connections as Set<SmtpServerConnection>)].find((c) => c.id === session.id)
    if (!connection) return
    for (const name of ['handler_EHLO', 'handler_HELO'] as const) {
      const original = connection[name].bind(connection)
      connection[name] = (command, callback) => {
        const hostname = command.toString().trim().split(/\s+/)[1] ?? ''
        const decision = this.decide('ehlo', [hostname])
        this.apply(
          session,
          decision,
          (error) => {
            const failure = error as Error & { responseCode: number }
            connection.send(failure.responseCode, failure.message, false)
            callback()
          },
          () => original(command, callback),
        )
      }
    }
  }
}
