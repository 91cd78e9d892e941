import { isKind } from '../../resource';
import { PathSegment } from '../../yaml/nodes';
import { at, resourceLabel, sentence } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

/** What an autoscaler without metrics scales on: 80% of the pods' CPU requests. */
const DEFAULT_CPU_UTILIZATION = 80;

export const hpaWithoutMetrics: Rule = {
  meta: {
    id: 'hpa-without-metrics',
    title: 'Autoscalers should say what they scale on',
    category: 'reliability',
    defaultSeverity: 'info',
    profile: 'all',
    kinds: ['HorizontalPodAutoscaler'],
    rationale: 'A HorizontalPodAutoscaler without metrics scales on a default nobody wrote down: 80% of the pods\' CPU requests. Readers take it for unfinished, and it silently never scales when the containers request no CPU.',
    howToFix: 'Write the metric the workload should follow in `spec.metrics` (autoscaling/v2) or `targetCPUUtilizationPercentage` (autoscaling/v1). The quick fix writes the default out, so nothing changes but the manifest says it.',
  },
  check(ctx) {
    if (!isKind(ctx.resource, 'HorizontalPodAutoscaler')) return;
    const spec = at(ctx, 'spec');
    if (!ctx.has(spec)) return;
    const v1 = ctx.resource.apiVersion === 'autoscaling/v1';
    const metrics = ctx.value([...spec, v1 ? 'targetCPUUtilizationPercentage' : 'metrics']);
    if (v1 ? metrics !== undefined && metrics !== null : Array.isArray(metrics) && metrics.length > 0) return;
    ctx.report({
      path: ctx.has([...spec, 'metrics']) ? [...spec, 'metrics'] : spec,
      at: 'key',
      message: v1
        ? l10n.t('{0} sets no `targetCPUUtilizationPercentage`, so it scales on the default of {1}% of the pods\' CPU requests; write the target it should follow.', sentence(resourceLabel(ctx.resource)), DEFAULT_CPU_UTILIZATION)
        : l10n.t('{0} sets no `metrics`, so it scales on the default of {1}% of the pods\' CPU requests; write the metric it should follow.', sentence(resourceLabel(ctx.resource)), DEFAULT_CPU_UTILIZATION),
      fix: { spec, v1 },
    });
  },
  fixTitle: () => l10n.t('Write the default target ({0}% CPU)', DEFAULT_CPU_UTILIZATION),
  fix(editor, args) {
    const spec = args.spec as PathSegment[];
    if (args.v1) {
      editor.set([...spec, 'targetCPUUtilizationPercentage'], DEFAULT_CPU_UTILIZATION);
      return;
    }
    editor.set([...spec, 'metrics'], [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }]);
  },
};
