import { Rule } from '../types';
import { coversCoreGroup, grantScope, grantedVerbs, policyRules, verbsText } from '../helpers';
import * as l10n from '@vscode/l10n';

// Resource names that match pods/exec or pods/attach: RBAC also matches the `*`, `pods/*` and `*/exec` forms.
const COVERING = new Set(['pods/exec', 'pods/attach', 'pods/*', '*/exec', '*/attach', '*']);

export const rbacPodExec: Rule = {
  meta: {
    id: 'rbac-pod-exec',
    title: 'RBAC rules should not grant exec or attach into pods',
    category: 'rbac',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['Role', 'ClusterRole'],
    rationale: 'Exec and attach run commands inside running containers, with their service account token, mounted Secrets and network access: whoever holds this permission holds everything those pods hold.',
    howToFix: 'Remove `create` (and `get`) on `pods/exec` and `pods/attach` from roles bound to workloads and everyday users; keep them in a separate role for debugging, bound only when needed.',
    polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach', 'clusterrolebindingPodExecAttach', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach'],
  },
  check(ctx) {
    for (const rule of policyRules(ctx)) {
      if (!coversCoreGroup(rule)) continue;
      const create = grantedVerbs(rule, ['create']);
      const get = create.length === 0 ? grantedVerbs(rule, ['get']) : [];
      if (create.length === 0 && get.length === 0) continue;
      rule.resources.forEach((resource, index) => {
        if (typeof resource !== 'string' || !COVERING.has(resource)) return;
        const what = resource === 'pods/exec' || resource === 'pods/attach' ? `\`${resource}\`` : l10n.t('`{0}` (which includes `pods/exec` and `pods/attach`)', resource);
        ctx.report({
          path: [...rule.path, 'resources', index],
          at: 'value',
          message: create.length > 0
            ? l10n.t('This rule grants {0} on {1}: anyone bound to this {2} can run commands in {3}. Remove it, or keep it in a separate role for debugging.', verbsText(create), what, ctx.resource.kind, grantScope(ctx, l10n.t('every pod')))
            : l10n.t('This rule grants `get` on {0}: before Kubernetes 1.35 that is enough to run commands in pods over a WebSocket. Remove it, or keep it in a separate role for debugging.', what),
        });
      });
    }
  },
};
