import { istioRules } from './istio';
import { networkRules } from './network';
import { reliabilityRules } from './reliability';
import { securityRules } from './security';
import { Rule } from './types';

/** Every best-practice rule, in documentation order. */
export const RULES: readonly Rule[] = [...securityRules, ...reliabilityRules, ...networkRules, ...istioRules];

const byId = new Map(RULES.map((rule) => [rule.meta.id, rule]));
if (byId.size !== RULES.length) throw new Error('duplicate rule id in the registry');

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
