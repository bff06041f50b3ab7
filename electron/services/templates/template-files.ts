import { readFile, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { maxMergeDataBytes, maxTemplateBytes, type TemplateKind } from '../../../shared/contract'
import { SendsmithError } from '../errors/app-error'
import type { RenderInput } from './render-template'

/** The template kind a file name says: .html/.htm, .mjml, .hbs/.handlebars. */
export function templateKindOf(path: string): TemplateKind {
  const extension = extname(path).toLowerCase()
  if (extension === '.html' || extension === '.htm') return 'html'
  if (extension === '.mjml') return 'mjml'
  if (extension === '.hbs' || extension === '.handlebars') return 'hbs'
  throw new SendsmithError({
    code: 'VALIDATION',
    field: 'file',
    message: `${path} is not a template Sendsmith reads (${extension || 'no extension'})`,
    hint: 'Templates are .html, .mjml or .hbs files.',
  })
}

/** A template file, read for the CLI (the app reads files through main's own file dialog). */
export async function readTemplateFile(path: string): Promise<{ source: string; kind: TemplateKind }> {
  const kind = templateKindOf(path)
  return { source: await readText(path, maxTemplateBytes, 'file'), kind }
}

/** Merge data from a .json file (an object, or an array and a row) or a .csv file and a row. */
export async function readMergeDataFile(
  path: string,
  row: number | undefined,
): Promise<Pick<RenderInput, 'data' | 'csv' | 'row'>> {
  const extension = extname(path).toLowerCase()
  const text = await readText(path, maxMergeDataBytes, 'data')
  if (extension === '.csv') return { csv: { text, row: row ?? 1 } }
  if (extension !== '.json')
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'data',
      message: `${path}: merge data must be a .json or .csv file`,
    })
  try {
    return { data: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown, ...(row !== undefined && { row }) }
  } catch (error) {
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'data',
      message: `${path} is not valid JSON: ${(error as Error).message}`,
    })
  }
}

/** A text file, its size checked before it is read whole (a 2 GB "CSV" is refused, not loaded). */
export async function readText(path: string, maxBytes: number, field: string): Promise<string> {
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new SendsmithError({ code: 'VALIDATION', field, message: `${path} is not a file` })
    if (info.size > maxBytes)
      throw new SendsmithError({
        code: 'VALIDATION',
        field,
        message: `${path} is larger than ${maxBytes / 1024 / 1024} MB`,
      })
    return await readFile(path, 'utf8')
  } catch (error) {
    if (error instanceof SendsmithError) throw error
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new SendsmithError({ code: 'NOT_FOUND', field, message: `${path} does not exist` })
    throw new SendsmithError({
      code: 'VALIDATION',
      field,
      message: `${path} cannot be read: ${(error as Error).message}`,
    })
  }
}
