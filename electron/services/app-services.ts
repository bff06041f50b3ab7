import { AccountSetup } from './accounts/account-setup'
import { RecentRecipients } from './contacts/recent-recipients'
import { AccountStore, type TokenSource } from './accounts/account-store'
import { DraftStore } from './drafts/draft-store'
import { DeliverabilityService } from './domain-check/deliverability-service'
import type { DnsResolver } from './domain-check/dns-resolver'
import { memoryClipboard, type Clipboard } from './desktop/clipboard'
import { AppEvents } from './events/app-events'
import { checkImap } from './imap/check-imap'
import { ImapService } from './imap/imap-service'
import { SentCopier } from './imap/sent-copier'
import { LocalInbox } from './inbox/local-inbox'
import type { Keychain } from './keychain/keychain'
import { TokenStore } from './keychain/token-store'
import type { Logger } from './log/logger'
import { MailService } from './mail/mail-service'
import { MergeService } from './merge/merge-service'
import { systemNetwork, type Network } from './net/network'
import { Outbox } from './outbox/outbox'
import { OutboxStore } from './outbox/outbox-store'
import { OAuthService, type OpenBrowser } from './oauth/oauth-service'
import { oauthImapAuth } from './oauth/oauth-imap-auth'
import { oauthSecretRenewal, oauthSmtpAuth } from './oauth/oauth-smtp-auth'
import { RunRegistry } from './runs/run-registry'
import { deliverMessage } from './smtp/sender/deliver-message'
import type { SettingsStore } from './settings/settings-store'
import { SpamService } from './spam/spam-service'
import { SuppressionList } from './suppression/suppression-list'
import { TemplateSnapshots, type PageCamera } from './templates/snapshot/template-snapshots'
import { allowedHosts } from './net/allowed-hosts'
import { TemplateService } from './templates/template-service'
import { WorkbenchFiles } from './templates/workbench/workbench-files'

/** Every service, wired once. Main, the CLI and the test harness each build one of these. */
export interface AppServices {
  dataDir: string
  network: Network
  accounts: AccountStore
  setup: AccountSetup
  mail: MailService
  outbox: Outbox
  drafts: DraftStore
  /** The local test inbox; started by main (with the app) or `sendsmith inbox serve`, not here. */
  inbox: LocalInbox
  /** The template workbench: render and check templates (stateless). */
  templates: TemplateService
  /** Snapshots of templates in real engines (Chromium, Gecko) and visual diffs. */
  snapshots: TemplateSnapshots
  /** The workbench's opened and watched files (handles, recent list); a window door attaches its file dialog. */
  templateFiles: WorkbenchFiles
  /** Mail merge and bulk sending: runs with a journal on disk, resumable after a crash. */
  merge: MergeService
  /** IMAP: the copy in the mailbox's Sent folder (a worker, started with the outbox's) and the round trip. */
  imap: ImapService
  events: AppEvents
  logger: Logger
  /** Address suggestions for To/Cc/Bcc from the sent history and the accounts' own addresses. */
  contacts: RecentRecipients
  /** DKIM keys per account and the sending domain's check (SPF, DKIM, DMARC ...). */
  deliverability: DeliverabilityService
  /** SpamAssassin's score of a message, from the user's spamd. */
  spam: SpamService
  /** Addresses no merge sends to again (unsubscribed, bounced, complained), per data folder. */
  suppression: SuppressionList
  /** OAuth2 sign-in (system browser, tokens in the keychain) and fresh access tokens for sending. */
  oauth: OAuthService
  /** Where `desktop:copy` writes: the system clipboard in the app, memory in the CLI and the harness. */
  clipboard: Clipboard
}

/** `network` defaults to the system's resolver and fetch; tests pass one over local servers. */
export function createAppServices(deps: {
  dataDir: string
  settings: SettingsStore
  keychain: Keychain
  logger: Logger
  network?: Network
  deliver?: typeof deliverMessage
  /** The app's own Chromium (an offscreen window) for snapshots; elsewhere a system Chromium is found. */
  chromiumCamera?: PageCamera
  /** DNS for the domain check and the inbox's authentication results; the system's by default. */
  dnsResolver?: DnsResolver
  /** The system browser for OAuth2 sign-in (Electron: shell.openExternal). */
  openBrowser?: OpenBrowser
  clock?: () => Date
  clipboard?: Clipboard
}): AppServices {
  // Each service is built on first use (getters below), so `sendsmith accounts list` constructs the
  // account store and the keychain and nothing else; the heavy libraries load inside the methods
  // that need them. Main, the CLI and the tests see the same AppServices either way.
  const network = deps.network ?? systemNetwork()
  // Shared by the outbox and the IMAP service, so built once, on first use, outside the record.
  const outboxStore = once(
    () =>
      new OutboxStore(deps.dataDir, (file, reason) => deps.logger.log('warn', 'outbox.quarantined', { file, reason })),
  )
  const copier = once(
    () =>
      new SentCopier({
        sentDir: outboxStore().sentDir,
        accounts: services.accounts,
        network,
        logger: deps.logger,
        onChange: (entry) => services.events.emit('outbox:changed', entry),
        auth: oauthImapAuth(() => services.oauth),
      }),
  )
  const services: AppServices = lazyObject<AppServices>({
    dataDir: () => deps.dataDir,
    network: () => network,
    logger: () => deps.logger,
    events: () => new AppEvents(),
    clipboard: () => deps.clipboard ?? memoryClipboard(),
    accounts: () => {
      const accounts = new AccountStore(deps.settings, deps.keychain)
      // The token source is the OAuth service; built when a token is first asked for.
      accounts.useTokenSource(lazyTokenSource(() => services.oauth))
      return accounts
    },
    oauth: () =>
      new OAuthService({
        settings: deps.settings,
        tokens: new TokenStore(deps.keychain),
        fetch: network.fetch,
        logger: deps.logger,
        openBrowser: deps.openBrowser,
        clock: deps.clock,
        dataDir: deps.dataDir,
      }),
    setup: () =>
      new AccountSetup(
        services.accounts,
        network,
        new RunRegistry(),
        undefined,
        checkImap,
        oauthSecretRenewal(() => services.oauth),
      ),
    outbox: () => {
      const { events, oauth } = services
      return new Outbox({
        store: outboxStore(),
        accounts: services.accounts,
        network,
        logger: deps.logger,
        deliver: deps.deliver ?? deliverMessage,
        auth: oauthSmtpAuth(oauth),
        // After the server took a message: its copy in the mailbox's Sent folder over IMAP.
        afterAccepted: [(entry) => copier().afterAccepted(entry)],
        onChange: (entry) => events.emit('outbox:changed', entry),
        onRemoved: (id, reason) => events.emit('outbox:removed', { id, reason }),
        // Progress of every delivery, whoever started it (compose, the retry worker, the CLI), for the windows.
        onProgress: (entry, stage, elapsedMs, percent) =>
          events.emit('send:progress', {
            accountId: entry.accountId,
            outboxId: entry.id,
            stage: stage === 'tls' ? 'connecting' : stage,
            elapsedMs,
            ...(percent !== undefined && { percent }),
          }),
      })
    },
    inbox: () =>
      new LocalInbox({
        dataDir: deps.dataDir,
        logger: deps.logger,
        onReceived: (summary) => services.events.emit('inbox:received', summary),
        dnsResolver: deps.dnsResolver,
      }),
    mail: () => new MailService(services.accounts, services.outbox),
    drafts: () => new DraftStore(deps.dataDir),
    contacts: () =>
      new RecentRecipients({
        sent: () => outboxStore().sent(),
        sentDir: outboxStore().sentDir,
        accounts: () => services.accounts.list(),
        clock: deps.clock,
      }),
    templates: () => new TemplateService(network, { allowHosts: () => allowedHosts(deps.settings) }),
    snapshots: () => new TemplateSnapshots({ chromiumCamera: deps.chromiumCamera }),
    templateFiles: () => new WorkbenchFiles({ settings: deps.settings, events: services.events, logger: deps.logger }),
    merge: () =>
      new MergeService({
        dataDir: deps.dataDir,
        accounts: services.accounts,
        network,
        logger: deps.logger,
        onProgress: (progress) => services.events.emit('merge:progress', progress),
        auth: oauthSmtpAuth(services.oauth),
        imap: { auth: () => oauthImapAuth(() => services.oauth) },
        suppression: services.suppression,
      }),
    imap: () =>
      new ImapService({
        accounts: services.accounts,
        network,
        copier: copier(),
        deliver: deps.deliver,
        auth: oauthSmtpAuth(services.oauth),
      }),
    deliverability: () => new DeliverabilityService(services.accounts, deps.dnsResolver),
    suppression: () => new SuppressionList(deps.dataDir, deps.clock),
    spam: () => new SpamService({ settings: deps.settings, network, inboxRaw: (id) => services.inbox.store.raw(id) }),
  })
  return services
}

/**
 * An object whose properties are built by their factory on first read and kept; enumerable, so the
 * object still looks like a plain record of services.
 */
function lazyObject<T extends object>(factories: { [K in keyof T]: () => T[K] }): T {
  const target = {} as T
  for (const key of Object.keys(factories) as (keyof T)[]) {
    Object.defineProperty(target, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = factories[key]()
        Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true })
        return value
      },
    })
  }
  return target
}

/** A factory that builds its value on the first call and returns the same one after. */
function once<T>(build: () => T): () => T {
  let value: { built: T } | undefined
  return () => (value ??= { built: build() }).built
}

/** A TokenSource that builds the OAuth service only when an OAuth2 account first needs it. */
function lazyTokenSource(source: () => TokenSource): TokenSource {
  return {
    accessToken: (account) => source().accessToken(account),
    forget: (accountId) => source().forget(accountId),
  }
}
