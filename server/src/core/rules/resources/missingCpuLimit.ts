import { containerAnchor, containerLabel } from '../helpers';
import { Rule } from '../types';
import { resourceContainers, resourceSet } from '../helpers';
import * as l10n from '@vscode/l10n';

export const missingCpuLimit: Rule = {
  meta: {
    id: 'missing-cpu-limit',
    title: 'Containers without a CPU limit can use all idle CPU',
    category: 'resources',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'Without a CPU limit a busy container can use every idle core of its node. Many teams leave CPU limits out on purpose: a limit throttles the container even when the node is idle, and CPU requests already guarantee every container its share.',
    howToFix: 'Set `resources.limits.cpu` if this container must never take more than a fixed amount of CPU; otherwise keep a CPU request and turn this rule off.',
    kubeLinter: ['unset-cpu-requirements'],
    polaris: ['cpuLimitsMissing'],
    kubeScore: ['container-resources'],
  },
  check(ctx) {
    for (const container of resourceContainers(ctx)) {
      if (resourceSet(ctx, container, 'limits', 'cpu')) continue;
      ctx.report({
        path: containerAnchor(ctx, container),
        at: 'value',
        message: l10n.t('{0} has no CPU limit, so it can use any idle CPU of its node; set `resources.limits.cpu` if it must not (a limit also throttles it when the node is idle).', containerLabel(container)),
      });
    }
  },
};
