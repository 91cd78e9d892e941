import { Rule } from '../types';
import { coversCoreGroup, grantScope, grantedVerbs, policyRules, verbsText } from '../helpers';
import * as l10n from '@vscode/l10n';

const READ_VERBS = ['get', 'list', 'watch'] as const;

export const rbacSecretsAccess: Rule = {
  meta: {
    id: 'rbac-secrets-access',
    title: 'RBAC rules should not grant read access to Secrets',
    category: 'rbac',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['Role', 'ClusterRole'],
    rationale: 'Reading Secrets reveals their contents (`list` and `watch` return the data too, not just names): tokens, passwords and keys, often enough to take over other workloads.',
    howToFix: 'Drop the read verbs on `secrets`, or limit the rule to the Secrets the subject needs with `resourceNames` (and only `get`). Mounting a Secret into a pod needs no RBAC at all.',
    kubeLinter: ['access-to-secrets'],
  },
  check(ctx) {
    const scope = grantScope(ctx, l10n.t('every Secret'));
    for (const rule of policyRules(ctx)) {
      if (!coversCoreGroup(rule) || rule.resourceNames.length > 0) continue;
      const verbs = grantedVerbs(rule, READ_VERBS);
      if (verbs.length === 0) continue;
      rule.resources.forEach((resource, index) => {
        if (resource !== 'secrets' && resource !== '*') return;
        ctx.report({
          path: [...rule.path, 'resources', index],
          at: 'value',
          message: resource === '*'
            ? l10n.t('`*` includes `secrets`, so this rule grants {0} on Secrets: anyone bound to this {1} can read {2}. Remove the access, or limit it with `resourceNames`.', verbsText(verbs), ctx.resource.kind, scope)
            : l10n.t('This rule grants {0} on Secrets: anyone bound to this {1} can read {2}. Remove the access, or limit it with `resourceNames`.', verbsText(verbs), ctx.resource.kind, scope),
        });
      });
    }
  },
};
