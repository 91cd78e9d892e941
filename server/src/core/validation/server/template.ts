import { Codes, FixData } from '../../diagnostics';
import type { PathSegment } from '../../yaml/nodes';
import { CheckContext, PlainObject, integerAt, isSet, objectAt, stringAt } from './context';
import { checkAnnotations, checkLabels } from './labels';
import { checkPodSpec } from './pod/podSpec';
import type { VolumeInfo } from './pod/volumes';
import * as l10n from '@vscode/l10n';

/**
 * The pod template of a controller (core's ValidatePodTemplateSpec, with what each controller's
 * own validation adds: apps' ValidatePodTemplateSpecForReplicaSet and friends, batch's
 * validateJobSpec): its labels and annotations, its pod spec, and the restart policy the
 * controller needs.
 */

export interface TemplateOptions {
  /** What the controller allows as `restartPolicy`: `Always` only, or `OnFailure`/`Never` (Jobs). */
  restart: 'always' | 'batch';
  /** Whether the template's pod spec is validated (not for StatefulSets before Kubernetes 1.34). */
  validateSpec?: boolean;
  /** Volumes the controller adds (a StatefulSet's claim templates). */
  extraVolumes?: ReadonlyMap<string, VolumeInfo>;
  /** A Job with a `podFailurePolicy`: only `restartPolicy: Never` goes with it. */
  podFailurePolicy?: boolean;
}

const onlyAlways = (value: string, kind: string) =>
  l10n.t('`restartPolicy: {0}` is not allowed in a {1}\'s pod template: the only value is `Always` (the default).', value, kind);
const jobNeedsPolicy = (what: string) =>
  l10n.t('{0} does not set the pod template\'s `restartPolicy`, so it defaults to `Always`, which the API server rejects for Jobs; set `OnFailure` or `Never`.', what);
const jobNeedsNeverPolicy = (what: string) =>
  l10n.t('{0} does not set the pod template\'s `restartPolicy`, so it defaults to `Always`, which the API server rejects for Jobs; set `Never` (the only value that goes with a `podFailurePolicy`).', what);
const jobRejectsAlways = (what: string) =>
  l10n.t('{0} runs its pods with `restartPolicy: Always`, which the API server rejects for Jobs; use `OnFailure` or `Never`.', what);
const jobRejectsAlwaysNever = (what: string) =>
  l10n.t('{0} runs its pods with `restartPolicy: Always`, which the API server rejects for Jobs; use `Never` (the only value that goes with a `podFailurePolicy`).', what);
const jobNeedsNever = (value: string) =>
  l10n.t('`restartPolicy: {0}` cannot go with a `podFailurePolicy`: the only value then is `Never`.', value);
const deadlineForbidden = (kind: string) =>
  l10n.t('`activeDeadlineSeconds` is not supported in a {0}\'s pod template; its pods run until replaced.', kind);
const setPolicyTitle = (value: string) => l10n.t('Set `restartPolicy: {0}`', value);

function setPolicy(specPath: PathSegment[], value: string, safe: boolean): FixData {
  return {
    fix: 'edit', title: setPolicyTitle(value), ...(safe ? { safe } : {}),
    steps: [{ op: 'set', path: [...specPath, 'restartPolicy'], value, before: ['initContainers', 'containers'] }],
  };
}

/** Checks `template` (metadata and spec) of a controller at `templatePath`. */
export function checkTemplate(ctx: CheckContext, template: unknown, templatePath: PathSegment[], options: TemplateOptions): void {
  const object = objectAt(template);
  if (!object) return;
  const metadata = objectAt(object.metadata);
  if (metadata) {
    checkLabels(ctx, metadata.labels, [...templatePath, 'metadata', 'labels']);
    checkAnnotations(ctx, metadata.annotations, [...templatePath, 'metadata', 'annotations']);
  }
  const spec = objectAt(object.spec);
  if (!spec) return;
  const specPath = [...templatePath, 'spec'];
  if (options.validateSpec !== false) checkPodSpec(ctx, spec, specPath, { isPod: false, extraVolumes: options.extraVolumes });
  checkRestartPolicy(ctx, spec, specPath, options);
}

function checkRestartPolicy(ctx: CheckContext, spec: PlainObject, specPath: PathSegment[], options: TemplateOptions): void {
  const kind = ctx.resource.kind;
  const policy = stringAt(spec.restartPolicy);
  const path = [...specPath, 'restartPolicy'];
  if (options.restart === 'always') {
    if (policy === 'Never' || policy === 'OnFailure') ctx.report(Codes.serverRestartPolicy, path, onlyAlways(policy, kind), { fixes: [setPolicy(specPath, 'Always', true)] });
    if (isSet(spec.activeDeadlineSeconds)) {
      ctx.report(Codes.serverConflict, [...specPath, 'activeDeadlineSeconds'], deadlineForbidden(kind), {
        at: 'key', fixes: [{ fix: 'edit', title: l10n.t('Remove `activeDeadlineSeconds`'), steps: [{ op: 'remove', path: [...specPath, 'activeDeadlineSeconds'] }], safe: true }],
      });
    }
    return;
  }
  if (policy === undefined || policy === '' || policy === 'Always') {
    // A patch may leave the policy to its base; a patch that says Always overrides the base. A
    // misspelt `restartPolicy` is the schema check's to point out.
    if (policy !== 'Always' && (ctx.partial || ctx.schemaWillAdd(specPath, 'restartPolicy'))) return;
    const fixes = options.podFailurePolicy ? [setPolicy(specPath, 'Never', true)] : [setPolicy(specPath, 'OnFailure', false), setPolicy(specPath, 'Never', false)];
    const what = ctx.subject;
    if (policy === 'Always') {
      ctx.report(Codes.serverRestartPolicy, path, options.podFailurePolicy ? jobRejectsAlwaysNever(what) : jobRejectsAlways(what), { fixes });
    } else {
      ctx.report(Codes.serverRestartPolicy, specPath, options.podFailurePolicy ? jobNeedsNeverPolicy(what) : jobNeedsPolicy(what), { at: 'key', fixes });
    }
    return;
  }
  if (options.podFailurePolicy && policy === 'OnFailure') ctx.report(Codes.serverRestartPolicy, path, jobNeedsNever(policy), { fixes: [setPolicy(specPath, 'Never', true)] });
}

/** IntOrString fields that take a count or a percentage (apps' ValidatePositiveIntOrPercent, IsNotMoreThan100Percent). */
const PERCENT = /^[0-9]+%$/;

const notCountOrPercent = (field: string, value: string) =>
  l10n.t('`{0}: {1}` is neither a number nor a percentage such as `25%`.', field, value);
const negativeCount = (field: string, value: number) => l10n.t('`{0}: {1}` may not be negative.', field, value);
const overHundred = (field: string, value: string) => l10n.t('`{0}: {1}` may not be more than 100%.', field, value);

/** The value of a count-or-percentage (`25%` → 25, `3` → 3), or undefined when it is neither. */
export function countOrPercent(value: unknown): number | undefined {
  if (typeof value === 'string') return PERCENT.test(value) ? Number(value.slice(0, -1)) : undefined;
  return integerAt(value);
}

/** Checks a count-or-percentage field; `percentMax`: reject percentages above 100. */
export function checkCountOrPercent(ctx: CheckContext, value: unknown, path: PathSegment[], field: string, percentMax = true): void {
  if (typeof value === 'string') {
    if (!PERCENT.test(value)) ctx.report(Codes.serverValue, path, notCountOrPercent(field, value));
    else if (percentMax && Number(value.slice(0, -1)) > 100) ctx.report(Codes.serverValue, path, overHundred(field, value));
    return;
  }
  const count = integerAt(value);
  if (count !== undefined && count < 0) ctx.report(Codes.serverValue, path, negativeCount(field, count));
}

const negative = (field: string, value: number) => l10n.t('`{0}: {1}` may not be negative.', field, value);

/** Fields that may not be negative (core's ValidateNonnegativeField). */
export function checkNonNegative(ctx: CheckContext, object: PlainObject, path: PathSegment[], fields: readonly string[]): void {
  // The object's own keys (a few) against the fields: a lookup of each absent field costs more.
  for (const field of Object.keys(object)) {
    if (!fields.includes(field)) continue;
    const value = integerAt(object[field]);
    if (value !== undefined && value < 0) ctx.report(Codes.serverValue, [...path, field], negative(field, value));
  }
}
