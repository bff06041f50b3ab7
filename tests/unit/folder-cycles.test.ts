import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const servicesRoot = 'electron/services'

/** Which capability folder of electron/services each folder imports from (type-only imports count too). */
function folderGraph(root: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>()
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry)
      if (statSync(path).isDirectory()) visit(path)
      else if (path.endsWith('.ts')) {
        const parts = relative(root, path).split('/')
        if (parts.length < 2) continue // app-services.ts wires every folder on purpose
        const from = parts[0]
        for (const match of readFileSync(path, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
          const target = relative(root, resolve(dirname(path), match[1])).split('/')
          if (target[0] === '..' || target.length < 2 || target[0] === from) continue
          if (!graph.has(from)) graph.set(from, new Set())
          graph.get(from)!.add(target[0])
        }
      }
    }
  }
  visit(root)
  return graph
}

/** The first cycle found, as a path of folders that ends where it starts; undefined when there is none. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const done = new Set<string>()
  const walk = (node: string, path: string[]): string[] | undefined => {
    const at = path.indexOf(node)
    if (at !== -1) return [...path.slice(at), node]
    if (done.has(node)) return undefined
    for (const next of graph.get(node) ?? []) {
      const cycle = walk(next, [...path, node])
      if (cycle) return cycle
    }
    done.add(node)
    return undefined
  }
  for (const node of graph.keys()) {
    const cycle = walk(node, [])
    if (cycle) return cycle
  }
  return undefined
}

describe('electron/services folders depend on each other in one direction', () => {
  it('finds a cycle when there is one (so the check below can fail)', () => {
    const graph = new Map([
      ['mail', new Set(['outbox'])],
      ['outbox', new Set(['smtp', 'mail'])],
      ['smtp', new Set(['errors'])],
    ])
    expect(findCycle(graph)).toEqual(['mail', 'outbox', 'mail'])
    expect(findCycle(new Map([['mail', new Set(['outbox'])]]))).toBeUndefined()
  })

  it('has no import cycle between capability folders', () => {
    expect(findCycle(folderGraph(servicesRoot))).toBeUndefined()
  })
})
