import { Codes } from '../../diagnostics';
import { parseQuantity } from '../../quantity';
import type { PathSegment } from '../../yaml/nodes';
import { CheckContext, PlainObject, integerAt, isSet, listAt, objectAt, stringAt } from './context';
import { checkLabelSelector } from './selectors';
import * as l10n from '@vscode/l10n';

/**
 * HorizontalPodAutoscalers, autoscaling/v1 and v2 (Kubernetes' pkg/apis/autoscaling/validation):
 * replica bounds, the target reference, each metric's source and target, scaling behavior.
 */

const PATH_SEGMENT_BAD = /[/%]/;
const METRIC_SOURCES: Record<string, string> = {
  Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource',
};

const minReplicasTooLow = (value: number) => l10n.t('`minReplicas: {0}` must be at least 1.', value);
const maxReplicasTooLow = (value: number) => l10n.t('`maxReplicas: {0}` must be at least 1.', value);
const minAboveMax = (min: number, max: number) => l10n.t('`minReplicas` ({0}) is greater than `maxReplicas` ({1}); the autoscaler needs `minReplicas` ≤ `maxReplicas`.', min, max);
const badRefName = (value: string, field: string) => l10n.t('`{0}` is not a valid `{1}` in `scaleTargetRef`: it may not be `.` or `..` and may not contain `/` or `%`.', value, field);
const sourceMissing = (type: string, field: string) => l10n.t('A metric of `type: {0}` needs `{1}`.', type, field);
const otherSource = (type: string, field: string) => l10n.t('A metric of `type: {0}` may only set `{1}`; remove `{2}`.', type, METRIC_SOURCES[type], field);
const utilizationOrValue = () => l10n.t('A resource metric\'s `target` needs `averageUtilization` or `averageValue`.');
const utilizationAndValue = () => l10n.t('A resource metric\'s `target` may set `averageUtilization` or `averageValue`, not both.');
const averageValueRequired = () => l10n.t('A `pods` metric\'s `target` needs `averageValue`.');
const valueOrAverage = (type: string) => l10n.t('A metric of `type: {0}` needs `target.value` or `target.averageValue`.', type);
const notPositive = (field: string, value: string) => l10n.t('`{0}: {1}` must be greater than 0.', field, value);
const windowRange = (value: number) => l10n.t('`stabilizationWindowSeconds: {0}` is out of range: use 0 to 3600.', value);
const periodRange = (value: number) => l10n.t('`periodSeconds: {0}` is out of range: use 1 to 1800.', value);
const policyValue = (value: number) => l10n.t('`value: {0}` must be greater than 0.', value);
const targetCpu = (value: number) => l10n.t('`targetCPUUtilizationPercentage: {0}` must be greater than 0.', value);

export function checkHorizontalPodAutoscaler(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const specPath = ctx.at('spec');
  const min = integerAt(spec.minReplicas);
  const max = integerAt(spec.maxReplicas);
  if (min !== undefined && min < 1) ctx.report(Codes.serverValue, [...specPath, 'minReplicas'], minReplicasTooLow(min));
  if (max !== undefined && max < 1) ctx.report(Codes.serverValue, [...specPath, 'maxReplicas'], maxReplicasTooLow(max));
  else if (max !== undefined && min !== undefined && min > max) ctx.report(Codes.serverValue, [...specPath, 'maxReplicas'], minAboveMax(min, max));
  const target = objectAt(spec.scaleTargetRef);
  for (const field of ['kind', 'name']) {
    const value = stringAt(target?.[field]);
    if (value !== undefined && value !== '' && (value === '.' || value === '..' || PATH_SEGMENT_BAD.test(value))) {
      ctx.report(Codes.serverValue, [...specPath, 'scaleTargetRef', field], badRefName(value, field));
    }
  }
  const cpu = integerAt(spec.targetCPUUtilizationPercentage); // autoscaling/v1
  if (cpu !== undefined && cpu < 1) ctx.report(Codes.serverValue, [...specPath, 'targetCPUUtilizationPercentage'], targetCpu(cpu));
  listAt(spec.metrics).forEach((item, index) => {
    const metric = objectAt(item);
    if (metric) checkMetric(ctx, metric, [...specPath, 'metrics', index]);
  });
  const behavior = objectAt(spec.behavior);
  if (behavior) {
    for (const direction of ['scaleUp', 'scaleDown']) {
      const rules = objectAt(behavior[direction]);
      if (rules) checkScalingRules(ctx, rules, [...specPath, 'behavior', direction]);
    }
  }
}

function checkMetric(ctx: CheckContext, metric: PlainObject, path: PathSegment[]): void {
  const type = stringAt(metric.type);
  if (!type || !METRIC_SOURCES[type]) return; // a missing or unknown type: the schema check's
  const field = METRIC_SOURCES[type];
  for (const other of Object.values(METRIC_SOURCES)) {
    if (other !== field && isSet(metric[other])) ctx.report(Codes.serverConflict, [...path, other], otherSource(type, other), { at: 'key' });
  }
  const source = objectAt(metric[field]);
  if (!source) {
    if (!ctx.partial) ctx.report(Codes.serverRequired, [...path, 'type'], sourceMissing(type, field));
    return;
  }
  const at = [...path, field];
  const metricId = objectAt(source.metric);
  if (metricId) checkLabelSelector(ctx, metricId.selector, [...at, 'metric', 'selector']);
  const target = objectAt(source.target);
  if (!target) return; // required by the schema
  const targetPath = [...at, 'target'];
  checkTarget(ctx, target, targetPath);
  if (ctx.partial) return;
  if (type === 'Resource' || type === 'ContainerResource') {
    const utilization = isSet(target.averageUtilization);
    const average = isSet(target.averageValue);
    if (!utilization && !average) ctx.report(Codes.serverRequired, targetPath, utilizationOrValue(), { at: 'key' });
    else if (utilization && average) ctx.report(Codes.serverConflict, [...targetPath, 'averageValue'], utilizationAndValue(), { at: 'key' });
  } else if (type === 'Pods') {
    if (!isSet(target.averageValue)) ctx.report(Codes.serverRequired, targetPath, averageValueRequired(), { at: 'key' });
  } else if (!isSet(target.value) && !isSet(target.averageValue)) {
    ctx.report(Codes.serverRequired, targetPath, valueOrAverage(type), { at: 'key' });
  }
}

function checkTarget(ctx: CheckContext, target: PlainObject, path: PathSegment[]): void {
  for (const field of ['value', 'averageValue']) {
    const quantity = parseQuantity(target[field]);
    if (quantity && quantity.digits <= 0n) ctx.report(Codes.serverValue, [...path, field], notPositive(field, String(target[field])));
  }
  const utilization = integerAt(target.averageUtilization);
  if (utilization !== undefined && utilization < 1) ctx.report(Codes.serverValue, [...path, 'averageUtilization'], notPositive('averageUtilization', String(utilization)));
}

function checkScalingRules(ctx: CheckContext, rules: PlainObject, path: PathSegment[]): void {
  const window = integerAt(rules.stabilizationWindowSeconds);
  if (window !== undefined && (window < 0 || window > 3600)) ctx.report(Codes.serverValue, [...path, 'stabilizationWindowSeconds'], windowRange(window));
  listAt(rules.policies).forEach((item, index) => {
    const policy = objectAt(item);
    if (!policy) return;
    const at = [...path, 'policies', index];
    const value = integerAt(policy.value);
    if (value !== undefined && value <= 0) ctx.report(Codes.serverValue, [...at, 'value'], policyValue(value));
    const period = integerAt(policy.periodSeconds);
    if (period !== undefined && (period <= 0 || period > 1800)) ctx.report(Codes.serverValue, [...at, 'periodSeconds'], periodRange(period));
  });
}
