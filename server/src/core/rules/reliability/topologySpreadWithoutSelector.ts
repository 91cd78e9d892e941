import { PathSegment } from '../../yaml/nodes';
import { asRecord, labelsOf, selectorMatches } from '../helpers';
import { Rule, RuleContext } from '../types';
import { PodSpecLocation } from '../workloads';
import * as l10n from '@vscode/l10n';

/**
 * The labels a fix can select the pod's own replicas by: the workload's `matchLabels` when they
 * select its template (they are what makes a pod one of its replicas), else the template's labels.
 */
function ownLabels(ctx: RuleContext, podSpec: PodSpecLocation): Record<string, string> {
  const labels = labelsOf(ctx.value([...podSpec.metadataPath, 'labels']));
  const templateLength = podSpec.metadataPath.length;
  const workloadSpec = podSpec.metadataPath.slice(0, templateLength - 2);
  const selector = ctx.value([...workloadSpec, 'selector']);
  const matchLabels = labelsOf(asRecord(selector).matchLabels);
  if (podSpec.kind !== 'Pod' && Object.keys(matchLabels).length > 0 && selectorMatches({ matchLabels }, labels)) return matchLabels;
  return labels;
}

export const topologySpreadWithoutSelector: Rule = {
  meta: {
    id: 'topology-spread-without-selector',
    title: 'Topology spread constraints need a label selector',
    category: 'reliability',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'A topology spread constraint counts the pods its `labelSelector` selects in each zone or node; without one it counts no pods, so every domain looks empty and the constraint spreads nothing, while it looks as if it did.',
    howToFix: 'Add a `labelSelector` that selects the pod\'s own replicas (the quick fix uses the workload\'s selector, or the pod template\'s labels).',
    kubeScore: ['pod-topology-spread-constraints'],
  },
  check(ctx) {
    for (const podSpec of ctx.podSpecs()) {
      const constraints = ctx.value([...podSpec.path, 'topologySpreadConstraints']);
      if (!Array.isArray(constraints)) continue;
      constraints.forEach((constraint, index) => {
        const entry = asRecord(constraint);
        if (Object.keys(entry).length === 0 || (entry.labelSelector !== undefined && entry.labelSelector !== null)) return;
        const path = [...podSpec.path, 'topologySpreadConstraints', index];
        const labels = ownLabels(ctx, podSpec);
        ctx.report({
          path,
          message: typeof entry.topologyKey === 'string'
            ? l10n.t('This topology spread constraint on `{0}` has no `labelSelector`, so it counts no pods and spreads nothing; select the pod\'s own labels.', entry.topologyKey)
            : l10n.t('This topology spread constraint has no `labelSelector`, so it counts no pods and spreads nothing; select the pod\'s own labels.'),
          ...(Object.keys(labels).length > 0 ? { fix: { constraint: path, labels } } : {}),
        });
      });
    }
  },
  fixTitle: (args) => l10n.t('Select the pod\'s own labels ({0})', Object.entries(args.labels as Record<string, string>).map(([key, value]) => `${key}: ${value}`).join(', ')),
  fix(editor, args) {
    const constraint = args.constraint as PathSegment[];
    editor.set([...constraint, 'labelSelector'], { matchLabels: args.labels });
  },
};
