import { isKind } from '../../resource';
import { at, resourceLabel, sentence } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

export const hpaStatefulSetScaleDown: Rule = {
  meta: {
    id: 'hpa-statefulset-scale-down',
    title: 'Autoscalers of StatefulSets should scale down gently',
    category: 'reliability',
    defaultSeverity: 'info',
    profile: 'baseline',
    kinds: ['HorizontalPodAutoscaler'],
    rationale: 'By default an autoscaler, once the load has been low for five minutes, may remove every pod above `minReplicas` at once. The members of a StatefulSet (database replicas, brokers, cache shards) usually need to leave one at a time, handing over their data or their quorum vote.',
    howToFix: 'Add `spec.behavior.scaleDown` with a `Pods` policy that removes one pod per period long enough for the workload to rebalance (for example `{type: Pods, value: 1, periodSeconds: 300}`). How long that is depends on the workload, so there is no automatic fix.',
  },
  check(ctx) {
    if (!isKind(ctx.resource, 'HorizontalPodAutoscaler') || ctx.resource.apiVersion === 'autoscaling/v1') return;
    const target = at(ctx, 'spec', 'scaleTargetRef');
    if (ctx.value([...target, 'kind']) !== 'StatefulSet' || ctx.has(at(ctx, 'spec', 'behavior', 'scaleDown'))) return;
    const name = ctx.value([...target, 'name']);
    ctx.report({
      path: [...target, 'kind'],
      at: 'value',
      message: l10n.t('{0} scales StatefulSet `{1}` down with the default policy, which may remove every pod above `minReplicas` at once; add `behavior.scaleDown` with a `Pods` policy that removes one pod at a time.', sentence(resourceLabel(ctx.resource)), String(name ?? '')),
    });
  },
};
