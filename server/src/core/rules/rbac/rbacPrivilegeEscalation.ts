import { PolicyRule, grantScope, grantedVerbs, policyRules, verbsText } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function inGroup(rule: PolicyRule, ...groups: string[]): boolean {
  return rule.apiGroups.some((group) => group === '*' || (typeof group === 'string' && groups.includes(group)));
}

export const rbacPrivilegeEscalation: Rule = {
  meta: {
    id: 'rbac-privilege-escalation',
    title: 'RBAC rules should not grant the verbs that escalate privileges',
    category: 'rbac',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['Role', 'ClusterRole'],
    rationale: 'A few permissions are a way to every other one: `escalate` on roles lets a subject grant rights it does not have, `bind` lets it bind any role (cluster-admin included), `impersonate` lets it act as any user, group or service account, `create` on `serviceaccounts/token` mints tokens of any service account, and `nodes/proxy` reaches the kubelet of every node, which runs commands in any pod there. Built-in `system:` roles are not reported.',
    howToFix: 'Remove these verbs from roles bound to applications and everyday users. Where a controller needs `bind` or `escalate`, limit the rule with `resourceNames` to the roles it manages; grant `impersonate` only for named users or groups.',
  },
  check(ctx) {
    if (ctx.resource.name?.startsWith('system:')) return;
    for (const rule of policyRules(ctx)) {
      const limited = rule.resourceNames.length > 0;
      rule.resources.forEach((resource, index) => {
        if (typeof resource !== 'string') return;
        const path = [...rule.path, 'resources', index];
        const report = (message: string) => ctx.report({ path, at: 'value', message });
        const kind = ctx.resource.kind;
        if ((resource === 'roles' || resource === 'clusterroles') && inGroup(rule, RBAC_GROUP) && !limited) {
          const escalate = grantedVerbs(rule, ['escalate']);
          const bind = grantedVerbs(rule, ['bind']);
          if (escalate.length > 0 && bind.length > 0) {
            const both = escalate.includes('*') ? escalate : ['bind', 'escalate'];
            report(l10n.t('This rule grants {0} on `{1}`: anyone bound to this {2} can give themselves, or anyone, permissions they do not have, up to cluster-admin. Limit it with `resourceNames`, or remove it.', verbsText(both), resource, kind));
          } else if (escalate.length > 0) {
            report(l10n.t('This rule grants `escalate` on `{0}`: anyone bound to this {1} can write roles with permissions they do not have themselves. Limit it with `resourceNames`, or remove it.', resource, kind));
          } else if (bind.length > 0) {
            report(l10n.t('This rule grants `bind` on `{0}`: anyone bound to this {1} can bind any role to themselves, cluster-admin included. Limit it with `resourceNames` to the roles they may hand out, or remove it.', resource, kind));
          }
        } else if (['users', 'groups', 'serviceaccounts', 'uids', 'userextras/*'].includes(resource) || resource.startsWith('userextras/')) {
          const verbs = grantedVerbs(rule, ['impersonate']);
          if (verbs.length === 0 || limited) return;
          const group = resource === 'serviceaccounts' || resource === 'users' || resource === 'groups' ? '' : 'authentication.k8s.io';
          if (!inGroup(rule, group)) return;
          report(l10n.t('This rule grants {0} on `{1}`: anyone bound to this {2} can act as any of them, with all their permissions. Limit it with `resourceNames`, or remove it.', verbsText(verbs), resource, kind));
        } else if (resource === 'serviceaccounts/token' && inGroup(rule, '')) {
          const verbs = grantedVerbs(rule, ['create']);
          if (verbs.length === 0 || limited) return;
          report(l10n.t('This rule grants {0} on `serviceaccounts/token`: anyone bound to this {1} can mint tokens for {2} and act as them. Limit it with `resourceNames`, or remove it.', verbsText(verbs), kind, grantScope(ctx, l10n.t('every service account'))));
        } else if (resource === 'nodes/proxy' && inGroup(rule, '')) {
          const verbs = grantedVerbs(rule, ['get', 'create', 'update', 'patch', 'delete']);
          if (verbs.length === 0) return;
          report(l10n.t('This rule grants {0} on `nodes/proxy`: anyone bound to this {1} reaches the kubelet API of the nodes, which runs commands in any pod there, bypassing admission and most audit logging. Remove it.', verbsText(verbs), kind));
        }
      });
    }
  },
};
