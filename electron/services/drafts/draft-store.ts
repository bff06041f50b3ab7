import { randomUUID } from 'node:crypto'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import {
  draftFieldsSchema,
  draftSchema,
  type Draft,
  type DraftInput,
  type DraftSummary,
} from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import { readJsonFile, writeFileAtomic } from '../storage/atomic-file'

/** Drafts as one JSON file each under `<data folder>/drafts`, written atomically. */
export class DraftStore {
  private readonly dir: string

  constructor(
    dataDir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.dir = join(dataDir, 'drafts')
  }

  async save(input: DraftInput): Promise<{ id: string; updatedAt: string }> {
    const { id: given, ...fields } = input
    const draft: Draft = {
      ...draftFieldsSchema.parse(fields),
      id: given ?? randomUUID(),
      updatedAt: this.clock().toISOString(),
    }
    await writeFileAtomic(this.path(draft.id), JSON.stringify(draftSchema.parse(draft)))
    return { id: draft.id, updatedAt: draft.updatedAt }
  }

  async get(id: string): Promise<Draft> {
    const data = await readJsonFile(this.path(id))
    if (data === undefined)
      throw new SendsmithError({
        code: 'NOT_FOUND',
        message: 'That draft no longer exists',
        hint: 'It may have been sent or deleted in another window.',
      })
    return draftSchema.parse(data)
  }

  /** Newest first. A file that does not parse is left on disk, not deleted. */
  async list(): Promise<DraftSummary[]> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    const drafts: DraftSummary[] = []
    for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
      const parsed = draftSchema.safeParse(await readJsonFile(join(this.dir, name)).catch(() => undefined))
      if (parsed.success)
        drafts.push({
          id: parsed.data.id,
          subject: parsed.data.subject,
          to: parsed.data.to,
          updatedAt: parsed.data.updatedAt,
          attachments: parsed.data.attachments.length,
        })
    }
    return drafts.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
  }

  async delete(id: string): Promise<{ id: string }> {
    await rm(this.path(id), { force: true })
    return { id }
  }

  private path(id: string): string {
    if (!/^[0-9a-f-]{36}$/i.test(id))
      throw new SendsmithError({ code: 'VALIDATION', field: 'id', message: 'Not a draft id' })
    return join(this.dir, `${id}.json`)
  }
}
