/**
 * Help for one command or subcommand, cut from the full usage text: every synopsis that starts with
 * `sendsmith COMMAND [VERB]`, with its indented continuation lines. Commands keep one usage text
 * each, so `sendsmith accounts add --help` can never drift from `sendsmith --help`.
 */
export function commandHelp(usage: string, command: string, verb?: string): string | undefined {
  const entries: { words: string[]; lines: string[] }[] = []
  for (const line of usage.split('\n')) {
    const synopsis = /^\s*sendsmith\s+(.*)$/.exec(line)
    if (synopsis) entries.push({ words: synopsis[1].split(/\s+/), lines: [line] })
    else if (entries.length > 0 && /^\s{4,}\S/.test(line)) entries.at(-1)!.lines.push(line)
    else if (line.trim() !== '') entries.push({ words: [], lines: [] }) // a heading or note ends the entry
  }
  const ofCommand = entries.filter((e) => e.words[0] === command)
  if (ofCommand.length === 0) return undefined
  const ofVerb = verb ? ofCommand.filter((e) => e.words[1] === verb) : []
  const chosen = ofVerb.length > 0 ? ofVerb : ofCommand
  return `Usage:\n${chosen.map((e) => e.lines.join('\n')).join('\n')}\n`
}
