import { format } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

/** `3` → 3, `"100%"` → 100 (percent), anything else → undefined. */
function parse(value: string | number): { number: number; percent: boolean } | undefined {
  if (typeof value === 'number') return { number: value, percent: false };
  const match = /^(\d+)(%?)$/.exec(value.trim());
  return match ? { number: Number(match[1]), percent: match[2] === '%' } : undefined;
}

export const pdbBlocksEviction: WorkspaceCheck = {
  meta: {
    id: 'pdb-blocks-eviction',
    title: 'A PodDisruptionBudget that allows no disruption at all',
    enabledByDefault: true,
    rationale: 'A PodDisruptionBudget with `maxUnavailable: 0` (or `0%`), or a `minAvailable` of `100%` or at least the replicas of the workloads it selects, lets no pod be evicted: draining a node for maintenance or an upgrade waits forever.',
    howToFix: 'Allow at least one pod to be unavailable: `maxUnavailable: 1`, or a `minAvailable` below the replicas.',
    kubeLinter: ['pdb-max-unavailable', 'pdb-min-available'],
    polaris: ['pdbDisruptionsIsZero'],
  },
  check({ model, resource, report }) {
    if (resource.uncertain || resource.kind !== 'PodDisruptionBudget' || !resource.facts.disruption) return;
    const { field, value, span } = resource.facts.disruption;
    const parsed = parse(value);
    if (!parsed) return;
    const values = { field, value: String(value), replicas: '' };
    if (field === 'maxUnavailable') {
      if (parsed.number === 0) report({ span, message: format(l10n.t('`{field}: {value}` allows no voluntary disruption: draining a node waits forever for these pods.'), values) });
      return;
    }
    if (parsed.percent) {
      if (parsed.number >= 100) report({ span, message: format(l10n.t('`{field}: {value}` allows no voluntary disruption: draining a node waits forever for these pods.'), values) });
      return;
    }
    const selector = resource.selectors[0];
    if (!selector) return;
    const pods = model.matchingPods([resource.namespace ?? 'default'], selector.matchLabels, selector.expressions);
    // Only when every selected workload says how many replicas it runs (and no autoscaler changes it).
    if (pods.length === 0 || pods.some((pod) => pod.uncertain || !['Deployment', 'StatefulSet', 'ReplicaSet'].includes(pod.kind))) return;
    let replicas = 0;
    for (const pod of pods) {
      const count = pod.facts.replicas === undefined ? 1 : typeof pod.facts.replicas.value === 'number' ? pod.facts.replicas.value : undefined;
      if (count === undefined || model.referencesTo(pod).some((reference) => reference.scales)) return;
      replicas += count;
    }
    if (parsed.number < replicas) return;
    values.replicas = String(replicas);
    report({ span, message: format(l10n.t('`{field}: {value}` is not below the {replicas} replicas of the pods it selects: no pod may be evicted, so draining a node waits forever.'), values) });
  },
};
