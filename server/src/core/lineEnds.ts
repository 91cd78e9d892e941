/**
 * Line ends. LSP (and VS Code) end a line at `\n`, `\r\n` or a lone `\r`; the yaml library and the
 * rest of the core know `\n` (and `\r\n`) only. The service reads a lone `\r` as `\n` — the same
 * length, so every offset and every LSP position stays the same — and the edits it returns are
 * written back with the line end the file uses.
 */

export type LineEnd = '\n' | '\r\n' | '\r';

/** The text with each lone `\r` read as `\n` (the same text when it has none). */
export function withLfLineEnds(text: string): string {
  let at = text.indexOf('\r');
  if (at < 0) return text;
  let result = '';
  let from = 0;
  for (; at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) === 10) continue; // \r\n
    result += `${text.slice(from, at)}\n`;
    from = at + 1;
  }
  return from === 0 ? text : result + text.slice(from);
}

/** The line end most lines of a text end with (`\n` when there is no line break). */
export function lineEndOf(text: string): LineEnd {
  let crlf = 0;
  let cr = 0;
  let lf = 0;
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) === 10) crlf++;
    else cr++;
  }
  if (crlf === 0 && cr === 0) return '\n';
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lf++;
  lf -= crlf;
  return cr > lf && cr >= crlf ? '\r' : crlf > lf ? '\r\n' : '\n';
}

/**
 * New text for an edit, its line breaks (`\n` not already after a `\r`) written as `lineEnd`.
 * `before` is the character of the document just before the edit (a `\n` right after a `\r`
 * completes that line end and stays as it is).
 */
export function inLineEnd(newText: string, lineEnd: LineEnd, before = ''): string {
  if (lineEnd === '\n' || !newText.includes('\n')) return newText;
  let result = '';
  for (let i = 0; i < newText.length; i++) {
    const c = newText[i];
    const previous = i > 0 ? newText[i - 1] : before;
    result += c === '\n' && previous !== '\r' ? lineEnd : c;
  }
  return result;
}
