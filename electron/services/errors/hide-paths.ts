import type { AppError } from '../../../shared/contract'

// An absolute path of two or more parts (folders may hold spaces: "Application Support"), not the
// path of a URL (no ':', '/' or letter before it). Hiding a little too much is the safe mistake.
const posixPath = /(?<![\w:/.~-])\/(?:[^\n'"`/<>|]+\/)+[^\s'"`,;)<>|]*[^\s'"`,;:.)<>|]/g
const windowsPath = /\b[A-Za-z]:\\(?:[^\n'"`\\<>|]+\\)*[^\s'"`,;)<>|\\]*[^\s'"`,;:.)<>|\\]/g

/** Replaces each absolute file path in a text with the file's name. */
export function hidePathsIn(text: string): string {
  return text
    .replace(posixPath, (path) => path.slice(path.lastIndexOf('/') + 1))
    .replace(windowsPath, (path) => path.slice(path.lastIndexOf('\\') + 1))
}

/**
 * An error as the renderer may see it: file names, never the folders they are in. The renderer
 * holds opaque handles (ARCHITECTURE.md "Files"), so a path in an error (from a dialog, a recent
 * file, the data folder, a Node fs message) would tell it about the disk it otherwise never sees.
 */
export function hidePaths(error: AppError): AppError {
  return {
    ...error,
    message: hidePathsIn(error.message),
    ...(error.hint !== undefined && { hint: hidePathsIn(error.hint) }),
  }
}
