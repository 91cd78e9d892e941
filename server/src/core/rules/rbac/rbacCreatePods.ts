import { PolicyRule, grantScope, grantedVerbs, policyRules, verbsText } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

/** Resources whose `create` starts pods, with the API groups that serve them. */
const POD_CREATORS: Record<string, readonly string[]> = {
  pods: [''],
  replicationcontrollers: [''],
  deployments: ['apps', 'extensions'],
  replicasets: ['apps', 'extensions'],
  statefulsets: ['apps'],
  daemonsets: ['apps', 'extensions'],
  jobs: ['batch'],
  cronjobs: ['batch'],
};

function servedBy(rule: PolicyRule, resource: string): boolean {
  return rule.apiGroups.some((group) => group === '*' || (typeof group === 'string' && POD_CREATORS[resource].includes(group)));
}

export const rbacCreatePods: Rule = {
  meta: {
    id: 'rbac-create-pods',
    title: 'RBAC rules should not let workloads create pods',
    category: 'rbac',
    defaultSeverity: 'warning',
    profile: 'all',
    kinds: ['Role', 'ClusterRole'],
    rationale: 'Whoever may create pods, or the Deployments, Jobs and other controllers that create them, can start a pod with any image, mounting any Secret of the namespace and running as any of its service accounts: all their permissions become theirs. Deployers and controllers need it; applications rarely do. (CIS Kubernetes Benchmark 5.1.4.)',
    howToFix: 'Remove `create` on pods and workload controllers from roles bound to applications, and keep it for the accounts that deploy (a CI system, GitOps controllers).',
    kubeLinter: ['access-to-create-pods'],
  },
  check(ctx) {
    for (const rule of policyRules(ctx)) {
      // `create` cannot be limited by name: a rule with resourceNames never allows it.
      if (rule.resourceNames.length > 0) continue;
      const verbs = grantedVerbs(rule, ['create']);
      if (verbs.length === 0) continue;
      rule.resources.forEach((resource, index) => {
        if (typeof resource !== 'string' || !(resource in POD_CREATORS) || !servedBy(rule, resource)) return;
        ctx.report({
          path: [...rule.path, 'resources', index],
          at: 'value',
          message: l10n.t('This rule grants {0} on `{1}`: anyone bound to this {2} can start pods that run any image as {3}, with its Secrets and permissions. Keep it for the accounts that deploy.', verbsText(verbs), resource, ctx.resource.kind, grantScope(ctx, l10n.t('any service account'))),
        });
      });
    }
  },
};
