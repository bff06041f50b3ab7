import { mkdirSync } from 'node:fs'

/**
 * Where e2e screenshots go: an ignored folder during `npm test`, so a test run changes no tracked
 * file; `npm run screenshots` points it at docs/screenshots to refresh the committed pictures on purpose.
 */
export function screenshotDir(): string {
  const dir = process.env.SENDSMITH_SCREENSHOTS || 'test-results/screenshots'
  mkdirSync(dir, { recursive: true })
  return dir
}
