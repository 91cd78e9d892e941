/**
 * A unified diff (`diff -u` / `git diff` format) of two texts, line by line: Myers' O(ND)
 * algorithm on what remains after the common prefix and suffix are set aside, three lines of
 * context, `\ No newline at end of file` markers. `git apply` and `patch -p1` accept it.
 */

type Kind = ' ' | '-' | '+';

/**
 * An edit script: each step's kind (a line kept, removed or added) and its line, in two parallel
 * lists (a file of 200,000 changed lines makes that many steps: no object per step).
 */
interface Script {
  kinds: Kind[];
  lines: string[];
}

/** Lines with their terminators (the last one may have none). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', start)) {
    lines.push(text.slice(start, at + 1));
    start = at + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Above this many differences, the changed middle is shown as one removal and one addition. */
const MAX_EDIT_DISTANCE = 1000;

function myers(a: readonly string[], b: readonly string[]): Script | undefined {
  const n = a.length;
  const m = b.length;
  // (At least |n - m| lines differ: beyond the bound, no search is needed to know it fails.)
  if (Math.abs(n - m) > MAX_EDIT_DISTANCE) return undefined;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, offset);
    }
  }
  return undefined;
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[], offset: number): Script {
  // (Built from the end, then reversed.)
  const kinds: Kind[] = [];
  const lines: string[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d > 0; d--) {
    const v = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      kinds.push(' ');
      lines.push(a[--x]);
      y--;
    }
    if (x === prevX) {
      kinds.push('+');
      lines.push(b[--y]);
    } else {
      kinds.push('-');
      lines.push(a[--x]);
    }
  }
  while (x > 0 && y > 0) {
    kinds.push(' ');
    lines.push(a[--x]);
    y--;
  }
  return { kinds: kinds.reverse(), lines: lines.reverse() };
}

/** The edit script from `a` to `b`; within each run of changes, removals come before additions. */
export function diffLines(a: readonly string[], b: readonly string[]): Script {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const script: Script = { kinds: [], lines: [] };
  const step = (kind: Kind, line: string) => {
    script.kinds.push(kind);
    script.lines.push(line);
  };
  for (let i = 0; i < prefix; i++) step(' ', a[i]);
  const middle = myers(midA, midB);
  if (middle) {
    // Removals first in each run of changes, as diff and git print them.
    const { kinds, lines } = middle;
    for (let i = 0; i < kinds.length;) {
      if (kinds[i] === ' ') {
        step(' ', lines[i++]);
        continue;
      }
      let end = i;
      while (end < kinds.length && kinds[end] !== ' ') end++;
      for (let j = i; j < end; j++) if (kinds[j] === '-') step('-', lines[j]);
      for (let j = i; j < end; j++) if (kinds[j] === '+') step('+', lines[j]);
      i = end;
    }
  } else {
    for (const line of midA) step('-', line);
    for (const line of midB) step('+', line);
  }
  for (let i = a.length - suffix; i < a.length; i++) step(' ', a[i]);
  return script;
}

function range(start: number, count: number): string {
  // An empty range names the line before it (diff's convention).
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/** The unified diff of `before` → `after` (empty when they are equal). */
export function unifiedDiff(before: string, after: string, oldName: string, newName: string, context = 3): string {
  if (before === after) return '';
  const { kinds, lines } = diffLines(splitLines(before), splitLines(after));
  const changes: number[] = [];
  for (let i = 0; i < kinds.length; i++) if (kinds[i] !== ' ') changes.push(i);
  // (Pieces joined once at the end: no string made per line.)
  const out: string[] = [`--- ${oldName}\n`, `+++ ${newName}\n`];
  // Old and new line numbers at step `at`, counted on from the last hunk's start.
  let at = 0;
  let oldLine = 0;
  let newLine = 0;
  let c = 0;
  while (c < changes.length) {
    let last = c;
    while (last + 1 < changes.length && changes[last + 1] - changes[last] - 1 <= 2 * context) last++;
    const start = Math.max(0, changes[c] - context);
    const end = Math.min(kinds.length, changes[last] + context + 1);
    for (; at < start; at++) {
      if (kinds[at] !== '+') oldLine++;
      if (kinds[at] !== '-') newLine++;
    }
    let oldCount = 0;
    let newCount = 0;
    for (let i = start; i < end; i++) {
      if (kinds[i] !== '+') oldCount++;
      if (kinds[i] !== '-') newCount++;
    }
    out.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@\n`);
    for (let i = start; i < end; i++) {
      out.push(kinds[i], lines[i]);
      if (!lines[i].endsWith('\n')) out.push('\n\\ No newline at end of file\n');
    }
    c = last + 1;
  }
  return out.join('');
}
