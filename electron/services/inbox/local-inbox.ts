import {
  authenticationResultsSchema,
  inboxAttachmentLimit,
  type InboxAttachmentFile,
  type InboxFault,
  type InboxMessage,
  type InboxStatus,
  type InboxSummary,
} from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { dnsResolver, type DnsResolver } from '../domain-check/dns-resolver'
import type { Logger } from '../log/logger'
import { authenticationResults } from './authentication-results'
import { loadOrCreateCertificate, type InboxCertificate } from './inbox-certificate'
import { InboxStore, type InboxLimits } from './inbox-store'
import { attachmentOf, contentOrSourceOf } from './read-message'
import { startSmtpListener, type ListenerAuth, type RunningListener } from './smtp-listener'

/** How the test inbox's SMTP server runs. */
export interface InboxServeOptions {
  /** Preferred port; when it is taken, a free one is used and `status().requestedPort` keeps this one. 0: any free port. */
  port: number
  /** Offer STARTTLS with the generated certificate. */
  tls: boolean
  auth: ListenerAuth
  /** Largest message in bytes. */
  sizeLimit: number
  /** Faults to inject at SMTP stages (for testing clients); none by default. */
  faults?: InboxFault[]
  /** DNS for the authentication results (`inbox serve --dns-server`); the inbox's default otherwise. */
  dnsResolver?: DnsResolver
}

export const inboxHost = '127.0.0.1'
import { defaultInboxPort } from './inbox-port'

export { defaultInboxPort }
export const defaultServeOptions: InboxServeOptions = {
  port: defaultInboxPort,
  tls: false,
  auth: { mode: 'none' },
  sizeLimit: 25 * 1024 * 1024,
}

/**
 * The built-in local test inbox: an SMTP server on 127.0.0.1 that keeps everything sent to it in
 * the data folder, for the app (`inbox:*` channels) and the CLI (`sendsmith inbox ...`).
 */
export class LocalInbox {
  readonly store: InboxStore
  private listener?: RunningListener
  private certificate?: InboxCertificate
  private options: InboxServeOptions = defaultServeOptions
  private starting?: Promise<InboxStatus>
  private resolver?: DnsResolver

  constructor(
    private readonly deps: {
      dataDir: string
      logger: Logger
      onReceived?: (summary: InboxSummary) => void
      limits?: InboxLimits
      /** DNS for DKIM/SPF/DMARC of received mail; the system's by default. */
      dnsResolver?: DnsResolver
    },
  ) {
    this.store = new InboxStore(deps.dataDir, deps.limits)
  }

  /** Starts the server (once; a second call while running returns the running status). */
  start(options: Partial<InboxServeOptions> = {}): Promise<InboxStatus> {
    if (this.listener) return Promise.resolve(this.status())
    this.starting ??= this.listen({ ...defaultServeOptions, ...options }).finally(() => (this.starting = undefined))
    return this.starting
  }

  async stop(): Promise<void> {
    const listener = this.listener
    this.listener = undefined
    if (listener) {
      await listener.close()
      await this.store.settled()
      this.deps.logger.log('info', 'inbox.stopped')
    }
  }

  status(): InboxStatus {
    const { options, certificate } = this
    const { auth } = options
    return {
      running: this.listener !== undefined,
      host: inboxHost,
      port: this.listener?.port ?? null,
      requestedPort: this.listener ? options.port : null,
      tls:
        options.tls && certificate
          ? { enabled: true, fingerprint: certificate.fingerprint, pem: certificate.cert }
          : { enabled: false },
      auth: auth.mode === 'fixed' ? { mode: 'fixed', username: auth.username } : { mode: auth.mode },
      sizeLimit: options.sizeLimit,
      faults: options.faults ?? [],
    }
  }

  /** Where the certificate clients should trust is, while STARTTLS is on. */
  certificatePath(): string | undefined {
    return this.options.tls ? this.certificate?.certPath : undefined
  }

  list(query?: string): Promise<InboxSummary[]> {
    return this.store.list(query)
  }

  async get(id: string): Promise<InboxMessage> {
    const summary = await this.store.summary(id)
    // A message that does not parse is still shown: its headers and source, with the reason.
    return { ...summary, ...(await contentOrSourceOf(await this.store.raw(id))) }
  }

  /** One attachment's bytes, by its place in `get(id).attachments`; refused past `inboxAttachmentLimit`. */
  async attachment(id: string, index: number): Promise<InboxAttachmentFile> {
    const found = await attachmentOf(await this.store.raw(id), index)
    if (!found)
      throw new SendsmithError({ code: 'NOT_FOUND', field: 'index', message: 'That message has no such attachment' })
    if (found.content.length > inboxAttachmentLimit) {
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'index',
        message: `The attachment is larger than ${inboxAttachmentLimit / 1024 / 1024} MB`,
        hint: 'Save it from the message source (sendsmith inbox show ID --raw).',
      })
    }
    return { filename: found.filename, contentType: found.contentType, contentBase64: found.content.toString('base64') }
  }

  delete(id: string): Promise<boolean> {
    return this.store.delete(id)
  }

  clear(): Promise<number> {
    return this.store.clear()
  }

  /** Authentication results for a received message; a failure is logged and the message kept without them. */
  private async authenticate(
    raw: Buffer,
    sender: string,
    client: { ip: string; helo: string },
    resolver: DnsResolver | undefined,
  ) {
    try {
      this.resolver ??= this.deps.dnsResolver ?? dnsResolver()
      // Checked here, so an unexpected result costs the message its results, never the message.
      return authenticationResultsSchema.parse(
        await authenticationResults(raw, client, sender, resolver ?? this.resolver),
      )
    } catch (error) {
      this.deps.logger.log('info', 'inbox.authentication-failed', { message: (error as Error).message.slice(0, 200) })
      return undefined
    }
  }

  private async listen(options: InboxServeOptions): Promise<InboxStatus> {
    const { logger } = this.deps
    if (options.tls) this.certificate = await loadOrCreateCertificate(this.deps.dataDir)
    this.options = options
    try {
      this.listener = await startSmtpListener(
        {
          host: inboxHost,
          port: options.port,
          auth: options.auth,
          sizeLimit: options.sizeLimit,
          faults: options.faults,
          ...(options.tls && this.certificate && { tls: this.certificate }),
        },
        async (raw, envelope, client) => {
          // The .eml is on disk first; the 250 waits for its index line too (group-committed with the messages
          // arriving meanwhile), because another process listing the inbox in between would otherwise find only
          // the file and summarize it without its envelope (a search by recipient then missed it).
          const { id, indexed } = await this.store.accept(raw, envelope, async () => {
            const authentication = await this.authenticate(raw, envelope.from, client, options.dnsResolver)
            return authentication && { authentication }
          })
          let received
          try {
            received = await indexed
          } catch (error) {
            // No reason to refuse the message: the .eml is stored, and the next store to read the folder summarizes it.
            logger.log('error', 'inbox.index-failed', { message: (error as Error).message.slice(0, 200) })
            return id
          }
          logger.log('info', 'inbox.received', {
            size: received.summary.size,
            recipients: envelope.to.length,
            rotated: received.removed.length,
          })
          try {
            this.deps.onReceived?.(received.summary)
          } catch (error) {
            // The message is stored: a failing listener must not make the client send it again.
            logger.log('error', 'inbox.notify-failed', { message: (error as Error).message })
          }
          return id
        },
        (error) =>
          logger.log('info', 'inbox.client-error', {
            code: (error as NodeJS.ErrnoException).code,
            message: error.message.slice(0, 200),
          }),
      )
    } catch (error) {
      throw new SendsmithError(
        {
          code: 'INTERNAL',
          field: 'port',
          message: `The local test inbox could not listen on ${inboxHost}:${options.port}: ${(error as Error).message}`,
          hint: 'Choose another port.',
        },
        { cause: error },
      )
    }
    const status = this.status()
    logger.log('info', 'inbox.listening', {
      port: status.port ?? undefined,
      requestedPort: options.port,
      tls: options.tls,
      auth: options.auth.mode,
    })
    return status
  }
}
