import { isKind } from '../../resource';
import { asRecord, labelsOf, resourceLabel, selectorMatches, sentence } from '../helpers';
import { Rule, RuleContext } from '../types';
import * as l10n from '@vscode/l10n';

/** The label every namespace carries with its own name (Kubernetes 1.22+), which a namespaceSelector can match. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Whether a pod affinity term (`podAntiAffinity` required or preferred) selects the workload's own
 * pods: its label selector matches the template's labels, no `mismatchLabelKeys` key excludes
 * pods that share the template's value, and its namespaces include the workload's. Where the
 * namespace cannot be known (no `metadata.namespace`, or a namespaceSelector on other labels), the
 * term gets the benefit of the doubt.
 */
function termSelectsOwnPods(term: Record<string, unknown>, labels: Record<string, string>, namespace: string | undefined): boolean {
  if (!('labelSelector' in term) || term.labelSelector === null || !selectorMatches(term.labelSelector, labels)) return false;
  const mismatch = Array.isArray(term.mismatchLabelKeys) ? term.mismatchLabelKeys : [];
  if (mismatch.some((key) => typeof key === 'string' && key in labels)) return false;
  const namespaces = Array.isArray(term.namespaces) ? term.namespaces.filter((name): name is string => typeof name === 'string') : [];
  const namespaceSelector = term.namespaceSelector;
  if (namespaces.length === 0 && (namespaceSelector === undefined || namespaceSelector === null)) return true; // the pod's own namespace
  if (namespace === undefined) return true;
  if (namespaces.includes(namespace)) return true;
  if (namespaceSelector === undefined || namespaceSelector === null) return false;
  const { matchLabels, matchExpressions } = asRecord(namespaceSelector);
  const keys = [...Object.keys(asRecord(matchLabels)), ...(Array.isArray(matchExpressions) ? matchExpressions.map((expression) => asRecord(expression).key) : [])];
  if (keys.some((key) => key !== NAMESPACE_NAME_LABEL)) return true; // depends on labels of the namespace we cannot see
  return selectorMatches(namespaceSelector, { [NAMESPACE_NAME_LABEL]: namespace });
}

/** Every pod anti-affinity term of a pod spec, required and preferred. */
function antiAffinityTerms(ctx: RuleContext, pod: (string | number)[]): Record<string, unknown>[] {
  const anti = asRecord(ctx.value([...pod, 'affinity', 'podAntiAffinity']));
  const required = Array.isArray(anti.requiredDuringSchedulingIgnoredDuringExecution) ? anti.requiredDuringSchedulingIgnoredDuringExecution : [];
  const preferred = Array.isArray(anti.preferredDuringSchedulingIgnoredDuringExecution) ? anti.preferredDuringSchedulingIgnoredDuringExecution : [];
  return [...required.map(asRecord), ...preferred.map((entry) => asRecord(asRecord(entry).podAffinityTerm))];
}

export const noAntiAffinity: Rule = {
  meta: {
    id: 'no-anti-affinity',
    title: 'Replicas should be spread over nodes',
    category: 'reliability',
    defaultSeverity: 'info',
    profile: 'all',
    kinds: ['Deployment', 'StatefulSet'],
    rationale: 'Nothing stops the scheduler from putting every replica on the same node, and then one node failure or drain takes them all down at once. Only a spread constraint or anti-affinity term that selects the workload\'s own pods (its template\'s labels, in its namespace) spreads them.',
    howToFix: 'Add `topologySpreadConstraints` on `kubernetes.io/hostname` (or a zone) to the pod template, or a `podAntiAffinity`, with a `labelSelector` that matches the pods\' own labels.',
    kubeLinter: ['no-anti-affinity'],
    polaris: ['topologySpreadConstraint'],
    kubeScore: ['deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity'],
  },
  check(ctx) {
    const { resource } = ctx;
    if (!isKind(resource, 'Deployment', 'StatefulSet')) return;
    const path = [...resource.path, 'spec', 'replicas'];
    const replicas = ctx.value(path);
    if (typeof replicas !== 'number' || replicas <= 1) return;
    const pod = [...resource.path, 'spec', 'template', 'spec'];
    const labels = labelsOf(ctx.value([...resource.path, 'spec', 'template', 'metadata', 'labels']));
    const terms = antiAffinityTerms(ctx, pod);
    const spread = ctx.value([...pod, 'topologySpreadConstraints']);
    const constraints = Array.isArray(spread) ? spread.map(asRecord) : [];
    // A spread constraint counts pods of the pod's own namespace only.
    const spreads = constraints.some((constraint) => constraint.labelSelector !== undefined && constraint.labelSelector !== null && selectorMatches(constraint.labelSelector, labels))
      || terms.some((term) => termSelectsOwnPods(term, labels, resource.namespace));
    if (spreads) return;
    ctx.report({
      path,
      at: 'value',
      message: terms.length > 0 || constraints.length > 0
        ? l10n.t('{0} runs {1} replicas, but none of its spread constraints or anti-affinity terms selects its own pods, so they do not spread them and the replicas may all land on one node. Give them a `labelSelector` that matches the pod template\'s labels.', sentence(resourceLabel(resource)), replicas)
        : l10n.t('{0} runs {1} replicas but does not spread them, so they may all land on one node and fail together. Add `topologySpreadConstraints` (or a `podAntiAffinity`) on `kubernetes.io/hostname`.', sentence(resourceLabel(resource)), replicas),
    });
  },
};
