import { SchemaStore } from '../core/schema/store';
import { celEngine } from '../core/validation/cel';
import { KindRuleReport, SKIP_LABELS, kindRuleReport, skippedByReason } from '../core/validation/cel/report';
import { Colors } from './output';
import * as l10n from '@vscode/l10n';

/**
 * `kubesmith schema --cel-report [KIND]`: the CEL rules (`x-kubernetes-validations`) of the
 * bundled CRDs that Kubesmith evaluates, per group, and those it skips, with why.
 */

/** The compile report of every bundled kind and version (of one kind, when `kind` is given). */
export function bundledRuleReports(store: SchemaStore, kind?: string): KindRuleReport[] {
  const compile = celEngine().compileRule;
  const reports: KindRuleReport[] = [];
  for (const group of Object.keys(store.index.crds).sort()) {
    const bundle = store.crdGroup(group);
    for (const [kindName, versions] of Object.entries(bundle?.kinds ?? {})) {
      if (kind !== undefined && kindName.toLowerCase() !== kind.toLowerCase()) continue;
      for (const [version, schema] of Object.entries(versions)) reports.push(kindRuleReport(compile, { group, kind: kindName, version }, schema));
    }
  }
  return reports;
}

export function formatCelReport(reports: KindRuleReport[], c: Colors): string {
  const groups = new Map<string, { rules: number; compiled: number }>();
  for (const report of reports) {
    const entry = groups.get(report.group) ?? { rules: 0, compiled: 0 };
    entry.rules += report.rules.length;
    entry.compiled += report.rules.filter((rule) => !rule.skipped).length;
    groups.set(report.group, entry);
  }
  const rows = [...groups].filter(([, entry]) => entry.rules > 0).map(([group, entry]) => [group, entry.rules, entry.compiled, entry.rules - entry.compiled] as const);
  const total = rows.reduce((sum, [, rules, compiled]) => ({ rules: sum.rules + rules, compiled: sum.compiled + compiled }), { rules: 0, compiled: 0 });
  const width = Math.max(5, ...rows.map(([group]) => group.length));
  const line = (name: string, rules: number | string, compiled: number | string, skipped: number | string) =>
    `  ${name.padEnd(width)}  ${String(rules).padStart(5)}  ${String(compiled).padStart(8)}  ${String(skipped).padStart(7)}`;

  const out: string[] = [];
  out.push(c.bold(l10n.t('CEL rules (x-kubernetes-validations) of the bundled CRDs')));
  out.push(l10n.t('Each place a rule is declared counts once. Compiled rules are evaluated on every resource of their kind;'));
  out.push(l10n.t('skipped rules are never reported as errors.'));
  out.push('');
  out.push(c.bold(line('GROUP', 'RULES', 'COMPILED', 'SKIPPED')));
  for (const [group, rules, compiled, skipped] of rows) out.push(line(group, rules, compiled, skipped));
  out.push(line('total', total.rules, total.compiled, total.rules - total.compiled));

  const skipped = reports.flatMap((report) => report.rules.filter((rule) => rule.skipped).map((rule) => ({ report, rule })));
  if (skipped.length > 0) {
    out.push('');
    out.push(c.bold('Skipped:'));
    for (const [reason, count] of skippedByReason(skipped.map(({ rule }) => rule))) out.push(`  ${l10n.t(SKIP_LABELS[reason])}: ${count}`);
    out.push('');
    for (const { report, rule } of skipped) {
      out.push(`  ${report.group} ${report.kind} ${report.version}, ${rule.path}: ${rule.skipped!.detail}`);
      out.push(c.dim(`    ${rule.rule.replace(/\s+/g, ' ')}`));
    }
  }
  return `${out.join('\n')}\n`;
}
