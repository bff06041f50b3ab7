import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { MessageChannel } from 'node:worker_threads'
import type Piscina from 'piscina'
import { maxTemplateBytes, type CheckReport, type TemplateKind } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import type { RenderInput, RenderOutput } from './render-template'
import type { RenderReply, RenderTask } from './render-worker'
import { sourceWorkerFile } from './render-worker-from-source'

export interface RenderPoolOptions {
  /** A render (or render and check) that takes longer is stopped: its thread is ended. Default 20 s. */
  timeoutMs: number
  /** Threads rendering at once; one more template than this waits in the queue. Default 2. */
  maxThreads: number
  /** Heap of one render thread; a template that needs more ends with an error. Default 768 MB. */
  maxHeapMb: number
  /** The worker file (default: render-worker.js beside the bundle, or built from source in tests). */
  workerFile?: string
}

export interface RenderRunOptions {
  signal?: AbortSignal
  /**
   * A name for "the same preview": a newer run with the same name cancels an unfinished older one
   * (it ends with CANCELLED), so a live preview never waits for renders of text already replaced.
   */
  supersede?: string
}

const defaults: RenderPoolOptions = { timeoutMs: 20_000, maxThreads: 2, maxHeapMb: 768 }

/**
 * Runs the template pipeline (Handlebars, MJML, juice, html-to-text) and the checks in worker
 * threads, so main's event loop (IPC, the outbox, the inbox, merges) never waits on a template.
 * Each run has a time limit; a run over it, superseded or aborted ends its thread (piscina starts
 * a fresh one), since a synchronous juice or MJML call cannot be interrupted any other way.
 */
export class RenderPool {
  private readonly options: RenderPoolOptions
  private pool: Piscina<RenderTask, RenderReply> | undefined
  private readonly latest = new Map<string, AbortController>()

  constructor(options: Partial<RenderPoolOptions> = {}) {
    this.options = { ...defaults, ...options }
  }

  /** Renders in a thread: the same result as `renderTemplate`. */
  async render(input: RenderInput, options: RenderRunOptions = {}): Promise<RenderOutput> {
    const reply = await this.run({ op: 'render', input }, options)
    if (reply.op !== 'render') throw new Error('The render thread answered a render with a check')
    return reply.output
  }

  /** Renders and runs every check in a thread: the checks' report. */
  async check(input: RenderInput, options: RenderRunOptions = {}): Promise<CheckReport> {
    const reply = await this.run({ op: 'check', input }, options)
    if (reply.op !== 'check') throw new Error('The render thread answered a check with a render')
    return reply.report
  }

  /** A mail merge's one-time MJML and CSS inlining of a template with placeholder words, and its text. */
  async mergePrepare(source: string, kind: TemplateKind): Promise<{ html: string; text: string }> {
    const reply = await this.run({ op: 'merge-prepare', input: { source, kind } }, {})
    if (reply.op !== 'merge-prepare') throw new Error('The render thread answered with another kind of job')
    return { html: reply.html, text: reply.text }
  }

  /** One merge row through the whole pipeline (when a template cannot be prepared once). */
  async mergeRow(source: string, kind: TemplateKind, context: Record<string, unknown>) {
    const reply = await this.run({ op: 'merge-row', input: { source, kind, context } }, {})
    if (reply.op !== 'merge-row') throw new Error('The render thread answered with another kind of job')
    return { html: reply.html, text: reply.text }
  }

  /** The plain-text part of a merged HTML message. */
  async plainText(html: string): Promise<string> {
    const reply = await this.run({ op: 'plain-text', input: { source: html } }, {})
    if (reply.op !== 'plain-text') throw new Error('The render thread answered with another kind of job')
    return reply.text
  }

  /** Ends every thread (app quit, test teardown); runs in flight end with an error. */
  async close(): Promise<void> {
    const pool = this.pool
    this.pool = undefined
    await pool?.destroy()
  }

  private async run(task: RenderTask, options: RenderRunOptions): Promise<Extract<RenderReply, { ok: true }>> {
    if (Buffer.byteLength(task.input.source, 'utf8') > maxTemplateBytes)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'source',
        message: `The template is larger than ${maxTemplateBytes / 1024 / 1024} MB`,
      })
    const controller = new AbortController()
    if (options.supersede !== undefined) {
      this.latest.get(options.supersede)?.abort(supersededReason)
      this.latest.set(options.supersede, controller)
    }
    // The limit counts from the moment a thread starts on the task (not the queue or a thread booting).
    const timeout = new AbortController()
    const { port1, port2 } = new MessageChannel()
    let timer: NodeJS.Timeout | undefined
    port1.once('message', () => {
      timer = setTimeout(() => timeout.abort(), this.options.timeoutMs)
      port1.close()
    })
    const signal = AbortSignal.any([controller.signal, timeout.signal, ...(options.signal ? [options.signal] : [])])
    try {
      const reply = await (await this.piscina()).run({ ...task, started: port2 }, { signal, transferList: [port2] })
      if (!reply.ok) throw new SendsmithError(reply.error)
      return reply
    } catch (error) {
      if (error instanceof SendsmithError) throw error
      if (controller.signal.aborted)
        throw new SendsmithError({
          code: 'CANCELLED',
          message: 'A newer version of the template replaced this render',
        })
      if (timeout.signal.aborted)
        throw new SendsmithError(
          {
            code: 'TIMEOUT',
            field: 'source',
            message: `The template took longer than ${formatSeconds(this.options.timeoutMs)} to render, so it was stopped`,
            hint: 'Thousands of CSS rules or deeply nested markup make inlining slow: remove unused CSS rules.',
          },
          { cause: error },
        )
      if (options.signal?.aborted) throw new SendsmithError({ code: 'CANCELLED', message: 'The render was cancelled' })
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY')
        throw new SendsmithError(
          {
            code: 'VALIDATION',
            field: 'source',
            message: `The template needed more than ${this.options.maxHeapMb} MB of memory to render, so it was stopped`,
          },
          { cause: error },
        )
      throw error
    } finally {
      clearTimeout(timer)
      port1.close()
      if (options.supersede !== undefined && this.latest.get(options.supersede) === controller)
        this.latest.delete(options.supersede)
    }
  }

  /** piscina loads with the first render, not with the app or every CLI command (issue 19). */
  private async piscina(): Promise<Piscina<RenderTask, RenderReply>> {
    const { default: Pool } = await import('piscina')
    this.pool ??= new Pool<RenderTask, RenderReply>({
      filename: pathToFileURL(this.options.workerFile ?? renderWorkerFile()).href,
      minThreads: 1,
      maxThreads: this.options.maxThreads,
      // An extra thread (MJML alone weighs some 60 MB) goes away after a minute without work.
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
    })
    return this.pool
  }
}

const supersededReason = 'superseded'

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`
}

/**
 * Where the worker file is: electron-vite emits it as out/main/render-worker.js, beside index.js
 * and cli.js (this code may sit in out/main/chunks/). Running from source (vitest), it is built once.
 */
export function renderWorkerFile(): string {
  const here = import.meta.url
  if (here.endsWith('.ts')) return sourceWorkerFile(fileURLToPath(new URL('./render-worker.ts', here)))
  for (const candidate of ['./render-worker.js', '../render-worker.js']) {
    const path = fileURLToPath(new URL(candidate, here))
    if (existsSync(path)) return path
  }
  throw new SendsmithError({
    code: 'INTERNAL',
    message: 'The template renderer (render-worker.js) is missing from this build',
    hint: 'Build again with `npm run build`.',
  })
}

let shared: RenderPool | undefined

/** The process's one render pool, created on first use. */
export function sharedRenderPool(): RenderPool {
  shared ??= new RenderPool()
  return shared
}
