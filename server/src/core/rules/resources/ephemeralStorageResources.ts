import { containerAnchor, containerLabel, isSet, resourceContainers } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

export const ephemeralStorageResources: Rule = {
  meta: {
    id: 'ephemeral-storage-resources',
    title: 'Containers should request and limit ephemeral storage',
    category: 'resources',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'Logs, `emptyDir` volumes and files written inside the container take the node\'s disk. Without an `ephemeral-storage` request the scheduler does not count that disk when placing the pod; without a limit one container can fill the node\'s disk, and the kubelet then evicts pods that did nothing wrong.',
    howToFix: 'Set `resources.requests.ephemeral-storage` to what the container writes in normal operation, and `resources.limits.ephemeral-storage` to the most it may write.',
    kubeScore: ['container-ephemeral-storage-request-and-limit'],
  },
  check(ctx) {
    for (const container of resourceContainers(ctx)) {
      const request = isSet(ctx.value([...container.path, 'resources', 'requests', 'ephemeral-storage']));
      const limit = isSet(ctx.value([...container.path, 'resources', 'limits', 'ephemeral-storage']));
      if (request && limit) continue;
      const label = containerLabel(container);
      ctx.report({
        path: containerAnchor(ctx, container),
        at: 'value',
        message: !request && !limit
          ? l10n.t('{0} has no `ephemeral-storage` request or limit, so the scheduler does not count its disk use and nothing stops it from filling the node\'s disk; set both.', label)
          : !request
            ? l10n.t('{0} has an `ephemeral-storage` limit but no request, so the scheduler does not count its disk use; set `resources.requests.ephemeral-storage`.', label)
            : l10n.t('{0} has an `ephemeral-storage` request but no limit, so nothing stops it from filling the node\'s disk; set `resources.limits.ephemeral-storage`.', label),
      });
    }
  },
};
