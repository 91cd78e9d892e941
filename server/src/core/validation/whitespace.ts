import { Codes, DiagnosticSeverity } from '../diagnostics';
import * as l10n from '@vscode/l10n';
import { phrase } from '../l10n';

/**
 * Whitespace YAML does not read as whitespace. Text copied from web pages carries non-breaking
 * spaces (U+00A0) and other look-alike spaces; YAML takes them for content, so a line indented
 * with them silently changes the document's structure. Tabs are not allowed in indentation.
 */

const SPACE_LIKE = '\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000';
const INVISIBLE = '\u200B\uFEFF';
const ODD = new RegExp(`[${SPACE_LIKE}${INVISIBLE}]`);
const LEADING = new RegExp(`^[ \\t${SPACE_LIKE}${INVISIBLE}]*`);

const NAMES: Record<string, string> = {
  '\t': 'a tab',
  '\u00A0': phrase('a non-breaking space (U+00A0)'),
  '\u1680': phrase('an Ogham space mark (U+1680)'),
  '\u2007': phrase('a figure space (U+2007)'),
  '\u2009': phrase('a thin space (U+2009)'),
  '\u200A': phrase('a hair space (U+200A)'),
  '\u200B': phrase('a zero-width space (U+200B)'),
  '\u202F': phrase('a narrow no-break space (U+202F)'),
  '\u205F': phrase('a medium mathematical space (U+205F)'),
  '\u3000': phrase('an ideographic space (U+3000)'),
  '\uFEFF': phrase('a zero-width no-break space (U+FEFF)'),
};

function describe(char: string): string {
  return NAMES[char] !== undefined ? l10n.t(NAMES[char]) : l10n.t('an unusual space (U+{0})', char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
}

export interface WhitespaceProblem {
  line: number;
  startCharacter: number;
  endCharacter: number;
  message: string;
  code: typeof Codes.oddWhitespace;
  severity: DiagnosticSeverity;
  /** In the indentation (where it changes the structure of the document). */
  structural: boolean;
}

/**
 * One problem per line that has odd whitespace where YAML would misread it: in the indentation,
 * around `:` and `- `, or invisible characters anywhere outside comments. `fileStart`: the text
 * starts a file, whose first character may be a byte order mark.
 */
export function findOddWhitespace(text: string, fileStart = true): WhitespaceProblem[] {
  const problems: WhitespaceProblem[] = [];
  if (!ODD.test(text) && !text.includes('\t')) return problems;
  const lines = text.split('\n');
  lines.forEach((raw, line) => {
    const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const leading = LEADING.exec(lineText)![0];
    const hasContent = leading.length < lineText.length;
    const found: { index: number; char: string }[] = [];
    for (let i = 0; i < leading.length; i++) {
      const char = leading[i];
      if (char === '\t' ? hasContent && !lineText.slice(leading.length).startsWith('#') : char !== ' ' && !(fileStart && line === 0 && i === 0 && char === '\uFEFF')) {
        found.push({ index: i, char });
      }
    }
    const structural = found.length > 0;
    const commentStart = findCommentStart(lineText, leading.length);
    for (let i = leading.length; i < commentStart; i++) {
      const char = lineText[i];
      if (!ODD.test(char)) continue;
      const before = lineText[i - 1];
      const after = lineText[i + 1];
      const isSeparator = before === ':' || before === '-' || after === ':' || after === undefined || ODD.test(after ?? '') || INVISIBLE.includes(char);
      if (isSeparator) found.push({ index: i, char });
    }
    if (found.length === 0) return;
    const first = found[0];
    const last = found[found.length - 1];
    const where = structural ? l10n.t('in the indentation') : l10n.t('where YAML expects a space');
    const effect = first.char === '\t'
      ? l10n.t('YAML allows only spaces for indentation')
      : l10n.t('YAML does not read it as a space, so the line means something else than it shows');
    problems.push({
      line,
      startCharacter: first.index,
      endCharacter: last.index + 1,
      code: Codes.oddWhitespace,
      severity: DiagnosticSeverity.Error,
      structural: structural || found.some((f) => lineText[f.index - 1] === ':' || lineText[f.index - 1] === '-'),
      message: first.char === '\t'
        ? l10n.t('This line has {0} {1}; {2}. Replace it with spaces.', describe(first.char), where, effect)
        : l10n.t('This line has {0} {1}; {2}. Replace it with a normal space.', describe(first.char), where, effect),
    });
  });
  return problems;
}

/** Offset of a `#` comment on a line (outside quotes), or the line length. */
function findCommentStart(line: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      if (i === from || /[\s:,[{-]/.test(line[i - 1])) quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return i;
    }
  }
  return line.length;
}

/** The indentation step the file uses (spaces per level), for turning tabs into spaces. */
export function indentUnit(text: string): number {
  const counts = new Map<number, number>();
  let previous = 0;
  for (const line of text.split('\n')) {
    const match = /^( *)\S/.exec(line);
    if (!match) continue;
    const indent = match[1].length;
    const step = indent - previous;
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
    previous = indent;
  }
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of counts) if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  return best;
}

/**
 * The file with every odd whitespace character replaced: space-like characters by a space,
 * invisible ones removed, tabs in indentation by the file's indentation step.
 */
export function normalizeWhitespace(text: string): string {
  const unit = ' '.repeat(indentUnit(text));
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const fixed = body.split('\n').map((line) => {
    const leading = LEADING.exec(line)![0];
    const indentation = leading.replace(/\t/g, unit).replace(new RegExp(`[${SPACE_LIKE}]`, 'g'), ' ').replace(new RegExp(`[${INVISIBLE}]`, 'g'), '');
    const rest = line.slice(leading.length);
    const commentStart = findCommentStart(rest, 0);
    const code = rest.slice(0, commentStart).replace(new RegExp(`[${SPACE_LIKE}]`, 'g'), ' ').replace(new RegExp(`[${INVISIBLE}]`, 'g'), '');
    return indentation + code + rest.slice(commentStart);
  });
  return bom + fixed.join('\n');
}
