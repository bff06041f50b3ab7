import type { Attachment } from '../../../../shared/contract'
import { formatSize } from '../../components/format-size'

/** The most a message may carry in files and inline images together, as most servers allow. */
export const maxTotalBytes = 25 * 1024 * 1024

/** Base64 of bytes, in chunks: String.fromCharCode(...all) overflows the stack on large files. */
function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** A picked, dropped or pasted file as bytes to send (ARCHITECTURE.md: main never opens these paths). */
export async function readAttachment(file: File, contentId?: string): Promise<Attachment> {
  const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : 'application/octet-stream'
  // A pasted image has no useful name ("image.png" at best): give it one a recipient can read.
  const filename = file.name.replace(/[\r\n]/g, ' ').trim() || `image.${contentType.split('/')[1] ?? 'bin'}`
  return {
    filename,
    contentType,
    contentBase64: toBase64(new Uint8Array(await file.arrayBuffer())),
    ...(contentId && { contentId }),
  }
}

/** A fresh Content-ID for an inline image, named `cid:<id>` in the HTML. */
export function newContentId(): string {
  return `${crypto.randomUUID()}@sendsmith`
}

/** The decoded size of a base64 attachment. */
export function attachmentBytes(a: Pick<Attachment, 'contentBase64'>): number {
  const padding = a.contentBase64.endsWith('==') ? 2 : a.contentBase64.endsWith('=') ? 1 : 0
  return Math.max(0, Math.floor((a.contentBase64.length * 3) / 4) - padding)
}

export function totalBytes(attachments: Pick<Attachment, 'contentBase64'>[]): number {
  return attachments.reduce((sum, a) => sum + attachmentBytes(a), 0)
}

/** Files split into those that fit under the limit (with what is already attached) and a message about the rest. */
export function withinLimit(
  current: Attachment[],
  added: Attachment[],
): { accepted: Attachment[]; refused: string | null } {
  const accepted: Attachment[] = []
  const refused: string[] = []
  let total = totalBytes(current)
  for (const a of added) {
    const size = attachmentBytes(a)
    if (total + size > maxTotalBytes) refused.push(`${a.filename} (${formatSize(size)})`)
    else {
      accepted.push(a)
      total += size
    }
  }
  if (refused.length === 0) return { accepted, refused: null }
  return {
    accepted,
    refused: `Not attached: ${refused.join(', ')}. A message may carry at most ${formatSize(maxTotalBytes)} of files in all; send large files another way.`,
  }
}

export const isImage = (file: File) => /^image\/(png|jpeg|gif|webp|svg\+xml)$/.test(file.type)
