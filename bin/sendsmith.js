#!/usr/bin/env node
// The CLI is built with the app (`npm run build` writes out/main/cli.js).
import { existsSync } from 'node:fs'

const cli = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write('sendsmith: the CLI is not built yet. Run `npm run build` in the Sendsmith folder first.\n')
  process.exit(2)
}
await import(cli.href)
