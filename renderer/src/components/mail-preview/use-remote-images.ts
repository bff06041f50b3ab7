import { useEffect, useState } from 'react'
import { sendsmith, settle } from '../../sendsmith'

/**
 * Remote images for a preview, once the user allows them: main fetches them (the renderer has no
 * network) and they come back as data: URLs. Fetched images are kept while the workbench is open.
 */
export function useRemoteImages(
  urls: string[],
  allowed: boolean,
): { images: ReadonlyMap<string, string>; loading: boolean } {
  const [images, setImages] = useState<ReadonlyMap<string, string>>(new Map())
  const [loading, setLoading] = useState(false)
  const wanted = allowed ? urls.filter((url) => !images.has(url)) : []
  const key = wanted.join('\n')

  useEffect(() => {
    if (!key) return
    let live = true
    setLoading(true)
    void (async () => {
      const list = key.split('\n')
      const found = new Map<string, string>()
      for (let i = 0; i < list.length; i += 200) {
        const result = await settle(sendsmith().templates.fetchImages({ urls: list.slice(i, i + 200) }))
        // An image that failed stays a placeholder; the preview does not ask again for it.
        if (result.ok) for (const image of result.value) found.set(image.url, image.dataUrl ?? '')
      }
      if (!live) return
      setLoading(false)
      setImages((current) => new Map([...current, ...found]))
    })()
    return () => {
      live = false
    }
  }, [key])

  return { images, loading }
}
