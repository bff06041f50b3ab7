import { extname } from 'node:path'

/** The file types Sendsmith opens from the system (file associations, a file given on the command line). */
export const openableExtensions = ['.eml', '.html', '.htm', '.mjml'] as const

export function isOpenableFile(path: string): boolean {
  return (openableExtensions as readonly string[]).includes(extname(path).toLowerCase())
}
