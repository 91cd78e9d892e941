import type { TextEdit } from 'vscode-languageserver-types';
import type { KubesmithSettings } from '../../../protocol/settings';
import { applyFix } from './codeActions';
import { Codes, FixData, KubesmithDiagnostic } from './diagnostics';
import { FileAnalysis, KubesmithService, documentAtLine, offsetAt } from './service';
import { lineStartsOf } from './yaml/documents';

/**
 * `kubesmith lint --fix`: every quick fix of a file that is marked safe (`FixData.safe`, set by
 * whoever records the fix), applied one at a time, each on the file as the previous ones left it,
 * until none is left. A fix is kept only if its problem is gone afterwards and the file parses no
 * worse; a fix that is not kept is not tried again. So the result is the same however often it is
 * run: a second run finds nothing to do. Every fix is the editor's quick fix (codeActions.ts
 * `applyFix`), so comments, other documents and JSON stay as they are.
 */

export interface AppliedFix {
  /** 1-based line and column of the problem in the original text (what `lint` reports for it). */
  line: number;
  column: number;
  code: string;
  /** The quick fix's title, as the editor offers it. */
  title: string;
}

export interface SafeFixRun {
  text: string;
  applied: AppliedFix[];
  /** False when the run stopped at the limit with fixes left (run it again). */
  complete: boolean;
}

/** At most this many fixes per file in one run. */
export const SAFE_FIX_LIMIT = 500;

interface Candidate {
  diagnostic: KubesmithDiagnostic;
  fix: FixData;
  key: string;
}

const keyOf = (diagnostic: KubesmithDiagnostic, fix: FixData) => `${diagnostic.code}|${diagnostic.message}|${JSON.stringify(fix)}`;

function safeCandidates(file: FileAnalysis): Candidate[] {
  return file.diagnostics.flatMap((diagnostic) => (diagnostic.data.fixes ?? [])
    .filter((fix) => fix.safe === true)
    .map((fix) => ({ diagnostic, fix, key: keyOf(diagnostic, fix) })));
}

function syntaxErrors(file: FileAnalysis): number {
  return file.diagnostics.filter((diagnostic) => diagnostic.code === Codes.yamlSyntax).length;
}

/**
 * A change between two versions of the text, by lines: the lines before `start` are the same,
 * `before` became `after`, the rest is the same; `map` gives for each line of `after` the line of
 * `before` it is (the longest common subsequence: a moved block shifts the lines between).
 */
interface LineChange {
  start: number;
  before: number;
  after: number;
  map: (number | undefined)[];
}

/** Above this many line pairs, a change's middle is not matched line by line. */
const MAX_MATCHED_PAIRS = 1_000_000;

function lineChange(before: string, after: string): LineChange {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const old = a.slice(start, endA);
  const now = b.slice(start, endB);
  const map = new Array<number | undefined>(now.length).fill(undefined);
  if (old.length * now.length <= MAX_MATCHED_PAIRS) {
    // lengths[i][j]: the longest common subsequence of old[i..] and now[j..].
    const lengths = Array.from({ length: old.length + 1 }, () => new Uint32Array(now.length + 1));
    for (let i = old.length - 1; i >= 0; i--) {
      for (let j = now.length - 1; j >= 0; j--) {
        lengths[i][j] = old[i] === now[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
      }
    }
    for (let i = 0, j = 0; i < old.length && j < now.length;) {
      if (old[i] === now[j]) map[j++] = i++;
      else if (lengths[i + 1][j] >= lengths[i][j + 1]) i++;
      else j++;
    }
  }
  return { start, before: old.length, after: now.length, map };
}

/** A position in the text after `changes` (in order), as a position in the text before them. */
function originalPosition(position: { line: number; character: number }, changes: readonly LineChange[]): { line: number; character: number } {
  let { line, character } = position;
  for (let k = changes.length - 1; k >= 0; k--) {
    const change = changes[k];
    if (line < change.start) continue;
    if (line >= change.start + change.after) {
      line += change.before - change.after;
      continue;
    }
    // Inside the change: the line it was; a line changed in place (as many lines before as after)
    // is the same line; else the line after the nearest one above that was kept, from its start.
    const j = line - change.start;
    const kept = change.map[j];
    if (kept !== undefined || change.before === change.after) {
      line = change.start + (kept ?? j);
      continue;
    }
    let above = j - 1;
    while (above >= 0 && change.map[above] === undefined) above--;
    line = change.start + Math.min(above >= 0 ? change.map[above]! + 1 : 0, Math.max(change.before - 1, 0));
    character = 0;
  }
  return { line, character };
}

/** The text with one edit applied (positions as in `text`). */
function applyTextEdit(text: string, edit: TextEdit): string {
  const whole = { startLine: 0, lineStarts: lineStartsOf(text), text };
  const start = offsetAt(whole, edit.range.start);
  const end = offsetAt(whole, edit.range.end);
  return `${text.slice(0, start)}${edit.newText}${text.slice(end)}`;
}

export function applySafeFixes(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings, limit = SAFE_FIX_LIMIT): SafeFixRun {
  const applied: AppliedFix[] = [];
  const changes: LineChange[] = [];
  const tried = new Set<string>();
  let current = text;
  let file = service.analyze(uri, current, settings);
  while (!file.skipped) {
    const next = safeCandidates(file).find((candidate) => !tried.has(candidate.key));
    if (!next) return { text: current, applied, complete: true };
    if (applied.length >= limit) return { text: current, applied, complete: false };
    tried.add(next.key);
    const document = file.documents[next.diagnostic.data.document] ?? documentAtLine(file.documents, next.diagnostic.range.start.line);
    if (!document) continue;
    let edit: TextEdit | undefined;
    let title = '';
    try {
      const result = applyFix(file, document, next.fix, service, settings)[0];
      edit = result?.edit;
      title = result?.title ?? '';
    } catch {
      continue; // The fix does not apply to the text as it is: leave the problem reported.
    }
    if (!edit) continue;
    const candidate = applyTextEdit(current, edit);
    const after = service.analyze(uri, candidate, settings);
    // Kept only when it settles its problem and breaks nothing.
    if (candidate === current || after.skipped || syntaxErrors(after) > syntaxErrors(file) || safeCandidates(after).some((other) => other.key === next.key)) continue;
    const at = originalPosition(next.diagnostic.range.start, changes);
    applied.push({ line: at.line + 1, column: at.character + 1, code: next.diagnostic.code, title });
    changes.push(lineChange(current, candidate));
    current = candidate;
    file = after;
  }
  return { text: current, applied, complete: true };
}
