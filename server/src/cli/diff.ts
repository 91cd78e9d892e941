import * as l10n from '@vscode/l10n';
/**
 * A unified diff (`diff -u` / `git diff` format) of two texts, line by line: Myers' O(ND)
 * algorithm on what remains after the common prefix and suffix are set aside, three lines of
 * context, `\ No newline at end of file` markers. `git apply` and `patch -p1` accept it.
 */

type Op = { type: ' ' | '-' | '+'; line: string };

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

function myers(a: readonly string[], b: readonly string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
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

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[], offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d > 0; d--) {
    const v = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ type: ' ', line: a[--x] });
      y--;
    }
    if (x === prevX) ops.push({ type: '+', line: b[--y] });
    else ops.push({ type: '-', line: a[--x] });
  }
  while (x > 0 && y > 0) {
    ops.push({ type: ' ', line: a[--x] });
    y--;
  }
  return ops.reverse();
}

/** The edit script from `a` to `b`; within each run of changes, removals come before additions. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const middle = myers(midA, midB) ?? [...midA.map((line): Op => ({ type: '-', line })), ...midB.map((line): Op => ({ type: '+', line }))];
  const ops: Op[] = [...a.slice(0, prefix).map((line): Op => ({ type: ' ', line })), ...middle, ...a.slice(a.length - suffix).map((line): Op => ({ type: ' ', line }))];
  // Removals first in each run of changes, as diff and git print them.
  for (let i = 0; i < ops.length;) {
    if (ops[i].type === ' ') {
      i++;
      continue;
    }
    let end = i;
    while (end < ops.length && ops[end].type !== ' ') end++;
    const run = ops.slice(i, end);
    const sorted = [...run.filter((op) => op.type === '-'), ...run.filter((op) => op.type === '+')];
    ops.splice(i, run.length, ...sorted);
    i = end;
  }
  return ops;
}

function range(start: number, count: number): string {
  // An empty range names the line before it (diff's convention).
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

function printLine(prefix: string, line: string): string {
  return line.endsWith('\n') ? `${prefix}${line}` : l10n.t('{0}{1}\n\\ No newline at end of file\n', prefix, line);
}

/** The unified diff of `before` → `after` (empty when they are equal). */
export function unifiedDiff(before: string, after: string, oldName: string, newName: string, context = 3): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  const changes: number[] = [];
  ops.forEach((op, i) => {
    if (op.type !== ' ') changes.push(i);
  });
  const out: string[] = [`--- ${oldName}\n`, `+++ ${newName}\n`];
  // Old and new line numbers at each op.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const op of ops) {
    oldAt.push(oldLine);
    newAt.push(newLine);
    if (op.type !== '+') oldLine++;
    if (op.type !== '-') newLine++;
  }
  let c = 0;
  while (c < changes.length) {
    let last = c;
    while (last + 1 < changes.length && changes[last + 1] - changes[last] - 1 <= 2 * context) last++;
    const start = Math.max(0, changes[c] - context);
    const end = Math.min(ops.length, changes[last] + context + 1);
    let oldCount = 0;
    let newCount = 0;
    const body: string[] = [];
    for (let i = start; i < end; i++) {
      const op = ops[i];
      if (op.type !== '+') oldCount++;
      if (op.type !== '-') newCount++;
      body.push(printLine(op.type, op.line));
    }
    out.push(`@@ -${range(oldAt[start], oldCount)} +${range(newAt[start], newCount)} @@\n`, ...body);
    c = last + 1;
  }
  return out.join('');
}
