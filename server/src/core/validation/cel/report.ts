import { Schema } from '../../schema/types';
import { PathSegment, formatPath } from '../../yaml/nodes';
import type { Compiled, SkipReason } from './engine';
import { rulesOf } from './values';
import { phrase } from '../../l10n';

/**
 * Which CEL rules of a CRD are evaluated and which are skipped, and why: logged when a kind's
 * rules are first compiled (the language server's output channel listens), and printed in full by
 * `kubesmith schema --cel-report`.
 */

export interface RuleResult {
  /** Where the rule is declared, e.g. `spec.listeners[*]`. */
  path: string;
  rule: string;
  skipped?: { reason: SkipReason; detail: string };
}

export interface KindRuleReport {
  group: string;
  kind: string;
  version: string;
  /** For a CRD found in the workspace: the file that defines it. */
  sourceUri?: string;
  rules: RuleResult[];
}

/** Every rule of a kind's schema (each place it is declared counts), compiled. */
export function kindRuleReport(compile: (rule: string) => Compiled, kind: Omit<KindRuleReport, 'rules'>, schema: Schema): KindRuleReport {
  const rules: RuleResult[] = [];
  const visit = (node: Schema, path: PathSegment[], depth: number) => {
    if (depth > 64) return;
    for (const rule of rulesOf(node)) {
      const compiled = compile(rule.rule);
      rules.push({ path: formatPath(path) || '(root)', rule: rule.rule, ...(compiled.ok ? {} : { skipped: { reason: compiled.reason, detail: compiled.detail } }) });
    }
    for (const [name, property] of Object.entries(node.properties ?? {})) visit(property, [...path, name], depth + 1);
    if (node.items) visit(node.items, [...path, '*'], depth + 1);
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties, [...path, '*'], depth + 1);
  };
  visit(schema, [], 0);
  return { ...kind, rules };
}

/** What each kind of skipped rule is called in the reports. */
export const SKIP_LABELS: Record<SkipReason, string> = {
  transition: phrase('transition rules (they use oldSelf, the object before an update)'),
  unsupported: phrase('calling a function Kubesmith does not provide'),
  undeclared: phrase('using a name a CRD rule does not have'),
  syntax: phrase('not valid CEL'),
  'too-complex': phrase('too long or too deeply nested'),
};

/** Skipped rules by reason, in a fixed order. */
export function skippedByReason(rules: readonly RuleResult[]): [SkipReason, number][] {
  const counts = new Map<SkipReason, number>();
  for (const rule of rules) if (rule.skipped) counts.set(rule.skipped.reason, (counts.get(rule.skipped.reason) ?? 0) + 1);
  return (Object.keys(SKIP_LABELS) as SkipReason[]).filter((reason) => counts.has(reason)).map((reason) => [reason, counts.get(reason)!]);
}

/** One line for the log: `CEL rules of gateway.networking.k8s.io GatewayClass v1: 4 compiled, 1 skipped (transition rules (...): 1).` */
function summaryLine(report: KindRuleReport): string {
  const skipped = skippedByReason(report.rules);
  const total = skipped.reduce((sum, [, count]) => sum + count, 0);
  const why = skipped.map(([reason, count]) => `${SKIP_LABELS[reason]}: ${count}`).join('; ');
  // (A line of the server's log, which stays English: docs/architecture.md, "Translations".)
  const source = report.sourceUri ? ` (workspace CRD in ${report.sourceUri})` : '';
  return `CEL rules of ${report.group} ${report.kind} ${report.version}${source}: ${report.rules.length - total} compiled, ${total} skipped${why ? ` (${why})` : ''}.`;
}

const listeners = new Set<(line: string) => void>();

/** Subscribes to the log lines of rule compilation; returns the unsubscribe function. */
export function onCelLog(listener: (line: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Kind schemas whose rules were compiled and reported already. */
const reported = new WeakSet<Schema>();

/**
 * For the log (the language server's output channel): compiles all the rules of a kind the first
 * time one of its resources is checked, and logs the counts. With no one listening (the CLI, whose
 * report is `--cel-report`), nothing is done: rules are then compiled only as resources need them.
 */
export function compileKindRules(compile: (rule: string) => Compiled, kind: Omit<KindRuleReport, 'rules'>, schema: Schema): void {
  if (listeners.size === 0 || reported.has(schema)) return;
  reported.add(schema);
  const report = kindRuleReport(compile, kind, schema);
  const line = summaryLine(report);
  for (const listener of listeners) listener(line);
}
