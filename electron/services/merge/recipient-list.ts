import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import Papa from 'papaparse'
import { SendsmithError } from '../errors/app-error'
import { assertSafeColumns, assertSafeKeys } from '../templates/data-keys'

/** A recipient list: the text itself (IPC) or a file (CLI, and a run's own copy), as CSV or JSON. */
export type RecipientSource = { format: 'csv' | 'json'; text: string } | { format: 'csv' | 'json'; path: string }

/** One data row; `row` counts from 1, not counting a CSV header line or blank lines (as `template render --row`). */
export interface RecipientRow {
  row: number
  record: Record<string, unknown>
}

/**
 * Reads a recipient list row by row as a stream, so a list of any length takes little memory:
 * CSV through papaparse's streaming parser, JSON (an array of objects) through a splitter that
 * hands one array item at a time to JSON.parse.
 */
export async function* readRecipients(source: RecipientSource): AsyncGenerator<RecipientRow> {
  const input =
    'text' in source
      ? Readable.from([source.text])
      : createReadStream(source.path, { encoding: 'utf8', highWaterMark: 64 * 1024 })
  try {
    if (source.format === 'csv') yield* csvRows(input)
    else yield* jsonRows(input)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new SendsmithError({
        code: 'NOT_FOUND',
        field: 'data',
        message: `${(source as { path: string }).path} does not exist`,
      })
    throw error
  } finally {
    input.destroy()
  }
}

/** The column names: a CSV file's header line, or the keys of a JSON list's first object. */
export async function readColumns(source: RecipientSource): Promise<string[]> {
  for await (const { record } of readRecipients(source)) return Object.keys(record)
  return []
}

async function* csvRows(input: Readable): AsyncGenerator<RecipientRow> {
  // papaparse hands over a whole chunk of rows at a time and pauses until they are taken: memory
  // stays at one chunk, and parsing costs no more than for a string (its duplex-stream mode, which
  // hands rows one by one, re-parses under backpressure and is several times slower).
  const batches: Record<string, unknown>[][] = []
  let fields: string[] | undefined
  let done = false
  let failure: Error | undefined
  let parser: Papa.Parser | undefined
  let wake: (() => void) | undefined
  const notify = () => {
    const w = wake
    wake = undefined
    w?.()
  }
  input.on('error', (error) => {
    failure = error
    done = true
    notify()
  })
  Papa.parse(input as unknown as Papa.LocalFile, {
    header: true,
    skipEmptyLines: 'greedy',
    // A byte-order mark would otherwise stick to the first column's name.
    transformHeader: (header: string, index: number) => (index === 0 ? header.replace(/^\uFEFF/, '') : header).trim(),
    chunk: (results: Papa.ParseResult<Record<string, unknown>>, chunkParser: Papa.Parser) => {
      parser = chunkParser
      fields ??= results.meta.fields
      batches.push(results.data)
      chunkParser.pause()
      notify()
    },
    complete: () => {
      done = true
      notify()
    },
    error: (error: Error) => {
      failure = error
      done = true
      notify()
    },
  })
  let row = 0
  for (;;) {
    const batch = batches.shift()
    if (batch) {
      // papaparse silently drops a `__proto__` header on its row objects: check the header line itself.
      if (row === 0) assertSafeColumns(fields ?? [])
      for (const record of batch) {
        if (row === 0 && Object.keys(record).every((k) => k === '' || k === '__parsed_extra'))
          throw new SendsmithError({
            code: 'VALIDATION',
            field: 'data',
            message: 'The CSV file has no header line naming its columns',
          })
        delete record.__parsed_extra
        yield { row: ++row, record }
      }
      continue
    }
    if (failure) throw failure
    if (done) return
    const waiting = new Promise<void>((resolve) => (wake = resolve))
    parser?.resume()
    await waiting
  }
}

async function* jsonRows(input: Readable): AsyncGenerator<RecipientRow> {
  let row = 0
  for await (const item of jsonArrayItems(input as AsyncIterable<string>)) {
    row++
    let value: unknown
    try {
      value = JSON.parse(item)
    } catch (error) {
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'data',
        message: `Item ${row} of the JSON list is not valid JSON: ${(error as Error).message}`,
      })
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'data',
        message: `Item ${row} of the JSON list is not an object`,
        hint: 'A JSON recipient list is an array of objects: [{"email": "ada@example.com", "name": "Ada"}, ...]',
      })
    assertSafeKeys(value)
    yield { row, record: value as Record<string, unknown> }
  }
}

/**
 * Splits the text of a top-level JSON array into the source text of its items, chunk by chunk,
 * tracking only strings and nesting depth; each item is then parsed on its own.
 */
export async function* jsonArrayItems(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let started = false
  let ended = false
  let depth = 0
  let inString = false
  let escaped = false
  let item = ''
  const notAnArray = () =>
    new SendsmithError({
      code: 'VALIDATION',
      field: 'data',
      message: 'The JSON recipient list must be an array of objects',
      hint: '[{"email": "ada@example.com", "name": "Ada"}, ...]',
    })
  for await (const chunk of chunks) {
    let from = 0
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]
      if (!started) {
        if (ch === '[') {
          started = true
          from = i + 1
        } else if (!/[\s\uFEFF]/.test(ch)) throw notAnArray()
        continue
      }
      if (ended) {
        if (!/\s/.test(ch))
          throw new SendsmithError({
            code: 'VALIDATION',
            field: 'data',
            message: 'The JSON recipient list has text after its closing ]',
          })
        continue
      }
      if (inString) {
        if (escaped) escaped = false
        else if (ch === '\\') escaped = true
        else if (ch === '"') inString = false
        continue
      }
      if (ch === '"') inString = true
      else if (ch === '{' || ch === '[') depth++
      else if (ch === '}' || ch === ']') {
        if (depth === 0 && ch === ']') {
          item += chunk.slice(from, i)
          if (item.trim() !== '') yield item
          item = ''
          ended = true
          continue
        }
        depth--
      } else if (ch === ',' && depth === 0) {
        item += chunk.slice(from, i)
        if (item.trim() === '')
          throw new SendsmithError({
            code: 'VALIDATION',
            field: 'data',
            message: 'The JSON recipient list has an empty item (two commas in a row)',
          })
        yield item
        item = ''
        from = i + 1
      }
    }
    if (started && !ended) item += chunk.slice(from)
  }
  if (!started) throw notAnArray()
  if (!ended)
    throw new SendsmithError({
      code: 'VALIDATION',
      field: 'data',
      message: 'The JSON recipient list ends before its closing ]',
    })
}
