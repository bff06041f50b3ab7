/** Offers text as a file download through a Blob URL and an anchor with `download`. */
export function downloadText(text: string, filename: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
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

/** "sendsmith-account-ada-lovelace.json" for one account. */
export function accountFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return slug === '' ? 'sendsmith-account.json' : `sendsmith-account-${slug}.json`
}
