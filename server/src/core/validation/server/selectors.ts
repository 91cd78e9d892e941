import { Codes } from '../../diagnostics';
import type { PathSegment } from '../../yaml/nodes';
import { CheckContext, isObject, listAt, objectAt, stringAt } from './context';
import { checkLabels } from './labels';
import { labelValueProblem, qualifiedNameProblem } from './names';
import * as l10n from '@vscode/l10n';

/**
 * Label selectors (apimachinery's meta/v1 ValidateLabelSelector) and whether a selector matches a
 * set of labels (labels.Selector.Matches, as LabelSelectorAsSelector builds it): what the workload
 * controllers require of their pod templates.
 */

const valuesRequired = (operator: string) => l10n.t('`operator: {0}` needs at least one value in `values`.', operator);
const valuesForbidden = (operator: string) => l10n.t('`operator: {0}` takes no `values`; remove them.', operator);

/** Checks a LabelSelector (`matchLabels` and `matchExpressions`). Returns whether it is well formed. */
export function checkLabelSelector(ctx: CheckContext, selector: unknown, path: PathSegment[]): boolean {
  const object = objectAt(selector);
  if (!object) return true;
  const before = ctx.problems.length;
  checkLabels(ctx, object.matchLabels, [...path, 'matchLabels']);
  listAt(object.matchExpressions).forEach((item, index) => {
    const expression = objectAt(item);
    if (!expression) return;
    const at = [...path, 'matchExpressions', index];
    const key = stringAt(expression.key);
    const keyProblem = key === undefined ? undefined : qualifiedNameProblem(key, l10n.t('label key'));
    if (keyProblem) ctx.report(Codes.serverLabel, [...at, 'key'], keyProblem);
    const values = Array.isArray(expression.values) ? expression.values : [];
    const operator = stringAt(expression.operator);
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      ctx.report(Codes.serverSelector, [...at, expression.values === undefined ? 'operator' : 'values'], valuesRequired(operator));
    } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      ctx.report(Codes.serverSelector, [...at, 'values'], valuesForbidden(operator), { at: 'key' });
    }
    values.forEach((value, i) => {
      const problem = typeof value === 'string' ? labelValueProblem(value, l10n.t('label value')) : undefined;
      if (problem) ctx.report(Codes.serverLabel, [...at, 'values', i], problem);
    });
  });
  return ctx.problems.length === before;
}

/** Whether a selector has no requirement at all (the API server rejects that for workloads). */
export function isEmptySelector(selector: unknown): boolean {
  const object = objectAt(selector);
  if (!object) return false;
  const matchLabels = objectAt(object.matchLabels);
  return (!matchLabels || Object.keys(matchLabels).length === 0) && listAt(object.matchExpressions).length === 0;
}

/** One requirement of a selector the labels do not meet: where it is (relative to the selector) and why. */
export interface Mismatch {
  path: PathSegment[];
  message: string;
}

const labelDiffers = (key: string, wanted: string, actual: string, what: string) =>
  l10n.t('The selector requires `{0}: {1}`, but the pod template has `{0}: {2}`; the API server rejects {3} as written. Make the selector and `spec.template.metadata.labels` agree.', key, wanted, actual, what);
const labelMissing = (key: string, wanted: string, what: string) =>
  l10n.t('The selector requires `{0}: {1}`, but the pod template has no `{0}` label; the API server rejects {2} as written. Make the selector and `spec.template.metadata.labels` agree.', key, wanted, what);
const notInSet = (key: string, values: string, actual: string, what: string) =>
  l10n.t('The selector requires `{0}` in ({1}), but the pod template has {2}; the API server rejects {3} as written. Make the selector and `spec.template.metadata.labels` agree.', key, values, actual, what);
const inExcludedSet = (key: string, values: string, actual: string, what: string) =>
  l10n.t('The selector requires `{0}` not in ({1}), but the pod template has {2}; the API server rejects {3} as written. Make the selector and `spec.template.metadata.labels` agree.', key, values, actual, what);
const existsMissing = (key: string, what: string) =>
  l10n.t('The selector requires a `{0}` label, but the pod template has none; the API server rejects {1} as written. Make the selector and `spec.template.metadata.labels` agree.', key, what);
const doesNotExistPresent = (key: string, actual: string, what: string) =>
  l10n.t('The selector requires no `{0}` label, but the pod template has {1}; the API server rejects {2} as written. Make the selector and `spec.template.metadata.labels` agree.', key, actual, what);

/** `` `key: value` `` or "no `key` label", for the set-based messages. */
function shownLabel(labels: Map<string, string>, key: string): string {
  return labels.has(key) ? `\`${key}: ${labels.get(key)}\`` : l10n.t('no `{0}` label', key);
}

/** A selector's plain `key: value` requirements (a ReplicationController's selector is only that). */
export function mapMismatches(selector: unknown, labels: Map<string, string>, what: string, base: PathSegment[] = [], ignore?: ReadonlySet<string>): Mismatch[] {
  const found: Mismatch[] = [];
  if (!isObject(selector)) return found;
  for (const key of Object.keys(selector)) {
    const wanted = labelText(selector[key]);
    if (wanted === undefined || ignore?.has(key) || labels.get(key) === wanted) continue;
    found.push({
      path: [...base, key],
      message: labels.has(key) ? labelDiffers(key, wanted, labels.get(key)!, what) : labelMissing(key, wanted, what),
    });
  }
  return found;
}

/**
 * The requirements of a LabelSelector that `labels` do not meet. `ignore`: keys whose values the
 * API server sets itself (a Job's controller-uid), left out.
 */
export function selectorMismatches(selector: unknown, labels: Map<string, string>, what: string, ignore?: ReadonlySet<string>): Mismatch[] {
  const object = objectAt(selector);
  if (!object) return [];
  const found = mapMismatches(object.matchLabels, labels, what, ['matchLabels'], ignore);
  const expressions = object.matchExpressions;
  if (!Array.isArray(expressions)) return found;
  for (let index = 0; index < expressions.length; index++) {
    const expression = objectAt(expressions[index]);
    const key = stringAt(expression?.key);
    if (!expression || key === undefined || ignore?.has(key)) continue;
    const values = listAt(expression.values).map(String);
    const has = labels.has(key);
    const listed = values.join(', ');
    let message: string | undefined;
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(labels.get(key)!)) message = notInSet(key, listed, shownLabel(labels, key), what);
        break;
      case 'NotIn':
        if (has && values.includes(labels.get(key)!)) message = inExcludedSet(key, listed, shownLabel(labels, key), what);
        break;
      case 'Exists':
        if (!has) message = existsMissing(key, what);
        break;
      case 'DoesNotExist':
        if (has) message = doesNotExistPresent(key, shownLabel(labels, key), what);
        break;
      default:
        break;
    }
    if (message) found.push({ path: ['matchExpressions', index], message });
  }
  return found;
}

/** A label's value as text: a scalar read as written (a number there is the schema check's error). */
function labelText(value: unknown): string | undefined {
  return typeof value === 'string' ? value
    : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : undefined;
}

/**
 * A map of labels, scalars as text (a number or boolean there is the schema check's error; read as
 * written, it does not also make a selector mismatch).
 */
export function labelMap(value: unknown): Map<string, string> {
  const labels = new Map<string, string>();
  if (!isObject(value)) return labels;
  for (const key of Object.keys(value)) {
    const text = labelText(value[key]);
    if (text !== undefined) labels.set(key, text);
  }
  return labels;
}
