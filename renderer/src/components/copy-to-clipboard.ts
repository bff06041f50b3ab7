import { useCallback, useEffect, useRef, useState } from 'react'
import { sendsmith, settle } from '../sendsmith'

export type CopyState = 'idle' | 'copied' | 'failed'

/**
 * Copies text through main (`desktop.copy`): the window is denied every permission, the clipboard
 * included, so main writes it. Says for a few seconds whether it worked.
 */
export function useCopyToClipboard(): { state: CopyState; copy: (text: string) => Promise<void> } {
  const [state, setState] = useState<CopyState>('idle')
  const timer = useRef<number | undefined>(undefined)
  useEffect(() => () => window.clearTimeout(timer.current), [])
  const copy = useCallback(async (text: string) => {
    window.clearTimeout(timer.current)
    const result = await settle(sendsmith().desktop.copy({ text }))
    setState(result.ok && result.value.copied ? 'copied' : 'failed')
    timer.current = window.setTimeout(() => setState('idle'), 2500)
  }, [])
  return { state, copy }
}
