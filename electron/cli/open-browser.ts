import { spawn } from 'node:child_process'

/**
 * Opens an address in the user's default browser, as `open`/`xdg-open`/`start` do. The address is
 * passed as one argument (no shell), and a missing launcher is not an error: the CLI has printed it.
 */
export async function openInBrowser(url: string): Promise<void> {
  const [command, ...args] =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['rundll32', 'url.dll,FileProtocolHandler', url]
        : ['xdg-open', url]
  await new Promise<void>((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.once('error', () => resolve())
    child.once('spawn', () => {
      child.unref()
      resolve()
    })
  })
}
