/** Where `desktop:copy` puts text: the system clipboard in the app (main's adapter), memory elsewhere. */
export interface Clipboard {
  writeText(text: string): void
}

/** The CLI and the end-to-end harness have no system clipboard: the last copied text is kept here. */
export function memoryClipboard(): Clipboard & { readonly last: string | undefined } {
  let last: string | undefined
  return {
    writeText: (text) => void (last = text),
    get last() {
      return last
    },
  }
}
