import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

/** ../shared/templates beside the repository (CI clones the repo with shared/ next to it). */
export const sharedTemplatesDir = resolve(import.meta.dirname, '../../../../../shared/templates')

/** Every template file in every folder of ../shared/templates, as they are. */
export function sharedTemplates(): { name: string; path: string; kind: 'html' | 'mjml' | 'hbs'; source: string }[] {
  const out: { name: string; path: string; kind: 'html' | 'mjml' | 'hbs'; source: string }[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry)
      if (statSync(path).isDirectory()) walk(path)
      else if (/\.(html|mjml|hbs)$/.test(entry))
        out.push({
          name: relative(sharedTemplatesDir, path),
          path,
          kind: entry.endsWith('.mjml') ? 'mjml' : entry.endsWith('.hbs') ? 'hbs' : 'html',
          source: readFileSync(path, 'utf8'),
        })
    }
  }
  walk(sharedTemplatesDir)
  return out
}
