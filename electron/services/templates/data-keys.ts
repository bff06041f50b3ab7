import { SendsmithError } from '../errors/app-error'

// Names that reach Object.prototype when used as keys: `a.__proto__.x` or `constructor.prototype.x`.
const reservedNames = new Set(['__proto__', 'constructor', 'prototype'])

/** The reserved segment of a dotted column name, if it has one. */
export function reservedSegment(name: string): string | undefined {
  return name.split('.').find((segment) => reservedNames.has(segment.trim()))
}

/**
 * Refuses column names (CSV header cells, keys of a JSON list's objects) that could reach an
 * object's prototype: `__proto__`, `constructor` or `prototype` as the name or one of its `a.b` parts.
 */
export function assertSafeColumns(columns: Iterable<string>): void {
  for (const column of columns) {
    const segment = reservedSegment(column)
    if (segment !== undefined)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'data',
        message: `The column "${column}" uses the reserved name "${segment}"`,
        hint: 'Rename the column: __proto__, constructor and prototype cannot name merge fields.',
      })
  }
}

/** Refuses reserved keys (or `a.b` parts of keys) at any depth of JSON merge data, naming the key's path. */
export function assertSafeKeys(value: unknown, path: string[] = []): void {
  if (typeof value !== 'object' || value === null) return
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertSafeKeys(item, [...path, String(index)]))
    return
  }
  for (const key of Object.keys(value)) {
    const segment = reservedSegment(key)
    if (segment !== undefined)
      throw new SendsmithError({
        code: 'VALIDATION',
        field: 'data',
        message: `The key "${[...path, key].join('.')}" uses the reserved name "${segment}"`,
        hint: 'Rename the key: __proto__, constructor and prototype cannot name merge fields.',
      })
    assertSafeKeys((value as Record<string, unknown>)[key], [...path, key])
  }
}

/** An object without a prototype: no key a user names can reach Object.prototype through it. */
export function dataObject(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>
}

/**
 * One row's columns as merge data: `a.b` columns become nested objects. Every object is built
 * without a prototype and reserved names are refused, so no column can change Object.prototype.
 */
export function nestColumns(record: Record<string, unknown>): Record<string, unknown> {
  const out = dataObject()
  for (const [column, value] of Object.entries(record)) {
    assertSafeColumns([column])
    if (column.includes('.')) setPath(out, column.split('.'), value)
    else out[column] = value
  }
  return out
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined
    if (typeof next !== 'object' || next === null) node[key] = dataObject()
    node = node[key] as Record<string, unknown>
  }
  node[path[path.length - 1]] = value
}
