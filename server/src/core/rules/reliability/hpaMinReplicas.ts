import { PathSegment } from '../../yaml/nodes';
import { Rule } from '../types';
import { anchorPath, resourceLabel, sentence, setField } from '../helpers';
import { isKind } from '../../resource';
import * as l10n from '@vscode/l10n';

/** The finding, each case one whole sentence: `minReplicas` 0, 1 or unset; `maxReplicas` to raise too or not. */
function minReplicasMessage(who: string, min: unknown, fixable: boolean): string {
  if (min === 0) {
    return fixable
      ? l10n.t('{0} has `minReplicas: 0`: at quiet times no pod is left. Set `minReplicas: 2`.', who)
      : l10n.t('{0} has `minReplicas: 0`: at quiet times no pod is left. Set `minReplicas: 2` and raise `maxReplicas`.', who);
  }
  if (typeof min === 'number') {
    return fixable
      ? l10n.t('{0} has `minReplicas: {1}`: at quiet times a single pod serves, and its restart is an outage. Set `minReplicas: 2`.', who, min)
      : l10n.t('{0} has `minReplicas: {1}`: at quiet times a single pod serves, and its restart is an outage. Set `minReplicas: 2` and raise `maxReplicas`.', who, min);
  }
  return fixable
    ? l10n.t('{0} does not set `minReplicas`, so it is 1: at quiet times a single pod serves, and its restart is an outage. Set `minReplicas: 2`.', who)
    : l10n.t('{0} does not set `minReplicas`, so it is 1: at quiet times a single pod serves, and its restart is an outage. Set `minReplicas: 2` and raise `maxReplicas`.', who);
}

export const hpaMinReplicas: Rule = {
  meta: {
    id: 'hpa-min-replicas',
    title: 'Autoscalers should keep at least two replicas',
    category: 'reliability',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['HorizontalPodAutoscaler'],
    rationale: 'A HorizontalPodAutoscaler scales down to `minReplicas` (1 when unset) when load is low, and then a single pod restarting or being moved is an outage.',
    howToFix: 'Set `spec.minReplicas` to 2 or more (and `maxReplicas` at least as high).',
    kubeLinter: ['hpa-minimum-three-replicas'],
    polaris: ['hpaMinAvailability'],
    kubeScore: ['horizontalpodautoscaler-replicas'],
  },
  check(ctx) {
    const { resource } = ctx;
    if (!isKind(resource, 'HorizontalPodAutoscaler')) return;
    const spec = [...resource.path, 'spec'];
    const path = [...spec, 'minReplicas'];
    const min = ctx.value(path);
    if (typeof min === 'number' && min >= 2) return;
    if (min !== undefined && min !== null && typeof min !== 'number') return; // the schema check reports it
    const max = ctx.value([...spec, 'maxReplicas']);
    const fixable = typeof max !== 'number' || max >= 2;
    ctx.report({
      path: anchorPath(ctx, path),
      at: typeof min === 'number' ? 'value' : 'key',
      message: minReplicasMessage(sentence(resourceLabel(resource)), min, fixable),
      ...(fixable ? { fix: { spec } } : {}),
    });
  },
  fixTitle: () => l10n.t('Set `minReplicas: 2`'),
  fix(editor, args) {
    setField(editor, args.spec as PathSegment[], 'minReplicas', 2, ['maxReplicas']);
  },
};
