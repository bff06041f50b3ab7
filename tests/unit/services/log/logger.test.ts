import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileLogger } from '../../../../electron/services/log/logger'
import { tempHome } from '../../../helpers/temp-home'

describe('the log file', () => {
  it('a flood of log lines keeps the logs folder within its size: rotated files, the oldest dropped', () => {
    const home = tempHome()
    const logger = createFileLogger(home, { maxBytes: 2000, keep: 2 })
    // A client hammering the inbox makes a line per message: 1,000 lines of about 100 bytes.
    for (let i = 0; i < 1000; i++) logger.log('info', 'inbox.client-error', { n: i, message: 'x'.repeat(40) })
    const dir = dirname(logger.path!)
    expect(readdirSync(dir).sort()).toEqual(['sendsmith.log', 'sendsmith.log.1', 'sendsmith.log.2'])
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(2000)
    // The newest lines are kept, in order, every one whole.
    const lines = ['sendsmith.log.2', 'sendsmith.log.1', 'sendsmith.log'].flatMap((name) =>
      readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean),
    )
    const numbers = lines.map((line) => (JSON.parse(line) as { n: number }).n)
    expect(numbers.at(-1)).toBe(999)
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => 1000 - numbers.length + i))
  })

  it('a second logger on the same file (the CLI beside the app) rotates it once, losing no line', () => {
    const home = tempHome()
    const app = createFileLogger(home, { maxBytes: 1000, keep: 5 })
    const cli = createFileLogger(home, { maxBytes: 1000, keep: 5 })
    for (let i = 0; i < 40; i++) (i % 2 ? cli : app).log('info', 'tick', { n: i })
    const dir = dirname(app.path!)
    const lines = readdirSync(dir)
      .sort()
      .reverse()
      .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean))
    expect(lines.map((line) => (JSON.parse(line) as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    )
  })
})
