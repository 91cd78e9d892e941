import { reportMissing } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const missingRole: WorkspaceCheck = {
  meta: {
    id: 'missing-role',
    title: 'A binding to a Role or ClusterRole the workspace does not define',
    enabledByDefault: true,
    rationale: 'A RoleBinding or ClusterRoleBinding whose `roleRef` names a role that does not exist grants nothing, and the workload that needs the permissions fails at its first API call. The built-in ClusterRoles (`cluster-admin`, `admin`, `edit`, `view`, `system:*`) always exist; a workspace that defines no role of that kind gets no finding.',
    howToFix: 'Correct `roleRef.name` (the message suggests a near one) or add the Role. `roleRef` cannot be changed on an existing binding: delete and re-create it.',
  },
  check(ctx) {
    reportMissing(ctx, ['Role', 'ClusterRole'], {
      near: l10n.t('No Role `{name}` is defined in namespace `{namespace}`; did you mean `{near}`?'),
      missing: l10n.t('No Role `{name}` is defined in namespace `{namespace}` in this workspace; the binding grants nothing until it exists.'),
      nearCluster: l10n.t('No ClusterRole `{name}` is defined in this workspace; did you mean `{near}`?'),
      missingCluster: l10n.t('No ClusterRole `{name}` is defined in this workspace; the binding grants nothing until it exists.'),
    });
  },
};
