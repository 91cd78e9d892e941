import type { HardenSettings } from '../../../protocol/settings';
import { AnalysisOptions, analyzeDocument } from './analysis';
import { FixData } from './diagnostics';
import { DocumentEditor } from './edits/documentEditor';
import { ruleById } from './rules/registry';
import { Severity } from './rules/types';
import { SchemaStore } from './schema/store';
import { parseManifest } from './yaml/documents';

/**
 * Applying rule fixes to a document until none is left: "Fix all" and Harden Manifest. After each
 * fix the document is parsed and checked again, so every fix sees the result of the previous
 * ones; a fix that does not make its finding go away is not tried twice.
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
  let current = text;
  for (let step = 0; step < limit; step++) {
    const doc = parseManifest(current);
    if (doc.errors.length > 0) break;
    const analysis = analyzeDocument(doc, current, store, { ...options, rules });
    let next: { fix: RuleFix; key: string } | undefined;
    for (const problem of analysis.problems) {
      const fix = problem.fixes?.find((candidate): candidate is RuleFix => candidate.fix === 'rule');
      if (!fix) continue;
      const key = `${fix.rule}:${JSON.stringify(fix.path)}:${JSON.stringify(fix.args)}`;
      if (attempted.has(key)) continue;
      next = { fix, key };
      break;
    }
    if (!next) break;
    attempted.add(next.key);
    const rule = ruleById(next.fix.rule);
    if (!rule?.fix) continue;
    const editor = new DocumentEditor(current);
    try {
      rule.fix(editor, next.fix.args ?? {}, { harden, resourcePath: next.fix.resource });
    } catch {
      continue; // This finding cannot be fixed here; leave it reported.
    }
    if (editor.text !== current && parseManifest(editor.text).errors.length === 0) {
      current = editor.text;
      applied.set(next.fix.rule, (applied.get(next.fix.rule) ?? 0) + 1);
    }
  }
  return { text: current, applied };
}
