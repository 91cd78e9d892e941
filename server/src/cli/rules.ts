import { RULES } from '../core/rules/registry';
import { WORKSPACE_CHECKS } from '../core/workspace/checks';
import { OptionSpec, flag, formatOptions, parseArgs, stringOption } from './args';
import { EXIT_OK } from './errors';
import { colors, useColor, writeOut } from './output';
import { WORKSPACE_DOC } from './version';

/** `kubesmith rules`: every best-practice rule with its metadata and documentation. */

export const RULES_OPTIONS: OptionSpec[] = [
  { name: 'format', type: 'string', values: ['text', 'json'], description: 'Output format', defaultText: 'text' },
  { name: 'no-color', type: 'boolean', description: 'No colours' },
  { name: 'help', short: 'h', type: 'boolean', description: 'Show this help' },
];

export const RULES_HELP = `Usage: kubesmith rules [--format text|json]

Lists every best-practice rule: id, default severity, category, the smallest profile that turns
it on (baseline < restricted < all), the Pod Security Standards level it enforces, why it matters
and how to fix it. Set a rule's level in .kubesmith.yaml (rules: { <id>: off|hint|info|warning|error }).

Options:
${formatOptions(RULES_OPTIONS)}
`;

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
    title: rule.meta.title,
    severity: rule.meta.defaultSeverity,
    category: rule.meta.category,
    profile: rule.meta.profile,
    pss: rule.meta.pss ?? null,
    rationale: rule.meta.rationale,
    howToFix: rule.meta.howToFix,
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
    writeOut(RULES_HELP);
    return EXIT_OK;
  }
  const infos = ruleInfos();
  if (stringOption(args, 'format') === 'json') {
    writeOut(`${JSON.stringify(infos, null, 2)}\n`);
    return EXIT_OK;
  }
  const c = colors(useColor(process.stdout, flag(args, 'no-color')));
  const blocks = infos.map((rule) => {
    const facts = [`severity ${rule.severity}`, `category ${rule.category}`, `profile ${rule.profile}`, `PSS ${rule.pss ?? '-'}`];
    if (rule.quickFix) facts.push(rule.harden ? 'quick fix, harden' : 'quick fix');
    return [
      `${c.bold(rule.id)}  ${rule.title}`,
      `  ${c.dim(facts.join(' · '))}`,
      `  Why: ${rule.rationale}`,
      `  Fix: ${rule.howToFix}`,
    ].join('\n');
  });
  writeOut(`${blocks.join('\n\n')}\n\n${infos.length} rules. Schema checks (unknown-field, wrong-type, missing-required...) are always on.\n`
    + `Checks between resources (${WORKSPACE_CHECKS.map((check) => check.meta.id).join(', ')}): ${WORKSPACE_DOC}\n`);
  return EXIT_OK;
}
