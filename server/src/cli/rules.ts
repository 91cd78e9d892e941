import { RULES } from '../core/rules/registry';
import { WORKSPACE_CHECKS } from '../core/workspace/checks';
import { OptionSpec, flag, formatOptions, parseArgs, stringOption } from './args';
import { EXIT_OK } from './errors';
import { colors, useColor, writeOut } from './output';
import { WORKSPACE_DOC } from './version';
import * as l10n from '@vscode/l10n';
import { phrase } from '../core/l10n';

/** `kubesmith rules`: every best-practice rule with its metadata and documentation. */

export const RULES_OPTIONS: OptionSpec[] = [
  { name: 'format', type: 'string', values: ['text', 'json'], description: phrase('Output format'), defaultText: 'text' },
  { name: 'no-color', type: 'boolean', description: phrase('No colours') },
  { name: 'help', short: 'h', type: 'boolean', description: phrase('Show this help') },
];

export function rulesHelp(): string {
  return l10n.t('Usage: kubesmith rules [--format text|json]\n\nLists every best-practice rule: id, default severity, category, the smallest profile that turns\nit on (baseline < restricted < all), the Pod Security Standards level it enforces, why it matters\nand how to fix it. Set a rule\'s level in .kubesmith.yaml (rules: { <id>: off|hint|info|warning|error }).\n\nOptions:\n{0}\n', formatOptions(RULES_OPTIONS));
}

export interface RuleInfo {
  id: string;
  title: string;
  severity: string;
  category: string;
  profile: string;
  pss: string | null;
  rationale: string;
  howToFix: string;
  quickFix: boolean;
  harden: boolean;
  kubeLinter: string[];
  polaris: string[];
  kubeScore: string[];
}

export function ruleInfos(): RuleInfo[] {
  return RULES.map((rule) => ({
    id: rule.meta.id,
    title: l10n.t(rule.meta.title),
    severity: rule.meta.defaultSeverity,
    category: rule.meta.category,
    profile: rule.meta.profile,
    pss: rule.meta.pss ?? null,
    rationale: l10n.t(rule.meta.rationale),
    howToFix: l10n.t(rule.meta.howToFix),
    quickFix: rule.fix !== undefined,
    harden: rule.meta.harden === true && rule.fix !== undefined,
    kubeLinter: rule.meta.kubeLinter ?? [],
    polaris: rule.meta.polaris ?? [],
    kubeScore: rule.meta.kubeScore ?? [],
  }));
}

export function rulesCommand(argv: readonly string[]): number {
  const args = parseArgs(argv, RULES_OPTIONS, 'rules');
  if (flag(args, 'help')) {
    writeOut(rulesHelp());
    return EXIT_OK;
  }
  const infos = ruleInfos();
  if (stringOption(args, 'format') === 'json') {
    writeOut(`${JSON.stringify(infos, null, 2)}\n`);
    return EXIT_OK;
  }
  const c = colors(useColor(process.stdout, flag(args, 'no-color')));
  const blocks = infos.map((rule) => {
    const facts = [l10n.t('severity {0}', rule.severity), l10n.t('category {0}', rule.category), l10n.t('profile {0}', rule.profile), `PSS ${rule.pss ?? '-'}`];
    if (rule.quickFix) facts.push(rule.harden ? l10n.t('quick fix, harden') : l10n.t('quick fix'));
    return [
      `${c.bold(rule.id)}  ${rule.title}`,
      `  ${c.dim(facts.join(' · '))}`,
      `  ${l10n.t('Why: {0}', rule.rationale)}`,
      `  ${l10n.t('Fix: {0}', rule.howToFix)}`,
    ].join('\n');
  });
  writeOut(l10n.t('{0}\n\n{1} rules. Schema checks (unknown-field, wrong-type, missing-required...) are always on.\n', blocks.join('\n\n'), infos.length)
    + l10n.t('Checks between resources ({0}): {1}\n', WORKSPACE_CHECKS.map((check) => check.meta.id).join(', '), WORKSPACE_DOC));
  return EXIT_OK;
}
