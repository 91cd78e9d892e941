import { Rule } from '../types';
import { policyRules } from '../helpers';

const FIELDS = {
  apiGroups: 'every API group, including those of custom resources installed later',
  resources: 'every resource in its API groups, including ones added later',
  verbs: 'every verb, including `delete`, `escalate`, `bind` and `impersonate` where they apply',
} as const;

export const rbacWildcard: Rule = {
  meta: {
    id: 'rbac-wildcard',
    title: 'RBAC rules should not use wildcards',
    category: 'rbac',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['Role', 'ClusterRole'],
    rationale: 'A `*` grants more than anyone reviewed: every current and future API group, resource or verb. Least privilege means naming what is needed.',
    howToFix: 'Replace `*` with the API groups, resources and verbs the subject needs (`kubectl auth can-i --list` and audit logs show what it uses).',
    kubeLinter: ['wildcard-in-rules'],
    polaris: ['rolebindingClusterAdminRole', 'clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole'],
  },
  check(ctx) {
    for (const rule of policyRules(ctx)) {
      for (const field of Object.keys(FIELDS) as (keyof typeof FIELDS)[]) {
        rule[field].forEach((item, index) => {
          if (item !== '*') return;
          ctx.report({
            path: [...rule.path, field, index],
            at: 'value',
            message: `\`*\` in \`${field}\` grants ${FIELDS[field]}; list the ${field === 'apiGroups' ? 'API groups' : field} this ${ctx.resource.kind} needs.`,
          });
        });
      }
    }
  },
};
