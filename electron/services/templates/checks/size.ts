import type { Finding } from '../../../../shared/contract'

/** Gmail shows "[Message clipped]" and hides the rest when a message's HTML is over 102 KB. */
export const gmailClipBytes = 102 * 1024

/** The final HTML's size, with a warning past Gmail's clipping limit. */
export function checkSize(sizeBytes: number): Finding[] {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
  if (sizeBytes > gmailClipBytes) {
    return [
      {
        check: 'size',
        severity: 'warning',
        message: `The final HTML is ${kb(sizeBytes)}: Gmail clips messages over 102 KB and hides the rest behind "View entire message" (tracking pixels and unsubscribe links at the end included).`,
        line: 1,
      },
    ]
  }
  const message = `The final HTML is ${kb(sizeBytes)} (Gmail clips at 102 KB).`
  return [
    {
      check: 'size',
      severity: 'info',
      message:
        sizeBytes > gmailClipBytes * 0.8
          ? `${message} It is close to the limit; merge data can push it over.`
          : message,
      line: 1,
    },
  ]
}
