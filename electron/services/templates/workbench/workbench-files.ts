import { randomUUID } from 'node:crypto'
import { basename, extname } from 'node:path'
import Papa from 'papaparse'
import {
  maxMergeDataBytes,
  type DataFile,
  type RecentTemplate,
  type TemplateFile,
  type TemplateRequest,
} from '../../../../shared/contract'
import { SendsmithError } from '../../errors/app-error'
import type { AppEvents } from '../../events/app-events'
import type { Logger } from '../../log/logger'
import type { SettingsStore } from '../../settings/settings-store'
import type { RenderInput } from '../render-template'
import { readTemplateFile, readText } from '../template-files'
import { noFileDialog, type FileDialog, type FileFilter } from './file-dialog'
import { watchFile } from './watch-file'

const templateFilters: FileFilter[] = [
  { name: 'Email templates', extensions: ['html', 'htm', 'mjml', 'hbs', 'handlebars'] },
  { name: 'All files', extensions: ['*'] },
]
const dataFilters: FileFilter[] = [
  { name: 'Merge data', extensions: ['json', 'csv'] },
  { name: 'All files', extensions: ['*'] },
]
/** Settings key of the recent templates list: paths stay in main, the renderer sees names. */
export const recentSettingsKey = 'templates.recent'
const maxRecent = 10

interface RecentEntry {
  id: string
  path: string
  name: string
  kind: RecentTemplate['kind']
  openedAt: string
}

type OpenFile =
  | { role: 'template'; path: string; stop: () => void; source: string }
  | { role: 'data'; path: string; stop: () => void; data: MergeData }

/** A data file as it was last read: what render needs, and the summary the renderer shows. */
interface MergeData {
  kind: DataFile['kind']
  text: string
  json?: unknown
  rows: number | null
  fields: string[]
}

/**
 * The workbench's files: templates and merge data opened through main's own file dialog, handed to
 * the renderer as opaque handles, watched so an edit in another editor reloads the preview
 * (`templates:changed`), and a recent-files list kept in settings.
 */
export class WorkbenchFiles {
  private readonly open = new Map<string, OpenFile>()
  private dialog: FileDialog = noFileDialog

  constructor(
    private readonly deps: { settings: SettingsStore; events: AppEvents; logger: Logger; clock?: () => Date },
  ) {}

  /** The door that has a window attaches its dialog (Electron's in main, a stand-in in the e2e harness). */
  useFileDialog(dialog: FileDialog): void {
    this.dialog = dialog
  }

  /** Asks the user for a template file; reads and watches it. Null when the dialog was cancelled. */
  async openTemplate(): Promise<TemplateFile | null> {
    const path = await this.dialog.openFile(templateFilters)
    return path === null ? null : this.openTemplateAt(path)
  }

  /** Opens a recent template again by its id (the path never left main). */
  async reopen(recentId: string): Promise<TemplateFile> {
    const entry = this.readRecent().find((r) => r.id === recentId)
    if (!entry)
      throw new SendsmithError({
        code: 'NOT_FOUND',
        field: 'recentId',
        message: 'That file is no longer in the recent list',
      })
    return this.openTemplateAt(entry.path)
  }

  /** Recent templates, newest first, without their paths. */
  recent(): RecentTemplate[] {
    return this.readRecent().map(({ id, name, kind, openedAt }) => ({ recentId: id, name, kind, openedAt }))
  }

  /** Asks the user for a JSON or CSV data file; reads and watches it. Null when cancelled. */
  async openData(): Promise<DataFile | null> {
    const path = await this.dialog.openFile(dataFilters)
    if (path === null) return null
    const handle = randomUUID()
    const data = await readDataFile(path)
    const stop = watchFile(path, () => void this.reloadData(handle), {
      onError: (error) => this.watchFailed(path, error),
    })
    this.open.set(handle, { role: 'data', path, stop, data })
    return summary(handle, path, data)
  }

  /** Stops watching a file and forgets its handle. */
  close(handle: string): boolean {
    const file = this.open.get(handle)
    file?.stop()
    return this.open.delete(handle)
  }

  /** Stops every watch (app quit, test teardown). */
  closeAll(): void {
    for (const handle of [...this.open.keys()]) this.close(handle)
  }

  /** Turns a renderer request naming a data file into the pipeline's input (JSON data or CSV text). */
  resolveRequest(request: TemplateRequest): RenderInput {
    const { dataHandle, ...input } = request
    if (dataHandle === undefined) return input as RenderInput
    const file = this.open.get(dataHandle)
    if (!file || file.role !== 'data')
      throw new SendsmithError({
        code: 'NOT_FOUND',
        field: 'dataHandle',
        message: 'The data file is no longer open',
        hint: 'Open it again with "Open data…".',
      })
    const { data } = file
    if (data.kind === 'csv')
      return { source: input.source, kind: input.kind, csv: { text: data.text, row: input.row ?? 1 } }
    return {
      source: input.source,
      kind: input.kind,
      data: data.json,
      ...(input.row !== undefined && { row: input.row }),
    }
  }

  private async openTemplateAt(path: string): Promise<TemplateFile> {
    const { source, kind } = await readTemplateFile(path)
    const handle = randomUUID()
    const stop = watchFile(path, () => void this.reloadTemplate(handle), {
      onError: (error) => this.watchFailed(path, error),
    })
    this.open.set(handle, { role: 'template', path, stop, source })
    this.remember(path, kind)
    return { handle, name: basename(path), kind, source }
  }

  private async reloadTemplate(handle: string): Promise<void> {
    const file = this.open.get(handle)
    if (!file || file.role !== 'template') return
    try {
      const { source } = await readTemplateFile(file.path)
      // Editors often write twice (truncate, then write); only a new text is news.
      if (source === file.source || this.open.get(handle) !== file) return
      file.source = source
      this.deps.events.emit('templates:changed', { handle, source })
    } catch (error) {
      // Mid-replace the file may be missing for a moment; the rename that follows fires the watch again.
      this.deps.logger.log('info', 'templates.reload-skipped', { code: (error as SendsmithError).code ?? 'INTERNAL' })
    }
  }

  private async reloadData(handle: string): Promise<void> {
    const file = this.open.get(handle)
    if (!file || file.role !== 'data') return
    try {
      const data = await readDataFile(file.path)
      if (data.text === file.data.text || this.open.get(handle) !== file) return
      file.data = data
      this.deps.events.emit('templates:dataChanged', summary(handle, file.path, data))
    } catch (error) {
      this.deps.logger.log('info', 'templates.reload-skipped', { code: (error as SendsmithError).code ?? 'INTERNAL' })
    }
  }

  private watchFailed(path: string, error: Error): void {
    this.deps.logger.log('warn', 'templates.watch-failed', { file: basename(path), message: error.message })
  }

  private readRecent(): RecentEntry[] {
    const stored = this.deps.settings.get(recentSettingsKey)
    return Array.isArray(stored) ? stored.filter(isRecentEntry) : []
  }

  private remember(path: string, kind: RecentEntry['kind']): void {
    const previous = this.readRecent()
    // The same file keeps its id, so a recent list on screen stays valid.
    const id = previous.find((r) => r.path === path)?.id ?? randomUUID()
    const entry: RecentEntry = {
      id,
      path,
      name: basename(path),
      kind,
      openedAt: (this.deps.clock?.() ?? new Date()).toISOString(),
    }
    this.deps.settings.set(recentSettingsKey, [entry, ...previous.filter((r) => r.path !== path)].slice(0, maxRecent))
  }
}

function isRecentEntry(value: unknown): value is RecentEntry {
  const entry = value as RecentEntry
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.id === 'string' &&
    typeof entry.path === 'string' &&
    typeof entry.name === 'string' &&
    ['html', 'mjml', 'hbs'].includes(entry.kind)
  )
}

function summary(handle: string, path: string, data: MergeData): DataFile {
  return { handle, name: basename(path), kind: data.kind, rows: data.rows, fields: data.fields }
}

/** Reads a .json or .csv file within the size limit and counts its rows. */
async function readDataFile(path: string): Promise<MergeData> {
  const extension = extname(path).toLowerCase()
  if (extension !== '.json' && extension !== '.csv')
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'data',
      message: `${basename(path)}: merge data must be a .json or .csv file`,
    })
  // Size checked before the file is read whole; the router keeps only file names in the messages.
  const text = (await readText(path, maxMergeDataBytes, 'data')).replace(/^\uFEFF/, '')
  if (extension === '.csv') {
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' })
    return { kind: 'csv', text, rows: parsed.data.length, fields: (parsed.meta.fields ?? []).map((f) => f.trim()) }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'data',
      message: `${basename(path)} is not valid JSON: ${(error as Error).message}`,
    })
  }
  const first = Array.isArray(json) ? json[0] : json
  const fields = typeof first === 'object' && first !== null ? Object.keys(first) : []
  return { kind: 'json', text, json, rows: Array.isArray(json) ? json.length : null, fields }
}
