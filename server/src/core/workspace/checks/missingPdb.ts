import { labelsMatch } from '../model';
import { format } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const missingPdb: WorkspaceCheck = {
  meta: {
    id: 'missing-pdb',
    title: 'A replicated workload without a PodDisruptionBudget',
    enabledByDefault: false,
    rationale: 'Without a PodDisruptionBudget, draining nodes (maintenance, upgrades, autoscaling down) may evict every replica of a Deployment or StatefulSet at once. Off by default: set a level for `missing-pdb` in `kubesmith.rules` to turn it on.',
    howToFix: 'Add a PodDisruptionBudget that selects the workload\'s pods, with `maxUnavailable: 1` (or a `minAvailable` below the replicas).',
    kubeScore: ['deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget'],
    polaris: ['missingPodDisruptionBudget'],
  },
  check({ model, resource, report }) {
    const pod = resource.facts.pod;
    if (resource.uncertain || !pod || (resource.kind !== 'Deployment' && resource.kind !== 'StatefulSet')) return;
    const replicas = resource.facts.replicas?.value;
    const scaled = model.referencesTo(resource).some((reference) => reference.scales);
    if (!scaled && !(typeof replicas === 'number' && replicas > 1)) return;
    const covered = model.selectorsFor(resource.namespace).some((selector) => selector.from.kind === 'PodDisruptionBudget'
      && labelsMatch(pod.labels, selector.matchLabels, selector.expressions));
    if (covered) return;
    report({
      span: resource.facts.nameSpan ?? resource.span,
      message: format(l10n.t('{kind} `{name}` runs several replicas but no PodDisruptionBudget covers its pods; draining nodes may evict them all at once.'), { kind: resource.kind, name: resource.name }),
    });
  },
};
