import type { MessagePort } from 'node:worker_threads'
import type { AppError, CheckReport, TemplateKind } from '../../../shared/contract'
import { toAppError } from '../errors/to-app-error'
import { prepareMergeTemplate, renderMergeRow } from './merge-pipeline'
import { htmlToPlainText } from './plain-text'
import { renderTemplate, type RenderInput, type RenderOutput } from './render-template'

/** One job for a render thread: render a template, render and check it, or a mail merge's heavy steps. */
export type RenderTask = (
  | { op: 'render' | 'check'; input: RenderInput }
  | { op: 'merge-prepare'; input: { source: string; kind: TemplateKind } }
  | { op: 'merge-row'; input: { source: string; kind: TemplateKind; context: Record<string, unknown> } }
  | { op: 'plain-text'; input: { source: string } }
) & {
  /** Told when the thread starts on the task: the time limit counts from there, not from the queue. */
  started?: MessagePort
}

/** A thread's answer. Errors travel as data: a thrown error would lose its code crossing threads. */
export type RenderReply =
  | { ok: true; op: 'render'; output: RenderOutput }
  | { ok: true; op: 'check'; report: CheckReport }
  | { ok: true; op: 'merge-prepare' | 'merge-row'; html: string; text: string }
  | { ok: true; op: 'plain-text'; text: string }
  | { ok: false; error: AppError }

/**
 * The entry of a render thread (piscina loads this file's default export). MJML, Handlebars,
 * juice and html-to-text run here, never on main's thread: a hostile template can take seconds.
 */
export default async function runRenderTask(task: RenderTask): Promise<RenderReply> {
  task.started?.postMessage('started')
  task.started?.close()
  try {
    if (task.op === 'merge-prepare')
      return { ok: true, op: task.op, ...(await prepareMergeTemplate(task.input.source, task.input.kind)) }
    if (task.op === 'merge-row')
      return {
        ok: true,
        op: task.op,
        ...(await renderMergeRow(task.input.source, task.input.kind, task.input.context)),
      }
    if (task.op === 'plain-text') return { ok: true, op: task.op, text: htmlToPlainText(task.input.source) }
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
