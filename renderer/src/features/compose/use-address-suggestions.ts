import { useEffect, useRef, useState } from 'react'
import type { AddressSuggestion } from '../../../../shared/contract'
import { sendsmith, settle } from '../../sendsmith'

/**
 * Suggestions for what is being typed in an address field, from `contacts:suggest` (the sent
 * history and the accounts' own addresses). An answer to an older query is dropped, so fast typing
 * never shows the list for letters already gone.
 */
export function useAddressSuggestions(query: string, active: boolean): AddressSuggestion[] {
  const [found, setFound] = useState<AddressSuggestion[]>([])
  const latest = useRef(0)
  const q = active ? query.trim() : ''
  useEffect(() => {
    const call = ++latest.current
    if (q === '') {
      setFound([])
      return
    }
    void settle(sendsmith().contacts.suggest({ query: q, limit: 8 })).then((result) => {
      if (call === latest.current) setFound(result.ok ? result.value : [])
    })
  }, [q])
  return found
}

/** A suggestion as chip text: `Grace Hopper <grace@example.test>`, the name quoted when it holds list or address signs. */
export function suggestionText({ name, address }: AddressSuggestion): string {
  if (name.trim() === '') return address
  const safe = /[",;<>@()[\]:\\]/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name
  return `${safe} <${address}>`
}
