import { Rule } from '../types';
import { anchorPath, resourceLabel, sentence } from '../helpers';
import { isKind } from '../../resource';
import * as l10n from '@vscode/l10n';

export const singleReplica: Rule = {
  meta: {
    id: 'single-replica',
    title: 'Services should run more than one replica',
    category: 'reliability',
    defaultSeverity: 'info',
    profile: 'all',
    kinds: ['Deployment', 'StatefulSet'],
    rationale: 'With a single replica, every rollout, node drain or crash is an outage: nothing serves while the one pod is replaced.',
    howToFix: 'Set `spec.replicas` to 2 or more (and spread the replicas over nodes), or let a HorizontalPodAutoscaler with `minReplicas: 2` manage the count.',
    kubeLinter: ['minimum-three-replicas'],
    polaris: ['deploymentMissingReplicas'],
    kubeScore: ['deployment-replicas'],
  },
  check(ctx) {
    const { resource } = ctx;
    if (!isKind(resource, 'Deployment', 'StatefulSet')) return;
    const path = [...resource.path, 'spec', 'replicas'];
    const replicas = ctx.value(path);
    if (replicas !== undefined && replicas !== null && replicas !== 1) return;
    ctx.report({
      path: anchorPath(ctx, path),
      at: replicas === 1 ? 'value' : 'key',
      message: replicas === 1
        ? l10n.t('{0} runs a single replica: while that pod restarts or moves, nothing serves. Set `replicas` to 2 or more, unless an autoscaler manages it.', sentence(resourceLabel(resource)))
        : l10n.t('{0} runs a single replica (`replicas` is not set, so 1): while that pod restarts or moves, nothing serves. Set `replicas` to 2 or more, unless an autoscaler manages it.', sentence(resourceLabel(resource))),
    });
  },
};
