import * as l10n from '@vscode/l10n';
import { labelsMatch } from '../model';
import { format } from './helpers';
import { WorkspaceCheck } from './types';

/** Workload kinds whose pods a NetworkPolicy would isolate. */
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

export const podWithoutNetworkPolicy: WorkspaceCheck = {
  meta: {
    id: 'pod-without-network-policy',
    title: 'Pods that no NetworkPolicy selects',
    enabledByDefault: false,
    rationale: 'A pod that no NetworkPolicy selects accepts traffic from, and sends it to, anything in the cluster: one compromised pod elsewhere can reach it. Silent in a workspace that defines no NetworkPolicy at all (the policies are then managed elsewhere). Off by default: set a level for `pod-without-network-policy` in `kubesmith.rules` to turn it on.',
    howToFix: 'Add a NetworkPolicy in the workload\'s namespace whose `podSelector` selects its pods (a default-deny policy with `podSelector: {}`, then policies that allow what the pods need).',
    kubeLinter: ['non-isolated-pod'],
    kubeScore: ['pod-networkpolicy'],
    polaris: ['missingNetworkPolicy'],
  },
  check({ model, resource, report }) {
    const pod = resource.facts.pod;
    if (resource.uncertain || !pod || !WORKLOADS.has(resource.kind) || !model.hasKind('NetworkPolicy')) return;
    // A policy's own `podSelector` (one that is empty, or half-written, is not recorded: it selects
    // every pod, or cannot be judged; either way the pods count as selected).
    const isolated = model.inNamespace('NetworkPolicy', resource.namespace).some((policy) => {
      const own = policy.selectors.find((selector) => selector.field === 'podSelector');
      return !own || labelsMatch(pod.labels, own.matchLabels, own.expressions);
    });
    if (isolated) return;
    report({
      span: resource.facts.nameSpan ?? resource.span,
      message: format(l10n.t('No NetworkPolicy in namespace `{namespace}` selects the pods of {kind} `{name}`: they accept traffic from anywhere in the cluster.'), {
        namespace: resource.namespace ?? 'default', kind: resource.kind, name: resource.name,
      }),
    });
  },
};
