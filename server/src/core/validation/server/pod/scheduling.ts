import { Codes } from '../../../diagnostics';
import type { PathSegment } from '../../../yaml/nodes';
import { CheckContext, PlainObject, integerAt, isSet, listAt, objectAt, stringAt } from '../context';
import { checkLabels } from '../labels';
import { labelValueProblem, nameProblem, qualifiedNameProblem } from '../names';
import { checkLabelSelector } from '../selectors';
import * as l10n from '@vscode/l10n';

/**
 * Where a pod may run (core's validateAffinity, ValidateTolerations and
 * validateTopologySpreadConstraints): node and pod affinity terms, tolerations, topology spread.
 */

const valuesRequired = (operator: string) => l10n.t('`operator: {0}` needs at least one value in `values`.', operator);
const valuesForbidden = (operator: string) => l10n.t('`operator: {0}` takes no `values`; remove them.', operator);
const oneValue = (operator: string) => l10n.t('`operator: {0}` takes exactly one value in `values`.', operator);
const noTerms = () => l10n.t('`nodeSelectorTerms` needs at least one term.');
const badMatchField = (key: string) => l10n.t('`{0}` is not a field a node can be selected by: the only one is `metadata.name`.', key);
const matchFieldOperator = () => l10n.t('`matchFields` takes `operator: In` or `NotIn` with exactly one value.');
const badWeight = (value: number) => l10n.t('`weight: {0}` is out of range: use 1 to 100.', value);
const topologyKeyMissing = () => l10n.t('`topologyKey` must not be empty.');
const labelKeysWithoutSelector = (field: string) => l10n.t('`{0}` needs a `labelSelector` to add its keys to.', field);
const keyAlsoInSelector = (key: string, field: string) => l10n.t('`{0}` is in both `{1}` and `labelSelector`; list it in one.', key, field);
const keyInBoth = (key: string) => l10n.t('`{0}` is in both `matchLabelKeys` and `mismatchLabelKeys`; list it in one.', key);
const emptyKeyNeedsExists = () => l10n.t('A toleration without a `key` matches every taint, which needs `operator: Exists`.');
const secondsNeedNoExecute = () => l10n.t('`tolerationSeconds` only applies to `effect: NoExecute`; set that effect or remove it.');
const existsTakesNoValue = () => l10n.t('`operator: Exists` takes no `value`; remove it.');
const maxSkewPositive = (value: number) => l10n.t('`maxSkew: {0}` must be greater than 0.', value);
const minDomainsPositive = (value: number) => l10n.t('`minDomains: {0}` must be greater than 0.', value);
const minDomainsNeedsDoNotSchedule = () => l10n.t('`minDomains` can only be used with `whenUnsatisfiable: DoNotSchedule`.');
const duplicateSpread = (key: string, when: string) =>
  l10n.t('Another constraint already spreads by `{0}` with `whenUnsatisfiable: {1}`; each pair may appear once.', key, when);

function checkNodeRequirements(ctx: CheckContext, requirements: unknown, path: PathSegment[], checkValues: boolean): void {
  listAt(requirements).forEach((item, index) => {
    const requirement = objectAt(item);
    if (!requirement) return;
    const at = [...path, index];
    const operator = stringAt(requirement.operator);
    const values = listAt(requirement.values);
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) ctx.report(Codes.serverSelector, [...at, requirement.values === undefined ? 'operator' : 'values'], valuesRequired(operator));
    else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) ctx.report(Codes.serverSelector, [...at, 'values'], valuesForbidden(operator), { at: 'key' });
    else if ((operator === 'Gt' || operator === 'Lt') && values.length !== 1) ctx.report(Codes.serverSelector, [...at, requirement.values === undefined ? 'operator' : 'values'], oneValue(operator));
    const key = stringAt(requirement.key);
    const keyProblem = key === undefined ? undefined : qualifiedNameProblem(key, l10n.t('label key'));
    if (keyProblem) ctx.report(Codes.serverLabel, [...at, 'key'], keyProblem);
    if (!checkValues) return;
    values.forEach((value, i) => {
      const problem = typeof value === 'string' ? labelValueProblem(value, l10n.t('label value')) : undefined;
      if (problem) ctx.report(Codes.serverLabel, [...at, 'values', i], problem);
    });
  });
}

function checkNodeSelectorTerm(ctx: CheckContext, term: PlainObject, path: PathSegment[], checkValues: boolean): void {
  checkNodeRequirements(ctx, term.matchExpressions, [...path, 'matchExpressions'], checkValues);
  listAt(term.matchFields).forEach((item, index) => {
    const requirement = objectAt(item);
    if (!requirement) return;
    const at = [...path, 'matchFields', index];
    const key = stringAt(requirement.key);
    if (key !== undefined && key !== 'metadata.name') ctx.report(Codes.serverSelector, [...at, 'key'], badMatchField(key));
    const values = listAt(requirement.values);
    if ((requirement.operator !== 'In' && requirement.operator !== 'NotIn') || values.length !== 1) ctx.report(Codes.serverSelector, [...at, 'operator'], matchFieldOperator());
    values.forEach((value, i) => {
      const problem = typeof value === 'string' ? nameProblem(value, 'subdomain', l10n.t('node name')) : undefined;
      if (problem) ctx.report(Codes.serverName, [...at, 'values', i], problem);
    });
  });
}

function checkWeight(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  const weight = integerAt(value);
  if (weight !== undefined && (weight < 1 || weight > 100)) ctx.report(Codes.serverValue, path, badWeight(weight));
}

/** `matchLabelKeys`/`mismatchLabelKeys`: label keys, with a selector; `selectorKeys`: keys they may not repeat. */
function checkLabelKeys(ctx: CheckContext, keys: unknown, selector: unknown, path: PathSegment[], field: string, selectorKeys: Set<string>): void {
  const list = listAt(keys);
  if (list.length === 0) return;
  if (!objectAt(selector)) {
    ctx.report(Codes.serverSelector, path, labelKeysWithoutSelector(field), { at: 'key' });
    return;
  }
  list.forEach((key, index) => {
    if (typeof key !== 'string') return;
    const problem = qualifiedNameProblem(key, l10n.t('label key'));
    if (problem) ctx.report(Codes.serverLabel, [...path, index], problem);
    else if (selectorKeys.has(key)) ctx.report(Codes.serverSelector, [...path, index], keyAlsoInSelector(key, field));
  });
}

function selectorKeysOf(selector: unknown): Set<string> {
  const object = objectAt(selector);
  const keys = new Set<string>(Object.keys(objectAt(object?.matchLabels) ?? {}));
  for (const expression of listAt(object?.matchExpressions)) {
    const key = stringAt(objectAt(expression)?.key);
    if (key !== undefined) keys.add(key);
  }
  return keys;
}

function checkPodAffinityTerm(ctx: CheckContext, term: PlainObject, path: PathSegment[]): void {
  checkLabelSelector(ctx, term.labelSelector, [...path, 'labelSelector']);
  checkLabelSelector(ctx, term.namespaceSelector, [...path, 'namespaceSelector']);
  listAt(term.namespaces).forEach((namespace, index) => {
    const problem = typeof namespace === 'string' ? nameProblem(namespace, 'label', l10n.t('namespace name')) : undefined;
    if (problem) ctx.report(Codes.serverName, [...path, 'namespaces', index], problem);
  });
  const topologyKey = stringAt(term.topologyKey);
  if (topologyKey === '') ctx.report(Codes.serverRequired, [...path, 'topologyKey'], topologyKeyMissing());
  else if (topologyKey !== undefined) {
    const problem = qualifiedNameProblem(topologyKey, l10n.t('topology key'));
    if (problem) ctx.report(Codes.serverLabel, [...path, 'topologyKey'], problem);
  }
  // (A pod template's keys may repeat the selector's: the server merges them only into the pods it creates.)
  checkLabelKeys(ctx, term.matchLabelKeys, term.labelSelector, [...path, 'matchLabelKeys'], 'matchLabelKeys', new Set());
  checkLabelKeys(ctx, term.mismatchLabelKeys, term.labelSelector, [...path, 'mismatchLabelKeys'], 'mismatchLabelKeys', new Set());
  const mismatch = new Set(listAt(term.mismatchLabelKeys).filter((key): key is string => typeof key === 'string'));
  listAt(term.matchLabelKeys).forEach((key, index) => {
    if (typeof key === 'string' && mismatch.has(key)) ctx.report(Codes.serverSelector, [...path, 'matchLabelKeys', index], keyInBoth(key));
  });
}

export function checkAffinity(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  const affinity = objectAt(value);
  if (!affinity) return;
  const nodeAffinity = objectAt(affinity.nodeAffinity);
  if (nodeAffinity) {
    const base = [...path, 'nodeAffinity'];
    const required = objectAt(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution);
    if (required) {
      const requiredPath = [...base, 'requiredDuringSchedulingIgnoredDuringExecution'];
      const terms = listAt(required.nodeSelectorTerms);
      if (terms.length === 0 && Array.isArray(required.nodeSelectorTerms)) ctx.report(Codes.serverRequired, [...requiredPath, 'nodeSelectorTerms'], noTerms(), { at: 'key' });
      terms.forEach((term, index) => {
        const object = objectAt(term);
        if (object) checkNodeSelectorTerm(ctx, object, [...requiredPath, 'nodeSelectorTerms', index], true);
      });
    }
    listAt(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((item, index) => {
      const preferred = objectAt(item);
      if (!preferred) return;
      const at = [...base, 'preferredDuringSchedulingIgnoredDuringExecution', index];
      checkWeight(ctx, preferred.weight, [...at, 'weight']);
      // Preferred terms may hold label values no node has: the server does not check them.
      const preference = objectAt(preferred.preference);
      if (preference) checkNodeSelectorTerm(ctx, preference, [...at, 'preference'], false);
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const podAffinity = objectAt(affinity[kind]);
    if (!podAffinity) continue;
    const base = [...path, kind];
    listAt(podAffinity.requiredDuringSchedulingIgnoredDuringExecution).forEach((item, index) => {
      const term = objectAt(item);
      if (term) checkPodAffinityTerm(ctx, term, [...base, 'requiredDuringSchedulingIgnoredDuringExecution', index]);
    });
    listAt(podAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((item, index) => {
      const weighted = objectAt(item);
      if (!weighted) return;
      const at = [...base, 'preferredDuringSchedulingIgnoredDuringExecution', index];
      checkWeight(ctx, weighted.weight, [...at, 'weight']);
      const term = objectAt(weighted.podAffinityTerm);
      if (term) checkPodAffinityTerm(ctx, term, [...at, 'podAffinityTerm']);
    });
  }
}

export function checkTolerations(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  listAt(value).forEach((item, index) => {
    const toleration = objectAt(item);
    if (!toleration) return;
    const at = [...path, index];
    const key = stringAt(toleration.key) ?? '';
    const operator = stringAt(toleration.operator) ?? '';
    if (key !== '') {
      const problem = qualifiedNameProblem(key, l10n.t('taint key'));
      if (problem) ctx.report(Codes.serverLabel, [...at, 'key'], problem);
    } else if (operator !== 'Exists') {
      ctx.report(Codes.serverValue, isSet(toleration.operator) ? [...at, 'operator'] : at, emptyKeyNeedsExists(), { at: isSet(toleration.operator) ? 'value' : 'key' });
    }
    if (isSet(toleration.tolerationSeconds) && toleration.effect !== 'NoExecute') {
      ctx.report(Codes.serverConflict, [...at, 'tolerationSeconds'], secondsNeedNoExecute(), { at: 'key' });
    }
    const tolerated = stringAt(toleration.value) ?? '';
    if (operator === 'Exists' && tolerated !== '') ctx.report(Codes.serverConflict, [...at, 'value'], existsTakesNoValue(), { at: 'key' });
    else if ((operator === 'Equal' || operator === '') && tolerated !== '') {
      const problem = labelValueProblem(tolerated, l10n.t('taint value'));
      if (problem) ctx.report(Codes.serverLabel, [...at, 'value'], problem);
    }
  });
}

export function checkTopologySpread(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  const seen = new Set<string>();
  listAt(value).forEach((item, index) => {
    const constraint = objectAt(item);
    if (!constraint) return;
    const at = [...path, index];
    const maxSkew = integerAt(constraint.maxSkew);
    if (maxSkew !== undefined && maxSkew <= 0) {
      ctx.report(Codes.serverValue, [...at, 'maxSkew'], maxSkewPositive(maxSkew), {
        fixes: [{ fix: 'edit', title: l10n.t('Set `maxSkew: 1`'), steps: [{ op: 'set', path: [...at, 'maxSkew'], value: 1 }] }],
      });
    }
    const topologyKey = stringAt(constraint.topologyKey);
    if (topologyKey === '') ctx.report(Codes.serverRequired, [...at, 'topologyKey'], topologyKeyMissing());
    const when = stringAt(constraint.whenUnsatisfiable);
    if (topologyKey && when) {
      const pair = `${topologyKey}\u0000${when}`;
      if (seen.has(pair) && !ctx.partial) ctx.report(Codes.serverDuplicate, [...at, 'topologyKey'], duplicateSpread(topologyKey, when));
      seen.add(pair);
    }
    if (isSet(constraint.minDomains)) {
      const minDomains = integerAt(constraint.minDomains);
      if (minDomains !== undefined && minDomains <= 0) ctx.report(Codes.serverValue, [...at, 'minDomains'], minDomainsPositive(minDomains));
      if (when !== undefined && when !== 'DoNotSchedule') ctx.report(Codes.serverConflict, [...at, 'minDomains'], minDomainsNeedsDoNotSchedule(), { at: 'key' });
    }
    checkLabelKeys(ctx, constraint.matchLabelKeys, constraint.labelSelector, [...at, 'matchLabelKeys'], 'matchLabelKeys', selectorKeysOf(constraint.labelSelector));
    checkLabelSelector(ctx, constraint.labelSelector, [...at, 'labelSelector']);
  });
}

/** A pod spec's `nodeSelector`: labels. */
export function checkNodeSelector(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  checkLabels(ctx, value, path);
}
