import { isKind } from '../../resource';
import { at, resourceLabel, sentence } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

export const pdbWithoutBudget: Rule = {
  meta: {
    id: 'pdb-without-budget',
    title: 'Disruption budgets should set a budget',
    category: 'reliability',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['PodDisruptionBudget'],
    rationale: 'A PodDisruptionBudget with neither `minAvailable` nor `maxUnavailable` asks for no pod to stay up: the disruption controller allows every eviction, so the budget protects nothing while it looks as if it did.',
    howToFix: 'Set `spec.maxUnavailable` (for example 1) or `spec.minAvailable`. How many pods may go at once depends on the workload, so there is no automatic fix.',
    kubeScore: ['poddisruptionbudget-has-policy'],
  },
  check(ctx) {
    if (!isKind(ctx.resource, 'PodDisruptionBudget')) return;
    const spec = at(ctx, 'spec');
    if (!ctx.has(spec)) return;
    const set = (field: string) => ctx.value([...spec, field]) !== undefined && ctx.value([...spec, field]) !== null;
    if (set('minAvailable') || set('maxUnavailable')) return;
    ctx.report({
      path: spec,
      message: l10n.t('{0} sets neither `minAvailable` nor `maxUnavailable`, so it allows every eviction and protects nothing; set one of them.', sentence(resourceLabel(ctx.resource))),
    });
  },
};
