import { PathSegment } from '../../yaml/nodes';
import { Rule } from '../types';
import { anchorPath, resourceLabel, sentence, setField } from '../helpers';
import { isKind } from '../../resource';
import * as l10n from '@vscode/l10n';

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
    const now = typeof min === 'number' ? l10n.t('has `minReplicas: {0}`', min) : l10n.t('does not set `minReplicas`, so it is 1');
    ctx.report({
      path: anchorPath(ctx, path),
      at: typeof min === 'number' ? 'value' : 'key',
      message: l10n.t('{0} {1}: at quiet times {2}. Set `minReplicas: 2`{3}.', sentence(resourceLabel(resource)), now, min === 0 ? 'no pod is left' : 'a single pod serves, and its restart is an outage', fixable ? '' : ' and raise `maxReplicas`'),
      ...(fixable ? { fix: { spec } } : {}),
    });
  },
  fixTitle: () => l10n.t('Set `minReplicas: 2`'),
  fix(editor, args) {
    setField(editor, args.spec as PathSegment[], 'minReplicas', 2, ['maxReplicas']);
  },
};
