import { existsSync } from 'node:fs'

/** The CLI and end-to-end tests run the built app; say so plainly when it is missing. */
export default function setup(): void {
  for (const file of ['out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it for you)`)
  }
}
