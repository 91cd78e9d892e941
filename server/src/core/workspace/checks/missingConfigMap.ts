import { reportMissing } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const missingConfigMap: WorkspaceCheck = {
  meta: {
    id: 'missing-configmap',
    title: 'A ConfigMap the workspace does not define',
    enabledByDefault: true,
    rationale: 'A pod that reads a ConfigMap (`configMapKeyRef`, `configMapRef`, a `configMap` volume or projected source) does not start until it exists. A misspelt name is found here, not in the cluster; a workspace that defines no ConfigMap at all gets no finding (they are then made elsewhere).',
    howToFix: 'Correct the name (the message suggests a near one in the same namespace), add the ConfigMap, or mark the reference `optional: true` when the pod can do without it.',
    kubeLinter: ['env-value-from'],
  },
  check(ctx) {
    reportMissing(ctx, ['ConfigMap'], {
      near: l10n.t('No ConfigMap `{name}` is defined in namespace `{namespace}`; did you mean `{near}`?'),
      missing: l10n.t('No ConfigMap `{name}` is defined in namespace `{namespace}` in this workspace; the pods that need it do not start until it exists.'),
    });
  },
};
