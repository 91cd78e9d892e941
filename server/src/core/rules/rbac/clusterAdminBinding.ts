import { Rule } from '../types';
import { at } from '../helpers';
import { isKind } from '../../resource';
import * as l10n from '@vscode/l10n';

export const clusterAdminBinding: Rule = {
  meta: {
    id: 'cluster-admin-binding',
    title: 'Do not bind cluster-admin',
    category: 'rbac',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    rationale: '`cluster-admin` can do anything to any resource: bound cluster-wide it owns the cluster, bound in a namespace it owns everything there, Secrets and RBAC included. A leaked token of such a subject is a full compromise.',
    howToFix: 'Write a Role (or ClusterRole) granting only the resources and verbs the subject needs and bind that; keep cluster-admin for break-glass human access.',
    kubeLinter: ['cluster-admin-role-binding'],
    polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole'],
  },
  check(ctx) {
    if (!isKind(ctx.resource, 'RoleBinding', 'ClusterRoleBinding')) return;
    if (ctx.value(at(ctx, 'roleRef', 'kind')) !== 'ClusterRole' || ctx.value(at(ctx, 'roleRef', 'name')) !== 'cluster-admin') return;
    const namespace = ctx.resource.namespace;
    ctx.report({
      path: at(ctx, 'roleRef', 'name'),
      at: 'value',
      // Bound in one namespace it is grave, but not the whole cluster: a warning.
      ...(ctx.resource.kind === 'RoleBinding' ? { severity: 'warning' as const } : {}),
      message: ctx.resource.kind === 'ClusterRoleBinding'
        ? l10n.t('This binding gives its subjects `cluster-admin`: full control of every resource in every namespace. Bind a ClusterRole that grants only what they need.')
        : namespace
          ? l10n.t('This binding gives its subjects `cluster-admin` in namespace `{0}`: full control of everything there, Secrets and RBAC included. Bind a Role that grants only what they need.', namespace)
          : l10n.t('This binding gives its subjects `cluster-admin` in its namespace: full control of everything there, Secrets and RBAC included. Bind a Role that grants only what they need.'),
    });
  },
};
