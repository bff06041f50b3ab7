import { fileURLToPath } from 'node:url'
import type { RendererSource } from './windows'

/**
 * Where the window loads the renderer from. `ELECTRON_RENDERER_URL` (set by `electron-vite dev`) is
 * honoured only in an unpackaged app: an installed Sendsmith always loads its own files, so an
 * environment variable cannot point the window, and the IPC trust that follows it, at a web page.
 */
export function rendererSource(env: NodeJS.ProcessEnv, isPackaged: boolean, builtIndex: URL): RendererSource {
  const devUrl = env.ELECTRON_RENDERER_URL
  if (devUrl && !isPackaged) return { kind: 'url', url: devUrl }
  return { kind: 'file', path: fileURLToPath(builtIndex) }
}
