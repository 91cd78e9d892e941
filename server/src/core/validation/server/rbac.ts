import { Codes } from '../../diagnostics';
import type { PathSegment } from '../../yaml/nodes';
import { CheckContext, PlainObject, isSet, listAt, objectAt, stringAt } from './context';
import { nameProblem } from './names';
import { checkLabelSelector } from './selectors';
import * as l10n from '@vscode/l10n';

/**
 * Roles, ClusterRoles and their bindings (Kubernetes' pkg/apis/rbac/validation): rules with verbs
 * and either resources or non-resource URLs, aggregation selectors, the role a binding refers to,
 * and its subjects.
 */

const RBAC_GROUP = 'rbac.authorization.k8s.io';

const verbsRequired = () => l10n.t('A rule needs at least one verb in `verbs`.');
const urlsInRole = () => l10n.t('`nonResourceURLs` may not be used in a Role: they are not namespaced; use a ClusterRole.');
const urlsAndResources = () => l10n.t('A rule may grant `nonResourceURLs` or resources (`apiGroups`, `resources`, `resourceNames`), not both; split it in two rules.');
const apiGroupsRequired = () => l10n.t('A resource rule needs at least one API group in `apiGroups` (`""` is the core group).');
const resourcesRequired = () => l10n.t('A resource rule needs at least one resource in `resources`.');
const selectorsRequired = () => l10n.t('`aggregationRule` needs at least one selector in `clusterRoleSelectors`.');
const roleRefGroup = (value: string) => l10n.t('`apiGroup: {0}` is not allowed in `roleRef`: the only value is `{1}`.', value, RBAC_GROUP);
const clusterBindingKind = (value: string) => l10n.t('A ClusterRoleBinding can only refer to a ClusterRole, not a {0}.', value);
const subjectGroup = (kind: string, value: string) => kind === 'ServiceAccount'
  ? l10n.t('`apiGroup: {0}` is not allowed for a ServiceAccount subject: leave it out (the core group).', value)
  : l10n.t('`apiGroup: {0}` is not allowed for a {1} subject: the only value is `{2}`.', value, kind, RBAC_GROUP);
const subjectNamespace = () => l10n.t('A ServiceAccount subject of a ClusterRoleBinding needs the `namespace` of the ServiceAccount.');
const subjectNameRequired = () => l10n.t('A subject needs a `name`.');

function checkRules(ctx: CheckContext, rules: unknown, path: PathSegment[], namespaced: boolean): void {
  listAt(rules).forEach((item, index) => {
    const rule = objectAt(item);
    if (!rule) return;
    const at = [...path, index];
    if (isSet(rule.verbs) && listAt(rule.verbs).length === 0) ctx.report(Codes.serverRequired, [...at, 'verbs'], verbsRequired(), { at: 'key' });
    if (listAt(rule.nonResourceURLs).length > 0) {
      if (namespaced) ctx.report(Codes.serverConflict, [...at, 'nonResourceURLs'], urlsInRole(), { at: 'key' });
      if (listAt(rule.apiGroups).length || listAt(rule.resources).length || listAt(rule.resourceNames).length) {
        ctx.report(Codes.serverConflict, [...at, 'nonResourceURLs'], urlsAndResources(), { at: 'key' });
      }
      return;
    }
    if (ctx.partial) return;
    if (listAt(rule.apiGroups).length === 0) ctx.report(Codes.serverRequired, isSet(rule.apiGroups) ? [...at, 'apiGroups'] : at, apiGroupsRequired(), { at: 'key' });
    if (listAt(rule.resources).length === 0) ctx.report(Codes.serverRequired, isSet(rule.resources) ? [...at, 'resources'] : at, resourcesRequired(), { at: 'key' });
  });
}

export function checkRole(ctx: CheckContext, root: PlainObject): void {
  const clusterRole = ctx.resource.kind === 'ClusterRole';
  checkRules(ctx, root.rules, ctx.at('rules'), !clusterRole);
  const aggregation = objectAt(root.aggregationRule);
  if (!clusterRole || !aggregation) return;
  const selectors = listAt(aggregation.clusterRoleSelectors);
  if (selectors.length === 0 && !ctx.partial) ctx.report(Codes.serverRequired, ctx.at('aggregationRule'), selectorsRequired(), { at: 'key' });
  selectors.forEach((selector, index) => checkLabelSelector(ctx, selector, ctx.at('aggregationRule', 'clusterRoleSelectors', index)));
}

export function checkRoleBinding(ctx: CheckContext, root: PlainObject): void {
  const clusterBinding = ctx.resource.kind === 'ClusterRoleBinding';
  const roleRef = objectAt(root.roleRef);
  if (roleRef) {
    const group = stringAt(roleRef.apiGroup);
    if (group !== undefined && group !== '' && group !== RBAC_GROUP) ctx.report(Codes.serverValue, ctx.at('roleRef', 'apiGroup'), roleRefGroup(group));
    if (clusterBinding && roleRef.kind === 'Role') ctx.report(Codes.serverValue, ctx.at('roleRef', 'kind'), clusterBindingKind('Role'));
    const name = stringAt(roleRef.name);
    if (name) {
      const problem = nameProblem(name, 'path-segment', l10n.t('role name'));
      if (problem) ctx.report(Codes.serverName, ctx.at('roleRef', 'name'), problem);
    }
  }
  listAt(root.subjects).forEach((item, index) => {
    const subject = objectAt(item);
    if (!subject) return;
    const at = ctx.at('subjects', index);
    const kind = stringAt(subject.kind);
    const name = stringAt(subject.name);
    if (name === '' && !ctx.partial) ctx.report(Codes.serverRequired, [...at, 'name'], subjectNameRequired());
    // An empty apiGroup is defaulted: to "" for ServiceAccounts, to the RBAC group for users and groups.
    const group = stringAt(subject.apiGroup) ?? '';
    if (kind === 'ServiceAccount') {
      if (name) {
        const problem = nameProblem(name, 'subdomain', l10n.t('ServiceAccount name'));
        if (problem) ctx.report(Codes.serverName, [...at, 'name'], problem);
      }
      if (group !== '') ctx.report(Codes.serverValue, [...at, 'apiGroup'], subjectGroup(kind, group));
      if (clusterBinding && !stringAt(subject.namespace) && !ctx.partial) ctx.report(Codes.serverRequired, [...at, 'kind'], subjectNamespace());
    } else if ((kind === 'User' || kind === 'Group') && group !== '' && group !== RBAC_GROUP) {
      ctx.report(Codes.serverValue, [...at, 'apiGroup'], subjectGroup(kind, group));
    }
  });
}
