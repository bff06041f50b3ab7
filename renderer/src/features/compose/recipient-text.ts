/**
 * Splits what was typed in an address field at each comma or semicolon that is outside quotes and
 * angle brackets: `"Builder, Bob" <bob@x>; carol@y, da` gives two complete entries and the rest "da"
 * (still being typed). Each complete entry becomes a chip.
 */
export function splitTyped(typed: string): { complete: string[]; rest: string } {
  const complete: string[] = []
  let current = ''
  let quoted = false
  let angle = 0
  for (let i = 0; i < typed.length; i++) {
    const ch = typed[i]
    if (ch === '\\' && quoted) {
      current += ch + (typed[i + 1] ?? '')
      i++
      continue
    }
    if (ch === '"') quoted = !quoted
    else if (!quoted && ch === '<') angle++
    else if (!quoted && ch === '>') angle = Math.max(0, angle - 1)
    if ((ch === ',' || ch === ';') && !quoted && angle === 0) {
      if (current.trim() !== '') complete.push(current.trim())
      current = ''
    } else current += ch
  }
  return { complete, rest: current.replace(/^\s+/, '') }
}
