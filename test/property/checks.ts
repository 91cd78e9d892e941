import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { Lexer } from 'yaml';
import { KubesmithSettings } from '../../protocol/settings';
import { getCodeActions } from '../../server/src/core/codeActions';
import { hardenFile } from '../../server/src/core/harden';
import { withLfLineEnds } from '../../server/src/core/lineEnds';
import { FileAnalysis, KubesmithService } from '../../server/src/core/service';
import { workMeter } from '../../server/src/core/work';
import { parseManifest, splitDocuments } from '../../server/src/core/yaml/documents';
import { assertNoInternalError } from '../helpers';

/**
 * The properties every input must keep, shared by the property tests (test/unit/property.test.ts,
 * test/protocol/property.test.ts) and `npm run fuzz`.
 */

/** Work allowed on a text: linear in its length, plus the fixed alias budgets of the walkers. */
export function workBound(length: number): number {
  return 200 * length + 1_000_000;
}

/** The length of each line as LSP counts lines (`\n`, `\r\n` and `\r` end one). */
export function lineLengths(text: string): number[] {
  const lengths: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lengths.push(i - start);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lengths.push(text.length - start);
  return lengths;
}

/** Every range is ordered and inside its lines. */
export function assertRangesInLines(text: string, diagnostics: readonly Diagnostic[], label = ''): void {
  const lengths = lineLengths(text);
  for (const d of diagnostics) {
    const { start, end } = d.range;
    const where = `${label} ${d.code} ${JSON.stringify(d.range)} (${lengths.length} lines)`;
    assert.ok(start.line >= 0 && end.line < lengths.length && (start.line < end.line || (start.line === end.line && start.character <= end.character)), where);
    assert.ok(start.character >= 0 && start.character <= lengths[start.line], `${where}: start past the line's end (${lengths[start.line]})`);
    assert.ok(end.character <= lengths[end.line], `${where}: end past the line's end (${lengths[end.line]})`);
  }
}

/** Analyzes a text and checks what every analysis must keep; returns it with the work it took. */
export function checkedAnalysis(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings): { file: FileAnalysis; steps: number } {
  const before = workMeter.steps;
  const file = service.analyze(uri, text, settings);
  const steps = workMeter.steps - before;
  assertNoInternalError(file);
  assertRangesInLines(text, file.diagnostics, uri);
  // Merge keys are resolved, never reported as a field (#14: `<<: *defaults` was an unknown field `Symbol(<<)`;
  // a quoted "<<" is an ordinary key, for Kubernetes too).
  const mergeAsField = file.diagnostics.find((d) => /Symbol\(/.test(d.message));
  assert.equal(mergeAsField, undefined, `a merge key reported as a field: ${mergeAsField?.message}`);
  assert.ok(steps <= workBound(text.length), `${steps} steps for ${text.length} characters`);
  return { file, steps };
}

/** The comments of a text (the lexer's comment tokens: not `#` inside strings or block scalars). */
export function comments(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const token of new Lexer().lex(withLfLineEnds(text))) {
    if (token.startsWith('#')) found.set(token.trimEnd(), (found.get(token.trimEnd()) ?? 0) + 1);
  }
  return found;
}

function assertCommentsKept(before: string, after: string, label: string): void {
  const kept = comments(after);
  for (const [comment, count] of comments(before)) {
    assert.ok((kept.get(comment) ?? 0) >= count, `${label}: the comment ${JSON.stringify(comment)} was removed`);
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The documents of a text, as the service splits it (a lone \r read as \n: the same offsets). */
function documentTexts(text: string): string[] {
  return splitDocuments(withLfLineEnds(text)).map((chunk) => text.slice(chunk.startOffset, chunk.startOffset + chunk.text.length));
}

export function applyEdits(uri: string, text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), [...edits]);
}

/**
 * An edit of a file (a quick fix, a fix-all, Harden) keeps the file's comments, changes no
 * document outside `documents`, leaves each changed document parsing if it parsed, and JSON if it
 * was JSON. Returns the new text.
 */
export function assertSafeEdit(uri: string, text: string, edits: readonly TextEdit[], documents: ReadonlySet<number> | 'any', label: string): string {
  const after = applyEdits(uri, text, edits);
  assertCommentsKept(text, after, label);
  const before = documentTexts(text);
  const now = documentTexts(after);
  assert.equal(now.length, before.length, `${label}: the number of documents changed\n--- before\n${text}\n--- after\n${after}`);
  for (let i = 0; i < before.length; i++) {
    if (before[i] === now[i]) continue;
    assert.ok(documents === 'any' || documents.has(i), `${label}: document ${i} changed, which the edit is not about\n--- before\n${before[i]}\n--- after\n${now[i]}`);
    const parsedBefore = parseManifest(withLfLineEnds(before[i]));
    if (parsedBefore.errors.length === 0) {
      const errors = parseManifest(withLfLineEnds(now[i])).errors.map((error) => error.message);
      assert.deepEqual(errors, [], `${label}: document ${i} no longer parses\n--- before\n${before[i]}\n--- after\n${now[i]}`);
    }
    const body = (doc: string) => doc.replace(/^\ufeff/, '').replace(/^---[^\n]*\n/, '');
    if (isJson(body(before[i]))) assert.ok(isJson(body(now[i])), `${label}: document ${i} is no longer JSON\n--- before\n${before[i]}\n--- after\n${now[i]}`);
  }
  return after;
}

const isSuppression = (action: CodeAction) => action.title.startsWith('Disable `');
const isFixAll = (action: CodeAction) => action.title.startsWith('Fix all `');

/**
 * Every code action on every diagnostic of a file: safe (assertSafeEdit), and the preferred fix
 * and each suppression make the diagnostic they target go away. Returns how many were applied.
 */
export function checkCodeActions(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings): number {
  const file = service.analyze(uri, text, settings);
  if (file.skipped) return 0;
  let applied = 0;
  for (const diagnostic of file.diagnostics) {
    const actions = getCodeActions(service, uri, text, settings, [diagnostic]);
    const document = diagnostic.data.document;
    // The finding itself (its code and message), not others a fix may bring to light (a renamed key's contents are checked at last).
    const sameCode = (analysis: FileAnalysis) => analysis.diagnostics.filter((d) => d.code === diagnostic.code && d.message === diagnostic.message && d.data.document === document).length;
    const count = sameCode(file);
    actions.forEach((action, index) => {
      const edits = action.edit?.changes?.[uri] ?? [];
      if (edits.length === 0) return;
      applied++;
      const label = `${uri}: "${action.title}" for ${diagnostic.code} at ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`;
      // Fix-all and the whitespace fix work on the whole file by design.
      const documents = isFixAll(action) || diagnostic.code === 'odd-whitespace' ? 'any' : new Set([document]);
      const after = assertSafeEdit(uri, text, edits, documents, label);
      const targeted = isSuppression(action) || (index === 0 && action.isPreferred);
      if (targeted && diagnostic.code !== 'odd-whitespace') {
        const now = service.analyze(uri, after, settings);
        assertNoInternalError(now);
        assert.ok(sameCode(now) < count, `${label}: the ${diagnostic.code} finding is still there\n--- after\n${after}`);
      }
    });
  }
  return applied;
}

/** Harden Manifest keeps what every edit keeps, and running it again changes nothing. */
export function checkHarden(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings): boolean {
  const first = hardenFile(service, uri, text, settings);
  if (first.edits.length === 0) return false;
  const after = assertSafeEdit(uri, text, first.edits, 'any', `${uri}: Harden Manifest`);
  assert.equal(after, first.text, `${uri}: Harden's edits and its text disagree`);
  const second = hardenFile(service, uri, after, settings);
  assert.deepEqual(second.edits, [], `${uri}: Harden Manifest changed the hardened file again\n--- hardened\n${after}`);
  return true;
}
