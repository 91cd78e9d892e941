import { isKind } from '../../resource';
import { at, resourceLabel, sentence } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

export const hpaFixedReplicas: Rule = {
  meta: {
    id: 'hpa-fixed-replicas',
    title: 'Autoscalers should be able to scale',
    category: 'reliability',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['HorizontalPodAutoscaler'],
    rationale: 'A HorizontalPodAutoscaler whose `minReplicas` equals its `maxReplicas` never changes the number of pods: it only adds a controller that may fight other changes to the replica count, and a spike finds no room to grow.',
    howToFix: 'Raise `maxReplicas` to what the workload may grow to under load, or remove the autoscaler and set `replicas` on the workload.',
    polaris: ['hpaMaxAvailability'],
  },
  check(ctx) {
    if (!isKind(ctx.resource, 'HorizontalPodAutoscaler')) return;
    const max = ctx.value(at(ctx, 'spec', 'maxReplicas'));
    const written = ctx.value(at(ctx, 'spec', 'minReplicas'));
    const min = written === undefined || written === null ? 1 : written;
    if (typeof max !== 'number' || min !== max) return;
    ctx.report({
      path: at(ctx, 'spec', 'maxReplicas'),
      at: 'value',
      message: written === undefined || written === null
        ? l10n.t('{0} has `maxReplicas: 1`, the same as its default `minReplicas`, so it never scales; raise `maxReplicas`, or remove the autoscaler.', sentence(resourceLabel(ctx.resource)))
        : l10n.t('{0} has `minReplicas` and `maxReplicas` both {1}, so it never scales; raise `maxReplicas`, or remove the autoscaler and set `replicas` on the workload.', sentence(resourceLabel(ctx.resource)), max),
    });
  },
};
