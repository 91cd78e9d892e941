import { Rule } from '../types';
import { policyRules } from '../helpers';
import * as l10n from '@vscode/l10n';
import { phrase } from '../../l10n';

const FIELDS = {
  apiGroups: phrase('every API group, including those of custom resources installed later'),
  resources: phrase('every resource in its API groups, including ones added later'),
  verbs: phrase('every verb, including `delete`, `escalate`, `bind` and `impersonate` where they apply'),
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
            message: l10n.t('`*` in `{0}` grants {1}; list the {2} this {3} needs.', field, l10n.t(FIELDS[field]), field === 'apiGroups' ? l10n.t('API groups') : field, ctx.resource.kind),
          });
        });
      }
    }
  },
};
