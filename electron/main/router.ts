import {
  contract,
  events,
  isChannel,
  type Channel,
  type EventName,
  type EventPayload,
  type ParsedRequestOf,
  type ResponseOf,
  type Result,
} from '../../shared/contract'
import type { AppServices } from '../services/app-services'
import { previewImport } from '../services/accounts/account-import'
import { hidePaths } from '../services/errors/hide-paths'
import { fromZodError, toAppError } from '../services/errors/to-app-error'
import { renderForClient } from '../services/templates/client-filter/client-view'
import { sendWaitingAfterSignIn } from '../services/oauth/send-waiting'
import { suppressHardBounces } from '../services/merge/hard-bounces'

/** Pushes an event to the renderer that made the call (Electron: webContents.send). */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>, emit: Emit) => Promise<ResponseOf<C>> | ResponseOf<C> }

/** One handler per contract channel; the type makes a missing or extra channel a compile error. */
function handlers(services: AppServices): Handlers {
  return {
    'accounts:list': () => services.accounts.list(),
    'accounts:save': (request) => services.accounts.save(request),
    'accounts:delete': (request) => services.accounts.delete(request.id),
    'accounts:duplicate': (request) => services.accounts.duplicate(request.id),
    'accounts:makeDefault': (request) => services.accounts.makeDefault(request.id),
    'accounts:export': (request) => ({ json: services.accounts.exportJson(request.ids) }),
    'accounts:importPreview': (request) => ({ accounts: previewImport(request.json) }),
    'accounts:import': (request) => services.accounts.importJson(request.json, request.accept),
    'accounts:detect': (request, emit) =>
      services.setup.detect(request.email, request.runId, (step) =>
        emit('detect:step', { runId: request.runId, step }),
      ),
    'accounts:test': (request, emit) =>
      services.setup.test(request, (step) => emit('test:step', { runId: request.runId, step })),
    'accounts:cancel': (request) => services.setup.cancel(request.runId),
    'accounts:trust': (request) => services.setup.trust(request.accountId, request.fingerprint),
    'accounts:untrust': (request) => services.setup.untrust(request.accountId),
    'accounts:roundtrip': (request) => services.imap.roundTrip(request.accountId, request.timeoutSeconds),
    'drafts:save': (request) => services.drafts.save(request),
    'drafts:list': () => services.drafts.list(),
    'drafts:get': (request) => services.drafts.get(request.id),
    'drafts:delete': (request) => services.drafts.delete(request.id),
    // Progress reaches the windows through the outbox's own events (see app-services.ts).
    'mail:send': (request) => services.mail.send(request),
    'mail:queue': (request) => services.mail.queueLater(request),
    'outbox:list': () => services.outbox.list(),
    'outbox:cancel': async (request) => ({ cancelled: await services.outbox.cancel(request.id) }),
    'outbox:resend': async (request) => (await services.outbox.resend(request.id)) ?? null,
    'outbox:sent': () => services.outbox.sent(),
    'contacts:suggest': (request) => services.contacts.suggest(request.query, request.limit),
    'outbox:retryCopy': async (request) => (await services.imap.copier.retryNow(request.id)) ?? null,
    'templates:render': ({ previewId, ...request }) =>
      services.templates.render(services.templateFiles.resolveRequest(request), {
        ...(previewId && { supersede: `render:${previewId}` }),
      }),
    'templates:check': ({ previewId, ...request }) =>
      services.templates.check(services.templateFiles.resolveRequest(request), {
        ...(previewId && { supersede: `check:${previewId}` }),
      }),
    'templates:open': () => services.templateFiles.openTemplate(),
    'templates:reopen': (request) => services.templateFiles.reopen(request.recentId),
    'templates:recent': () => services.templateFiles.recent(),
    'templates:openData': () => services.templateFiles.openData(),
    'templates:close': (request) => ({ closed: services.templateFiles.close(request.handle) }),
    'templates:fetchImages': (request) => services.templates.fetchImages(request.urls),
    'templates:clientView': (request) =>
      renderForClient(services.templateFiles.resolveRequest(request.template), request.client, request),
    'templates:engines': () => services.snapshots.engines(),
    'templates:snapshot': (request) =>
      services.snapshots.snapshot(services.templateFiles.resolveRequest(request.template), request.options),
    'templates:diff': async (request) => {
      const {
        beforePng: _b,
        afterPng: _a,
        diffPng: _d,
        ...diff
      } = await services.snapshots.diff(
        services.templateFiles.resolveRequest(request.before),
        services.templateFiles.resolveRequest(request.after),
        request.options,
      )
      return diff
    },
    'inbox:status': () => services.inbox.status(),
    'inbox:list': (request) => services.inbox.list(request.query),
    'inbox:get': (request) => services.inbox.get(request.id),
    'inbox:attachment': (request) => services.inbox.attachment(request.id, request.index),
    'inbox:delete': async (request) => ({ deleted: await services.inbox.delete(request.id) }),
    'inbox:clear': async () => ({ deleted: await services.inbox.clear() }),
    // The renderer sends the list as text (ARCHITECTURE.md: main reads no path it did not choose itself).
    'merge:validate': (request) => services.merge.validate(request),
    'merge:preview': ({ row, ...request }) => services.merge.preview(request, row),
    'merge:start': async ({ overrideReadiness, ...job }) => {
      // The same gate as the CLI's merge: loaded on use, as it brings mailauth.
      const { assertMergeReady } = await import('../services/merge/merge-readiness')
      await assertMergeReady(services, job, overrideReadiness === true)
      return services.merge.start(job)
    },
    'merge:readiness': async (request) =>
      (await import('../services/merge/merge-readiness')).mergeReadiness(services, request),
    'merge:pause': (request) => services.merge.pause(request.runId),
    'merge:resume': (request) => services.merge.resume(request.runId),
    'merge:cancel': (request) => services.merge.cancel(request.runId),
    'merge:sendAgain': (request) => services.merge.sendAgain(request.runId, request.rows),
    'merge:list': () => services.merge.list(),
    'merge:results': async (request) => ({ csv: await services.merge.results(request.runId) }),
    'dkim:configure': ({ accountId, domain, selector, bits, privateKeyPem }) =>
      services.deliverability.configureDkim(
        accountId,
        { domain, selector },
        privateKeyPem !== undefined ? { privateKeyPem } : { bits: bits ?? 2048 },
      ),
    'dkim:off': (request) => services.deliverability.dkimOff(request.accountId),
    'dkim:record': (request) => services.deliverability.dkimRecord(request.accountId),
    'domain:check': (request) => services.deliverability.checkDomain(request),
    'spam:settings': () => ({ spamd: services.spam.spamd() ?? null }),
    'spam:check': (request) => services.spam.checkInboxMessage(request.messageId, request.spamd),
    'suppression:list': (request) => services.suppression.list(request.accountId),
    'suppression:add': (request) => {
      if (request.accountId !== undefined) services.accounts.get(request.accountId) // an account that exists
      return services.suppression.add(request.addresses, request.reason, request.note, request.accountId)
    },
    'suppression:remove': (request) => services.suppression.remove(request.addresses, request.accountId),
    'suppression:addHardBounces': (request) =>
      suppressHardBounces(services.merge.store, services.suppression, request.runId),
    'oauth:clients': () => services.oauth.clients(),
    'oauth:setClient': (request) => services.oauth.setClient(request),
    'oauth:signIn': async (request) => {
      const status = await services.oauth.signIn(services.accounts.get(request.accountId))
      void sendWaitingAfterSignIn(services.outbox, request.accountId)
      return status
    },
    'oauth:cancelSignIn': (request) => services.oauth.cancelSignIn(request.accountId),
    'oauth:status': (request) => services.oauth.status(services.accounts.get(request.accountId)),
    'desktop:copy': (request) => {
      services.clipboard.writeText(request.text)
      return { copied: true }
    },
  }
}

export interface Router {
  readonly channels: Channel[]
  /** Validates the payload, calls the service, and returns a Result. Never throws. */
  handle(channel: string, payload: unknown, emit: Emit): Promise<Result<unknown>>
}

/**
 * The one router behind every door: Electron's ipcMain, and the end-to-end harness's Playwright
 * binding. The sender check belongs to the door (it knows what a sender is); the rest is here.
 */
export function createRouter(services: AppServices): Router {
  const table = handlers(services)
  const { logger } = services
  return {
    channels: Object.keys(table) as Channel[],
    async handle(channel, payload, emit) {
      const started = performance.now()
      if (!isChannel(channel)) {
        logger.log('warn', 'ipc.unknown-channel', { channel: channel.slice(0, 64) })
        return { ok: false, error: { code: 'VALIDATION', message: `Unknown channel ${channel.slice(0, 64)}` } }
      }
      const parsed = contract[channel].request.safeParse(payload)
      if (!parsed.success) {
        const error = fromZodError(parsed.error)
        logger.log('info', 'ipc.invalid', { channel, field: error.field })
        return { ok: false, error }
      }
      const checkedEmit: Emit = (event, eventPayload) =>
        emit(event, events[event].parse(eventPayload) as typeof eventPayload)
      try {
        const handler = table[channel] as (request: unknown, emit: Emit) => Promise<unknown>
        const value = await handler(parsed.data, checkedEmit)
        logger.log('info', 'ipc.ok', { channel, ms: Math.round(performance.now() - started) })
        return { ok: true, value }
      } catch (error) {
        const appError = toAppError(error)
        logger.log(appError.code === 'INTERNAL' ? 'error' : 'info', 'ipc.error', {
          channel,
          code: appError.code,
          ms: Math.round(performance.now() - started),
        })
        // File names only: the renderer never named a path, so it is not told where files are.
        return { ok: false, error: hidePaths(appError) }
      }
    },
  }
}
