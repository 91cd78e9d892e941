import { reportMissing } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const missingScaleTarget: WorkspaceCheck = {
  meta: {
    id: 'missing-scale-target',
    title: 'An autoscaler or canary aimed at a workload the workspace does not define',
    enabledByDefault: true,
    rationale: 'A HorizontalPodAutoscaler, VerticalPodAutoscaler, Flagger Canary or KEDA ScaledObject whose target was renamed or misspelt silently does nothing. A workspace that defines no workload of the kind it names gets no finding.',
    howToFix: 'Correct the target\'s `name` (the message suggests a near one in the same namespace) and `kind`.',
    kubeLinter: ['dangling-horizontalpodautoscaler'],
    kubeScore: ['horizontalpodautoscaler-has-target'],
  },
  check(ctx) {
    reportMissing(ctx, ['Workload'], {
      near: l10n.t('No {kind} `{name}` is defined in namespace `{namespace}`; did you mean `{near}`?'),
      missing: l10n.t('No {kind} `{name}` is defined in namespace `{namespace}` in this workspace; this {from} has nothing to act on.'),
    });
  },
};
