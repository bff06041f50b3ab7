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
