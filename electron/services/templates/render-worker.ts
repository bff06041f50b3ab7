import type { MessagePort } from 'node:worker_threads'
import type { AppError, CheckReport } from '../../../shared/contract'
import { toAppError } from '../errors/to-app-error'
import { renderTemplate, type RenderInput, type RenderOutput } from './render-template'

/** One job for a render thread: render a template, or render and check it. */
export interface RenderTask {
  op: 'render' | 'check'
  input: RenderInput
  /** Told when the thread starts on the task: the time limit counts from there, not from the queue. */
  started?: MessagePort
}

/** A thread's answer. Errors travel as data: a thrown error would lose its code crossing threads. */
export type RenderReply =
  | { ok: true; op: 'render'; output: RenderOutput }
  | { ok: true; op: 'check'; report: CheckReport }
  | { ok: false; error: AppError }

/**
 * The entry of a render thread (piscina loads this file's default export). MJML, Handlebars,
 * juice and html-to-text run here, never on main's thread: a hostile template can take seconds.
 */
export default async function runRenderTask(task: RenderTask): Promise<RenderReply> {
  task.started?.postMessage('started')
  task.started?.close()
  try {
    const output = await renderTemplate(task.input)
    if (task.op === 'render') return { ok: true, op: 'render', output }
    // The checks (caniemail's data, postcss) load only in threads that check.
    const { runChecks } = await import('./checks/run-checks')
    // Only the report crosses back: copying the HTML between threads twice costs time for nothing.
    return { ok: true, op: 'check', report: runChecks(task.input.source, task.input.kind, output) }
  } catch (error) {
    return { ok: false, error: toAppError(error) }
  }
}
