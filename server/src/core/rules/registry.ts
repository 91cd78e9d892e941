import { batchRules } from './batch';
import { imageRules } from './images';
import { istioRules } from './istio';
import { networkRules } from './network';
import { rbacRules } from './rbac';
import { reliabilityRules } from './reliability';
import { resourceRules } from './resources';
import { securityRules } from './security';
import { Rule } from './types';

/** Every best-practice rule, in documentation order: one folder per category, in this order. */
export const RULES: readonly Rule[] = [
  ...securityRules, ...imageRules, ...reliabilityRules, ...resourceRules, ...batchRules, ...networkRules, ...rbacRules, ...istioRules,
];

const byId = new Map(RULES.map((rule) => [rule.meta.id, rule]));
if (byId.size !== RULES.length) throw new Error('duplicate rule id in the registry');

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

/** The rules whose fix Harden Manifest applies (`harden` in their metadata, and a fix). */
export const HARDEN_RULE_IDS: readonly string[] = RULES.filter((rule) => rule.meta.harden && rule.fix).map((rule) => rule.meta.id);
