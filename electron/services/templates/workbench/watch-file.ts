import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'

/**
 * Calls `onChange` (debounced) when a file is written. Watches the folder rather than the file:
 * editors that save by writing a temporary file and renaming it over the original (vim, many IDEs)
 * replace the inode, and a watch on the old inode would never fire again.
 */
export function watchFile(
  path: string,
  onChange: () => void,
  options: { debounceMs?: number; onError?: (error: Error) => void } = {},
): () => void {
  const name = basename(path)
  let timer: NodeJS.Timeout | undefined
  let watcher: FSWatcher | undefined
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
      // Some platforms do not say which file changed: then any change in the folder is a candidate.
      if (changed !== null && changed.toString() !== name) return
      clearTimeout(timer)
      timer = setTimeout(onChange, options.debounceMs ?? 60)
    })
    // A folder that disappears (unmounted, deleted) ends the watch; the open file keeps its last text.
    watcher.on('error', (error) => {
      watcher?.close()
      options.onError?.(error)
    })
  } catch (error) {
    // A folder that cannot be watched (some network file systems): the file opens, it just will not reload.
    options.onError?.(error as Error)
  }
  return () => {
    clearTimeout(timer)
    watcher?.close()
  }
}
