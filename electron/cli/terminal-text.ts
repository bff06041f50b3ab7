/**
 * Received mail is written by strangers: printed as it is, an escape sequence in a subject could
 * retitle the terminal (OSC), clear the screen or move the cursor (CSI), or worse on some terminals.
 * These functions remove every control sequence and control character before text reaches a terminal.
 */

// ESC [ ... final (CSI); ESC ] ... BEL or ESC \ (OSC); ESC P, X, ^, _ ... ESC \ (DCS, SOS, PM, APC);
// their 8-bit C1 forms; any other ESC and the character after it. A string sequence left open ends
// at the line's end, so it cannot swallow what follows.
const escapeSequence = new RegExp(
  [
    '(?:\\x1b\\[|\\x9b)[0-?]*[ -/]*[@-~]?',
    '(?:\\x1b[\\]PX^_]|[\\x90\\x98\\x9d\\x9e\\x9f])[^\\x07\\x1b\\x9c\\n]*(?:\\x07|\\x1b\\\\|\\x9c)?',
    '\\x1b[\\s\\S]?',
  ].join('|'),
  'g',
)
// C0 controls but tab and line feed, DEL, and C1 controls.
const controlCharacter = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g

/** Text safe to print: control sequences and characters removed, line feeds and tabs kept (CR LF becomes LF). */
export function terminalSafe(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(escapeSequence, '').replace(controlCharacter, '')
}

/** Text safe to print on one line: as `terminalSafe`, with line breaks and tabs made spaces. */
export function terminalSafeLine(text: string): string {
  return terminalSafe(text).replace(/[\n\t]+/g, ' ')
}
