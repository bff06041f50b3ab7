import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

export interface CorpusTemplate {
  /** Path inside its corpus, e.g. `mjml/welcome.mjml`; shared ones start with `shared/`. */
  name: string
  path: string
  kind: 'html' | 'mjml' | 'hbs'
  source: string
}

/** The project's own small corpus, so the template tests run from a clone alone. */
export const ownTemplatesDir = resolve(import.meta.dirname, '../../../fixtures/templates')
/** ../shared/templates beside the repository: real-world templates, present on CI, maybe not elsewhere. */
export const sharedTemplatesDir = resolve(import.meta.dirname, '../../../../../shared/templates')

function walk(root: string, prefix: string): CorpusTemplate[] {
  const out: CorpusTemplate[] = []
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry)
      if (statSync(path).isDirectory()) visit(path)
      else if (/\.(html|mjml|hbs)$/.test(entry))
        out.push({
          name: prefix + relative(root, path),
          path,
          kind: entry.endsWith('.mjml') ? 'mjml' : entry.endsWith('.hbs') ? 'hbs' : 'html',
          source: readFileSync(path, 'utf8'),
        })
    }
  }
  visit(root)
  return out
}

/** The project's own templates (tests/fixtures/templates). */
export function ownTemplates(): CorpusTemplate[] {
  return walk(ownTemplatesDir, '')
}

let announced = false
/**
 * Every template the corpus checks run over: the project's own, plus ../shared/templates when it is
 * present (CI has it). Says once which corpus ran, so a run without the shared one is visible.
 */
export function templateCorpus(): CorpusTemplate[] {
  const shared = existsSync(sharedTemplatesDir) ? walk(sharedTemplatesDir, 'shared/') : []
  if (!announced) {
    announced = true
    console.log(
      shared.length > 0
        ? `template corpus: ${ownTemplates().length} own templates and ${shared.length} from ${sharedTemplatesDir}`
        : `template corpus: only the project's own templates; ${sharedTemplatesDir} is not present`,
    )
  }
  return [...ownTemplates(), ...shared]
}
