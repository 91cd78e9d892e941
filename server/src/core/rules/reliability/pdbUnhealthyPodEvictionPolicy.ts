import { isKind } from '../../resource';
import { PathSegment } from '../../yaml/nodes';
import { at, resourceLabel, sentence } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

export const pdbUnhealthyPodEvictionPolicy: Rule = {
  meta: {
    id: 'pdb-unhealthy-pod-eviction-policy',
    title: 'Disruption budgets should let broken pods be evicted',
    category: 'reliability',
    defaultSeverity: 'info',
    profile: 'all',
    kinds: ['PodDisruptionBudget'],
    rationale: 'By default (`IfHealthyBudget`) a pod that runs but is not ready may be evicted only while the budget has room: when a bad rollout leaves pods crash-looping, they use up the budget themselves, and node drains and upgrades stall on pods that serve nothing. `AlwaysAllow` lets those broken pods go.',
    howToFix: 'Set `spec.unhealthyPodEvictionPolicy: AlwaysAllow`, unless the application needs its not-ready pods protected (for example while they catch up with data before becoming ready).',
    kubeLinter: ['pdb-unhealthy-pod-eviction-policy'],
  },
  check(ctx) {
    if (!isKind(ctx.resource, 'PodDisruptionBudget') || ctx.resource.apiVersion !== 'policy/v1') return;
    const spec = at(ctx, 'spec');
    if (!ctx.has(spec) || ctx.has([...spec, 'unhealthyPodEvictionPolicy'])) return;
    ctx.report({
      path: spec,
      message: l10n.t('{0} does not set `unhealthyPodEvictionPolicy`, so pods that run but are not ready count against the budget and can stall node drains; set it to `AlwaysAllow`.', sentence(resourceLabel(ctx.resource))),
      fix: { spec },
    });
  },
  fixTitle: () => l10n.t('Set `unhealthyPodEvictionPolicy: AlwaysAllow`'),
  fix(editor, args) {
    editor.set([...(args.spec as PathSegment[]), 'unhealthyPodEvictionPolicy'], 'AlwaysAllow');
  },
};
