import { reportMissing } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const missingServiceAccount: WorkspaceCheck = {
  meta: {
    id: 'missing-service-account',
    title: 'A ServiceAccount the workspace does not define',
    enabledByDefault: true,
    rationale: 'Pods that name a ServiceAccount that does not exist are not created (the admission controller rejects them), and a binding to a missing ServiceAccount grants its role to nobody. `default` always exists; a workspace that defines no ServiceAccount at all gets no finding.',
    howToFix: 'Correct the name (the message suggests a near one in the same namespace) or add the ServiceAccount.',
    kubeLinter: ['non-existent-service-account'],
  },
  check(ctx) {
    reportMissing(ctx, ['ServiceAccount'], {
      near: l10n.t('No ServiceAccount `{name}` is defined in namespace `{namespace}`; did you mean `{near}`?'),
      missing: l10n.t('No ServiceAccount `{name}` is defined in namespace `{namespace}` in this workspace; pods that run as it are not created until it exists.'),
      missingByField: { subjects: l10n.t('No ServiceAccount `{name}` is defined in namespace `{namespace}` in this workspace; this binding grants its role to nobody until it exists.') },
    });
  },
};
