import { Rule } from '../types';
import { resourceLabel, sentence } from '../helpers';
import { isKind } from '../../resource';

export const noAntiAffinity: Rule = {
  meta: {
    id: 'no-anti-affinity',
    title: 'Replicas should be spread over nodes',
    category: 'reliability',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'Nothing stops the scheduler from putting every replica on the same node, and then one node failure or drain takes them all down at once.',
    howToFix: 'Add `topologySpreadConstraints` on `kubernetes.io/hostname` (or a zone) to the pod template, or a `podAntiAffinity` that matches the pods\' own labels.',
    kubeLinter: ['no-anti-affinity'],
  },
  check(ctx) {
    const { resource } = ctx;
    if (!isKind(resource, 'Deployment', 'StatefulSet')) return;
    const path = [...resource.path, 'spec', 'replicas'];
    const replicas = ctx.value(path);
    if (typeof replicas !== 'number' || replicas <= 1) return;
    const pod = [...resource.path, 'spec', 'template', 'spec'];
    const antiAffinity = ctx.value([...pod, 'affinity', 'podAntiAffinity']);
    const spread = ctx.value([...pod, 'topologySpreadConstraints']);
    if ((antiAffinity !== undefined && antiAffinity !== null) || (Array.isArray(spread) && spread.length > 0)) return;
    ctx.report({
      path,
      at: 'value',
      message: `${sentence(resourceLabel(resource))} runs ${replicas} replicas but does not spread them, so they may all land on one node and fail together. Add \`topologySpreadConstraints\` (or a \`podAntiAffinity\`) on \`kubernetes.io/hostname\`.`,
    });
  },
};
