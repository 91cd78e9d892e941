import { at, resourceLabel, sentence } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

export const defaultNamespace: Rule = {
  meta: {
    id: 'default-namespace',
    title: 'Resources should not be placed in the `default` namespace',
    category: 'security',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'The `default` namespace is where everything lands that nobody placed: RBAC, quotas and network policies written for it apply to all of that at once, and mistakes there touch other teams\' resources. An application in a namespace of its own gets its own boundaries. (CIS Kubernetes Benchmark 5.7.1.) Manifests that name no namespace are not reported: `kubectl -n`, Kustomize or Helm place them.',
    howToFix: 'Set `metadata.namespace` to the application\'s own namespace (or leave it out and let the deployment tool set it).',
    kubeLinter: ['use-namespace'],
  },
  check(ctx) {
    if (ctx.resource.namespace !== 'default') return;
    const path = at(ctx, 'metadata', 'namespace');
    ctx.report({
      path,
      at: 'value',
      message: l10n.t('{0} is placed in the `default` namespace, which everything without a namespace of its own shares; give the application a namespace of its own.', sentence(resourceLabel(ctx.resource))),
    });
  },
};
