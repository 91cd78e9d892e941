import { Codes } from '../../diagnostics';
import type { PathSegment } from '../../yaml/nodes';
import { closestMatch, preview } from '../text';
import { CheckContext, PlainObject, isSet, objectAt, stringAt } from './context';
import { cronProblem } from './cron';
import { checkAnnotations, checkLabels } from './labels';
import { checkLabelSelector, labelMap, selectorMismatches } from './selectors';
import { checkNonNegative, checkTemplate } from './template';
import { TIME_ZONE_NAMES } from './timeZones';
import * as l10n from '@vscode/l10n';

/**
 * Jobs and CronJobs (Kubernetes' pkg/apis/batch/validation): counts that may not be negative,
 * indexed completion, the pod template (restart policy `OnFailure` or `Never`), the selector, and
 * a CronJob's schedule, time zone and job template.
 */

const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;
let timeZones: Set<string> | undefined;

const completionsRequired = () => l10n.t('`completionMode: Indexed` needs `completions`.');
const needsIndexed = (field: string) => l10n.t('`{0}` needs `completionMode: Indexed`.', field);
const needsPerIndex = () => l10n.t('`maxFailedIndexes` needs `backoffLimitPerIndex`.');
const selectorWithoutManual = () => l10n.t('`manualSelector: true` needs a `selector`; without it, leave `manualSelector` out and the API server generates one.');
const selectorInTemplate = () => l10n.t('A CronJob\'s job template may not set `selector`: the API server generates it for each Job.');
const manualInTemplate = () => l10n.t('A CronJob\'s job template may not set `manualSelector: true`: the API server generates each Job\'s selector.');
const tzInSchedule = () => l10n.t('`TZ=` and `CRON_TZ=` are not allowed in the schedule; set the `timeZone` field instead.');
const emptyTimeZone = () => l10n.t('`timeZone` may not be empty; leave it out to use the controller\'s time zone.');
const localTimeZone = (value: string) => l10n.t('`{0}` is not an explicit time zone; use an IANA name such as `Europe/Paris` or `Etc/UTC`.', value);
const unknownTimeZone = (value: string, near: string | undefined) => near
  ? l10n.t('`{0}` is not a time zone the API server knows; did you mean `{1}`?', value, near)
  : l10n.t('`{0}` is not a time zone the API server knows; use an IANA name such as `America/New_York` or `Etc/UTC`.', value);
const setTimeZoneTitle = (value: string) => l10n.t('Change to `{0}`', value);

/** The names Go's tz database knows (what time.LoadLocation accepts), loaded on first use. */
function knownTimeZones(): Set<string> {
  return (timeZones ??= new Set(TIME_ZONE_NAMES.split(' ')));
}

/** The Job spec checks a Job and a CronJob's job template share (batch's validateJobSpec). */
function checkJobSpec(ctx: CheckContext, spec: PlainObject, specPath: PathSegment[]): void {
  checkNonNegative(ctx, spec, specPath, ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']);
  const indexed = spec.completionMode === 'Indexed';
  if (indexed && !isSet(spec.completions) && !ctx.partial) ctx.report(Codes.serverRequired, [...specPath, 'completionMode'], completionsRequired());
  if (isSet(spec.backoffLimitPerIndex) && !indexed && !ctx.partial) ctx.report(Codes.serverConflict, [...specPath, 'backoffLimitPerIndex'], needsIndexed('backoffLimitPerIndex'), { at: 'key' });
  if (isSet(spec.maxFailedIndexes) && !isSet(spec.backoffLimitPerIndex) && !ctx.partial) ctx.report(Codes.serverConflict, [...specPath, 'maxFailedIndexes'], needsPerIndex(), { at: 'key' });
  checkTemplate(ctx, spec.template, [...specPath, 'template'], { restart: 'batch', podFailurePolicy: isSet(spec.podFailurePolicy) });
}

export function checkJob(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const specPath = ctx.at('spec');
  checkJobSpec(ctx, spec, specPath);
  const selector = objectAt(spec.selector);
  if (!selector) {
    if (spec.manualSelector === true && !ctx.partial) ctx.report(Codes.serverRequired, [...specPath, 'manualSelector'], selectorWithoutManual(), { at: 'key' });
    return;
  }
  const selectorPath = [...specPath, 'selector'];
  if (!checkLabelSelector(ctx, selector, selectorPath) || ctx.partial) return;
  // Whether the selector is written by hand or generated, it must match the pods: the template's
  // labels plus the `job-name` labels the API server adds (the controller-uid ones are unknown until created).
  const labels = labelMap(objectAt(objectAt(objectAt(spec.template)?.metadata)?.labels));
  const name = ctx.resource.name;
  if (name !== undefined) {
    for (const key of ['job-name', 'batch.kubernetes.io/job-name']) if (!labels.has(key)) labels.set(key, name);
  }
  const generated = new Set(['controller-uid', 'batch.kubernetes.io/controller-uid']);
  for (const mismatch of selectorMismatches(selector, labels, ctx.label, generated)) ctx.report(Codes.serverSelector, [...selectorPath, ...mismatch.path], mismatch.message, { at: 'key' });
}

export function checkCronJob(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const specPath = ctx.at('spec');
  checkNonNegative(ctx, spec, specPath, ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']);
  const schedule = stringAt(spec.schedule);
  if (schedule !== undefined && schedule !== '') {
    // (robfig reads a `TZ=` prefix itself; the API server refuses it on create whatever follows.)
    const problem = schedule.includes('TZ') ? tzInSchedule() : cronProblem(schedule);
    if (problem) ctx.report(Codes.serverSchedule, [...specPath, 'schedule'], problem);
  }
  checkTimeZone(ctx, spec.timeZone, [...specPath, 'timeZone']);
  const template = objectAt(spec.jobTemplate);
  if (!template) return;
  const templatePath = [...specPath, 'jobTemplate'];
  const metadata = objectAt(template.metadata);
  if (metadata) {
    checkLabels(ctx, metadata.labels, [...templatePath, 'metadata', 'labels']);
    checkAnnotations(ctx, metadata.annotations, [...templatePath, 'metadata', 'annotations']);
  }
  const jobSpec = objectAt(template.spec);
  if (!jobSpec) return;
  const jobSpecPath = [...templatePath, 'spec'];
  checkJobSpec(ctx, jobSpec, jobSpecPath);
  if (isSet(jobSpec.selector)) {
    ctx.report(Codes.serverSelector, [...jobSpecPath, 'selector'], selectorInTemplate(), {
      at: 'key', fixes: [{ fix: 'edit', title: l10n.t('Remove `selector`'), steps: [{ op: 'remove', path: [...jobSpecPath, 'selector'] }], safe: true }],
    });
  }
  if (jobSpec.manualSelector === true) {
    ctx.report(Codes.serverSelector, [...jobSpecPath, 'manualSelector'], manualInTemplate(), {
      at: 'key', fixes: [{ fix: 'edit', title: l10n.t('Remove `manualSelector`'), steps: [{ op: 'remove', path: [...jobSpecPath, 'manualSelector'] }], safe: true }],
    });
  }
}

/** batch's validateTimeZone: an explicit IANA name that Go's time.LoadLocation resolves. */
function checkTimeZone(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  if (typeof value !== 'string') return;
  if (value === '') {
    ctx.report(Codes.serverSchedule, path, emptyTimeZone());
    return;
  }
  if (value.toLowerCase() === 'local') {
    ctx.report(Codes.serverSchedule, path, localTimeZone(value));
    return;
  }
  const known = knownTimeZones();
  const wellFormed = value.split('/').every((part) => part !== '.' && part !== '..' && !part.startsWith('-') && TIME_ZONE_PART.test(part));
  if (wellFormed && known.has(value)) return;
  const near = closestMatch(value, known);
  ctx.report(Codes.serverSchedule, path, unknownTimeZone(preview(value, 60), near), near
    ? { fixes: [{ fix: 'edit', title: setTimeZoneTitle(near), steps: [{ op: 'set', path, value: near }] }] }
    : {});
}

