import { format } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const replicasWithAutoscaler: WorkspaceCheck = {
  meta: {
    id: 'replicas-with-autoscaler',
    title: 'A workload that sets `replicas` while an autoscaler scales it',
    enabledByDefault: true,
    rationale: 'When a HorizontalPodAutoscaler or a KEDA ScaledObject scales a Deployment or StatefulSet, `spec.replicas` in the manifest resets the scale at every `kubectl apply` (or GitOps sync): pods are killed under load until the autoscaler scales up again.',
    howToFix: 'Remove `replicas` from the workload (the quick fix does it); the autoscaler\'s minimum takes over.',
    kubeScore: ['deployment-targeted-by-hpa-does-not-have-replicas-configured'],
  },
  check({ model, resource, report }) {
    const replicas = resource.facts.replicas;
    if (resource.uncertain || !replicas || (resource.kind !== 'Deployment' && resource.kind !== 'StatefulSet')) return;
    const scaler = model.referencesTo(resource).find((reference) => reference.scales && !reference.from.uncertain);
    if (!scaler) return;
    const values = { scaler: scaler.from.kind, name: scaler.from.name, kind: resource.kind, replicas: String(replicas.value) };
    report({
      span: replicas.span,
      message: format(l10n.t('{scaler} `{name}` scales this {kind}; `replicas: {replicas}` here resets its scale at every apply. Remove `replicas`.'), values),
      related: [{ location: { uri: scaler.from.uri, range: model.rangeOf(scaler.from, scaler.span) }, message: format(l10n.t('{scaler} `{name}` scales it here.'), values) }],
      fix: { path: replicas.path.slice(0, -1), args: { scaler: scaler.from.kind } },
    });
  },
  fixTitle: () => l10n.t('Remove `replicas` (the autoscaler sets the scale)'),
  fix(editor, path) {
    editor.removeKey(path, 'replicas');
  },
};
