import { Codes } from '../../diagnostics';
import type { PathSegment } from '../../yaml/nodes';
import { CheckContext, PlainObject, integerAt, isSet, listAt, objectAt, stringAt } from './context';
import { nameProblem } from './names';
import type { VolumeInfo } from './pod/volumes';
import { checkPersistentVolumeClaimSpec } from './storage';
import { checkLabelSelector, isEmptySelector, labelMap, mapMismatches, selectorMismatches } from './selectors';
import { checkCountOrPercent, checkNonNegative, checkTemplate, countOrPercent } from './template';
import * as l10n from '@vscode/l10n';

/**
 * Deployments, ReplicaSets, StatefulSets, DaemonSets (Kubernetes' pkg/apis/apps/validation) and
 * ReplicationControllers (core's ValidateReplicationController): the selector and the template
 * it must match, the template (restart policy `Always`, no `activeDeadlineSeconds`), counts that
 * may not be negative, and the rollout strategies.
 */

const emptySelector = (kind: string) => l10n.t('An empty selector is invalid for a {0}: it would select every pod; give it `matchLabels` or `matchExpressions`.', kind);
const rollingUpdateWithRecreate = () => l10n.t('`rollingUpdate` may not be set with `type: Recreate`.');
const rollingUpdateWithOnDelete = () => l10n.t('`rollingUpdate` is only allowed with `type: RollingUpdate`.');
const bothZero = () => l10n.t('`maxUnavailable` and `maxSurge` cannot both be 0: the rollout could never make progress.');
const dsBothNonZero = () => l10n.t('`maxSurge` may not be set when `maxUnavailable` is not 0 (it is 1 by default); set `maxUnavailable: 0` to surge.');
const dsBothZero = () => l10n.t('`maxUnavailable` cannot be 0 when `maxSurge` is 0: the rollout could never make progress.');
const stsMaxUnavailableZero = () => l10n.t('`maxUnavailable` cannot be 0.');
const progressDeadline = (progress: number, minReady: number) =>
  l10n.t('`progressDeadlineSeconds` ({0}) must be greater than `minReadySeconds` ({1}).', progress, minReady);
const progressDeadlineDefault = (minReady: number) =>
  l10n.t('`minReadySeconds` ({0}) must be less than `progressDeadlineSeconds`, which is 600 by default; raise `progressDeadlineSeconds`.', minReady);
const removeTitle = (field: string) => l10n.t('Remove `{0}`', field);

type Selected = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet';

/** The selector and the template labels it must match; returns the selector's path when it is usable. */
function checkSelectorAndTemplate(ctx: CheckContext, spec: PlainObject, specPath: PathSegment[], kind: Selected): void {
  const selector = objectAt(spec.selector);
  if (!selector) return; // missing: the schema check reports it
  const selectorPath = [...specPath, 'selector'];
  const wellFormed = checkLabelSelector(ctx, selector, selectorPath);
  if (isEmptySelector(selector)) {
    ctx.report(Codes.serverSelector, selectorPath, emptySelector(kind), { at: 'key' });
    return;
  }
  if (!wellFormed || ctx.partial) return; // a patch's labels may come from its base
  const labels = labelMap(objectAt(objectAt(objectAt(spec.template)?.metadata)?.labels));
  for (const mismatch of selectorMismatches(selector, labels, ctx.label)) ctx.report(Codes.serverSelector, [...selectorPath, ...mismatch.path], mismatch.message, { at: 'key' });
}

export function checkDeploymentLike(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const kind = ctx.resource.kind as 'Deployment' | 'ReplicaSet';
  const specPath = ctx.at('spec');
  checkNonNegative(ctx, spec, specPath, ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds']);
  checkSelectorAndTemplate(ctx, spec, specPath, kind);
  checkTemplate(ctx, spec.template, [...specPath, 'template'], { restart: 'always' });
  if (kind !== 'Deployment') return;
  checkDeploymentStrategy(ctx, objectAt(spec.strategy), [...specPath, 'strategy']);
  const minReady = integerAt(spec.minReadySeconds) ?? 0;
  const progress = integerAt(spec.progressDeadlineSeconds);
  if (progress !== undefined && progress >= 0 && progress <= minReady) ctx.report(Codes.serverValue, [...specPath, 'progressDeadlineSeconds'], progressDeadline(progress, minReady));
  else if (progress === undefined && !isSet(spec.progressDeadlineSeconds) && minReady >= 600 && !ctx.partial) ctx.report(Codes.serverValue, [...specPath, 'minReadySeconds'], progressDeadlineDefault(minReady));
}

function checkDeploymentStrategy(ctx: CheckContext, strategy: PlainObject | undefined, path: PathSegment[]): void {
  if (!strategy) return;
  const rollingUpdate = objectAt(strategy.rollingUpdate);
  if (strategy.type === 'Recreate') {
    if (isSet(strategy.rollingUpdate)) {
      ctx.report(Codes.serverConflict, [...path, 'rollingUpdate'], rollingUpdateWithRecreate(), {
        at: 'key', fixes: [{ fix: 'edit', title: removeTitle('rollingUpdate'), steps: [{ op: 'remove', path: [...path, 'rollingUpdate'] }], safe: true }],
      });
    }
    return;
  }
  if (!rollingUpdate) return;
  const at = [...path, 'rollingUpdate'];
  checkCountOrPercent(ctx, rollingUpdate.maxUnavailable, [...at, 'maxUnavailable'], 'maxUnavailable');
  checkCountOrPercent(ctx, rollingUpdate.maxSurge, [...at, 'maxSurge'], 'maxSurge', false);
  // Both default to 25%.
  const unavailable = isSet(rollingUpdate.maxUnavailable) ? countOrPercent(rollingUpdate.maxUnavailable) : 25;
  const surge = isSet(rollingUpdate.maxSurge) ? countOrPercent(rollingUpdate.maxSurge) : 25;
  if (unavailable === 0 && surge === 0) ctx.report(Codes.serverValue, [...at, 'maxUnavailable'], bothZero());
}

export function checkDaemonSet(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const specPath = ctx.at('spec');
  checkNonNegative(ctx, spec, specPath, ['minReadySeconds', 'revisionHistoryLimit']);
  checkSelectorAndTemplate(ctx, spec, specPath, 'DaemonSet');
  checkTemplate(ctx, spec.template, [...specPath, 'template'], { restart: 'always' });
  const strategy = objectAt(spec.updateStrategy);
  const rollingUpdate = objectAt(strategy?.rollingUpdate);
  if (!strategy || !rollingUpdate || strategy.type === 'OnDelete') return;
  const at = [...specPath, 'updateStrategy', 'rollingUpdate'];
  checkCountOrPercent(ctx, rollingUpdate.maxUnavailable, [...at, 'maxUnavailable'], 'maxUnavailable');
  checkCountOrPercent(ctx, rollingUpdate.maxSurge, [...at, 'maxSurge'], 'maxSurge');
  if (ctx.partial) return;
  // Defaults: maxUnavailable 1, maxSurge 0; exactly one of them may be non-zero.
  const unavailable = isSet(rollingUpdate.maxUnavailable) ? countOrPercent(rollingUpdate.maxUnavailable) : 1;
  const surge = isSet(rollingUpdate.maxSurge) ? countOrPercent(rollingUpdate.maxSurge) : 0;
  if (unavailable === undefined || surge === undefined) return;
  if (unavailable !== 0 && surge !== 0) ctx.report(Codes.serverConflict, [...at, 'maxSurge'], dsBothNonZero(), { at: 'key' });
  else if (unavailable === 0 && surge === 0) ctx.report(Codes.serverValue, [...at, 'maxUnavailable'], dsBothZero());
}

const serviceNameProblem = (value: string) => nameProblem(value, 'label', l10n.t('governing Service name'));

export function checkStatefulSet(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const specPath = ctx.at('spec');
  checkNonNegative(ctx, spec, specPath, ['replicas', 'minReadySeconds', 'revisionHistoryLimit']);
  const ordinals = objectAt(spec.ordinals);
  if (ordinals) checkNonNegative(ctx, ordinals, [...specPath, 'ordinals'], ['start']);
  // The governing Service's name becomes the pods' subdomain: a DNS label (checked from Kubernetes 1.33).
  const serviceName = stringAt(spec.serviceName);
  if (serviceName && ctx.minor >= 33) {
    const problem = serviceNameProblem(serviceName);
    if (problem) ctx.report(Codes.serverName, [...specPath, 'serviceName'], problem);
  }
  checkSelectorAndTemplate(ctx, spec, specPath, 'StatefulSet');
  // Kubernetes validates a StatefulSet's pod spec (with its claim templates as volumes) from 1.34 on;
  // before, only the template's labels, annotations and restart policy.
  const claimTemplates = new Map<string, VolumeInfo>();
  listAt(spec.volumeClaimTemplates).forEach((item, index) => {
    const claim = objectAt(item);
    const name = stringAt(objectAt(claim?.metadata)?.name);
    if (name) claimTemplates.set(name, { source: 'persistentVolumeClaim', claim: true });
    if (claim && ctx.minor >= 34) checkPersistentVolumeClaimSpec(ctx, claim.spec, [...specPath, 'volumeClaimTemplates', index, 'spec']);
  });
  checkTemplate(ctx, spec.template, [...specPath, 'template'], { restart: 'always', validateSpec: ctx.minor >= 34, extraVolumes: claimTemplates });
  const strategy = objectAt(spec.updateStrategy);
  if (!strategy) return;
  const strategyPath = [...specPath, 'updateStrategy'];
  if (strategy.type === 'OnDelete' && isSet(strategy.rollingUpdate)) {
    ctx.report(Codes.serverConflict, [...strategyPath, 'rollingUpdate'], rollingUpdateWithOnDelete(), {
      at: 'key', fixes: [{ fix: 'edit', title: removeTitle('rollingUpdate'), steps: [{ op: 'remove', path: [...strategyPath, 'rollingUpdate'] }], safe: true }],
    });
    return;
  }
  const rollingUpdate = objectAt(strategy.rollingUpdate);
  if (!rollingUpdate) return;
  const at = [...strategyPath, 'rollingUpdate'];
  checkNonNegative(ctx, rollingUpdate, at, ['partition']);
  if (!isSet(rollingUpdate.maxUnavailable)) return;
  checkCountOrPercent(ctx, rollingUpdate.maxUnavailable, [...at, 'maxUnavailable'], 'maxUnavailable');
  if (countOrPercent(rollingUpdate.maxUnavailable) === 0) ctx.report(Codes.serverValue, [...at, 'maxUnavailable'], stsMaxUnavailableZero());
}

export function checkReplicationController(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const specPath = ctx.at('spec');
  checkNonNegative(ctx, spec, specPath, ['replicas', 'minReadySeconds']);
  checkTemplate(ctx, spec.template, [...specPath, 'template'], { restart: 'always' });
  // An empty selector is defaulted to the template's labels.
  const selector = objectAt(spec.selector);
  if (!selector || Object.keys(selector).length === 0 || ctx.partial) return;
  const labels = labelMap(objectAt(objectAt(objectAt(spec.template)?.metadata)?.labels));
  for (const mismatch of mapMismatches(selector, labels, ctx.label)) ctx.report(Codes.serverSelector, [...specPath, 'selector', ...mismatch.path], mismatch.message, { at: 'key' });
}
