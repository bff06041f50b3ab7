import { copyFile, mkdir, open, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { listUnsubscribeSchema, mergeLimitsSchema, templateKindSchema } from '../../../shared/contract'
import { readJsonFile, writeFileAtomic } from '../storage/atomic-file'
import { acquirePidLock, isPidLockHeld } from '../storage/pid-lock'

/** What a run was set up with, kept beside its journal so a resume needs nothing else. */
export const runConfigSchema = z.object({
  version: z.literal(1),
  runId: z.uuid(),
  createdAt: z.string(),
  accountId: z.string(),
  subject: z.string(),
  templateKind: templateKindSchema,
  dataFormat: z.enum(['csv', 'json']),
  mapping: z.object({
    addressColumn: z.string(),
    nameColumn: z.string().optional(),
    fields: z.record(z.string(), z.string()),
    required: z.array(z.string()),
  }),
  columns: z.array(z.string()),
  listUnsubscribe: listUnsubscribeSchema.optional(),
  limits: mergeLimitsSchema,
  connections: z.number().int(),
  messagesPerConnection: z.number().int(),
  total: z.number().int(),
  invalid: z.number().int(),
  /** Each delivered message is appended once to the account's Sent folder (issue 18). */
  saveSentCopy: z.boolean().optional(),
})
export type RunConfig = z.infer<typeof runConfigSchema>

/**
 * The runs on disk, one folder each under `merge/`: `run.json` (the setup, written atomically,
 * last, so a folder without it is an unfinished creation), `template` (the source), `data.csv` or
 * `data.json` (a copy of the list: a resume must read the very rows the run started with),
 * `journal.log` (append-only) and, while a process sends, `lock` (its pid).
 */
export class MergeStore {
  readonly root: string

  constructor(dataDir: string) {
    this.root = join(dataDir, 'merge')
  }

  dir(runId: string): string {
    return join(this.root, runId)
  }

  templatePath(runId: string): string {
    return join(this.dir(runId), 'template')
  }

  dataPath(runId: string, format: 'csv' | 'json'): string {
    return join(this.dir(runId), `data.${format}`)
  }

  journalPath(runId: string): string {
    return join(this.dir(runId), 'journal.log')
  }

  /** Copies the list into a new run folder (durably) before it is read for the run. */
  async createFolder(
    runId: string,
    format: 'csv' | 'json',
    data: { text: string } | { path: string },
  ): Promise<string> {
    await mkdir(this.dir(runId), { recursive: true, mode: 0o700 })
    const target = this.dataPath(runId, format)
    if ('text' in data) await writeFileAtomic(target, data.text)
    else {
      await copyFile(data.path, target)
      await syncFile(target)
    }
    return target
  }

  async finishCreation(config: RunConfig, templateSource: string): Promise<void> {
    await writeFileAtomic(this.templatePath(config.runId), templateSource)
    await writeFileAtomic(
      join(this.dir(config.runId), 'run.json'),
      JSON.stringify(runConfigSchema.parse(config), null, 2),
    )
  }

  async config(runId: string): Promise<RunConfig | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(runId)) return undefined
    const data = await readJsonFile(join(this.dir(runId), 'run.json')).catch(() => undefined)
    const parsed = runConfigSchema.safeParse(data)
    return parsed.success ? parsed.data : undefined
  }

  readTemplate(runId: string): Promise<string> {
    return readFile(this.templatePath(runId), 'utf8')
  }

  /** Every complete run, newest first. */
  async list(): Promise<RunConfig[]> {
    const names = await readdir(this.root).catch(() => [] as string[])
    const configs = await Promise.all(names.map((name) => this.config(name)))
    return configs.filter((c): c is RunConfig => c !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  remove(runId: string): Promise<void> {
    return rm(this.dir(runId), { recursive: true, force: true })
  }

  /** Claims a run for sending, across processes: see acquirePidLock. */
  lock(runId: string): Promise<(() => Promise<void>) | undefined> {
    return acquirePidLock(join(this.dir(runId), 'lock'))
  }

  /** True when a live process (this one or another) is sending the run. */
  isLocked(runId: string): Promise<boolean> {
    return isPidLockHeld(join(this.dir(runId), 'lock'))
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
