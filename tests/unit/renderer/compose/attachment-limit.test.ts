import { describe, expect, it } from 'vitest'
import { maxTotalBytes, withinLimit } from '../../../../renderer/src/features/compose/attachment-files'

/** An attachment of about `bytes` bytes, as the window holds it (base64). */
const file = (filename: string, bytes: number) => ({
  filename,
  contentType: 'application/octet-stream',
  contentBase64: 'A'.repeat(Math.ceil(bytes / 3) * 4),
})

describe('dropped, pasted or picked files stay within the size limit', () => {
  it('takes files up to 25 MB in all and refuses the one that would pass it, saying which and why', () => {
    expect(maxTotalBytes).toBe(25 * 1024 * 1024)
    const current = [file('plan.pdf', 20 * 1024 * 1024)]
    const { accepted, refused } = withinLimit(current, [file('notes.txt', 1024), file('video.mov', 6 * 1024 * 1024)])
    expect(accepted.map((a) => a.filename)).toEqual(['notes.txt'])
    expect(refused).toBe(
      'Not attached: video.mov (6.0 MB). A message may carry at most 25.0 MB of files in all; send large files another way.',
    )
  })

  it('refuses a single file over the limit even with nothing attached yet', () => {
    const { accepted, refused } = withinLimit([], [file('disk.img', 30 * 1024 * 1024)])
    expect(accepted).toEqual([])
    expect(refused).toContain('disk.img (30.0 MB)')
  })
})
