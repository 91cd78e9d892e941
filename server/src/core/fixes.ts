import type { HardenSettings } from '../../../protocol/settings';
import { AnalysisOptions, analyzeDocument } from './analysis';
import { FixData } from './diagnostics';
import { DocumentEditor, isJsonDocument } from './edits/documentEditor';
import { ruleById } from './rules/registry';
import { Severity } from './rules/types';
import { SchemaStore } from './schema/store';
import type { PathSegment } from './yaml/nodes';

/**
 * Applying rule fixes to a document until none is left: "Fix all" and Harden Manifest. In rounds:
 * the document is checked (rules only), every new fixable finding is fixed, each on the text the
 * previous one left (the editor parses after every change), later places first; then it is checked
 * again for what the fixes brought up. A finding is not tried twice, and a fix that would break
 * the document (or turn JSON into something else) is not applied. The work is linear in the size
 * of the document: a few checks, and one parse per change.
 */

export interface FixRun {
  text: string;
  /** rule id → number of fixes applied. */
  applied: Map<string, number>;
}

type RuleFix = Extract<FixData, { fix: 'rule' }>;

export function applyRuleFixes(
  text: string, store: SchemaStore, options: AnalysisOptions, ruleIds: readonly string[], harden: HardenSettings, limit = 500,
): FixRun {
  const rules = new Map<string, Severity>(ruleIds.map((id) => [id, 'warning']));
  const applied = new Map<string, number>();
  const attempted = new Set<string>();
  // One editor for the whole run: each fix works on the text (and parse) the previous one left.
  const editor = new DocumentEditor(text);
  const json = isJsonDocument(text);
  let steps = 0;
  // Rounds: check, then apply every new fixable finding; until a check finds nothing new.
  while (steps < limit) {
    const doc = editor.document;
    if (doc.errors.length > 0) break;
    const analysis = analyzeDocument(doc, editor.text, store, { ...options, rules, rulesOnly: true, hardenCheck: false });
    const round: { fix: RuleFix; key: string }[] = [];
    for (const problem of analysis.problems) {
      const fix = problem.fixes?.find((candidate): candidate is RuleFix => candidate.fix === 'rule');
      if (!fix) continue;
      const key = `${fix.rule}:${JSON.stringify(fix.path)}:${JSON.stringify(fix.args)}`;
      if (attempted.has(key)) continue;
      attempted.add(key);
      round.push({ fix, key });
      // (The summary lists rules in the order their findings come, not the order they were fixed in.)
      if (!applied.has(fix.rule)) applied.set(fix.rule, 0);
    }
    if (round.length === 0) break;
    // Later places first: a fix that removes a list item then never shifts one still to be fixed.
    round.sort((a, b) => comparePaths(b.fix.path, a.fix.path));
    for (const { fix } of round) {
      if (steps++ >= limit) break;
      const rule = ruleById(fix.rule);
      if (!rule?.fix) continue;
      const before = editor.save();
      try {
        rule.fix(editor, fix.args ?? {}, { harden, resourcePath: fix.resource });
      } catch {
        editor.restore(before);
        continue; // This finding cannot be fixed here; leave it reported.
      }
      if (editor.text === before.text) continue;
      // A fix that breaks the document (or its JSON) is not applied.
      if (editor.document.errors.length > 0 || (json && !isJsonDocument(editor.text))) {
        editor.restore(before);
        continue;
      }
      applied.set(fix.rule, (applied.get(fix.rule) ?? 0) + 1);
    }
  }
  for (const [rule, count] of applied) if (count === 0) applied.delete(rule);
  return { text: editor.text, applied };
}

/** Document order of two paths (a list index before a key at the same place). */
function comparePaths(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (a[i] as number) - (b[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}
