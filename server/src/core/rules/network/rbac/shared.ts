import { PathSegment } from '../../../yaml/nodes';
import { RuleContext } from '../../types';
import { at, isKind, listAt, names } from '../shared';

/** The RBAC rules of a Role or ClusterRole, with their path. */

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface PolicyRule {
  path: PathSegment[];
  apiGroups: unknown[];
  resources: unknown[];
  verbs: unknown[];
  resourceNames: unknown[];
}

export function policyRules(ctx: RuleContext): PolicyRule[] {
  if (!isKind(ctx, RBAC_GROUP, 'Role', 'ClusterRole')) return [];
  const rules: PolicyRule[] = [];
  listAt(ctx, at(ctx, 'rules')).forEach((rule, index) => {
    if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return;
    const path = at(ctx, 'rules', index);
    rules.push({
      path,
      apiGroups: listAt(ctx, [...path, 'apiGroups']),
      resources: listAt(ctx, [...path, 'resources']),
      verbs: listAt(ctx, [...path, 'verbs']),
      resourceNames: listAt(ctx, [...path, 'resourceNames']),
    });
  });
  return rules;
}

/** Whether the rule applies to the core API group (`""`), where pods and secrets live. */
export function coversCoreGroup(rule: PolicyRule): boolean {
  return rule.apiGroups.some((group) => group === '' || group === '*');
}

/** The verbs of a rule among `wanted` (`*` stands for all of them). */
export function grantedVerbs(rule: PolicyRule, wanted: readonly string[]): string[] {
  if (rule.verbs.includes('*')) return ['*'];
  return wanted.filter((verb) => rule.verbs.includes(verb));
}


/** `get` and `list`, or "every verb (`*`)", for messages. */
export function verbsText(verbs: readonly string[]): string {
  return verbs.includes('*') ? 'every verb (`*`)' : names(verbs);
}

/** Where a role's grants apply, for messages. */
export function grantScope(ctx: RuleContext, what: string): string {
  return ctx.resource.kind === 'ClusterRole'
    ? `${what} wherever it is bound (in every namespace through a ClusterRoleBinding)`
    : `${what} in its namespace`;
}
