import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh, empty data folder (what SENDSMITH_HOME points at) for one test. */
export function tempHome(prefix = 'sendsmith-home-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** Every file under a folder, with its text, to search for leaked secrets. */
export function readAllFiles(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...readAllFiles(path))
    else out.push({ path, text: readFileSync(path, 'utf8') })
  }
  return out
}
