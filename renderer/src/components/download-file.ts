/** Offers bytes as a file download through a Blob URL and an anchor with `download` (main writes no file for the window). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = filename
  anchor.rel = 'noopener'
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  // Revoked on the next turn: the click has handed the URL to the download by then.
  window.setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** Offers text as a file download. */
export function downloadText(text: string, filename: string, type = 'application/json'): void {
  downloadBlob(new Blob([text], { type }), filename)
}
