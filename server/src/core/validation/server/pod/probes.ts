import { Codes, FixData } from '../../../diagnostics';
import type { PathSegment } from '../../../yaml/nodes';
import { CheckContext, integerAt, isSet, listAt, objectAt, stringAt } from '../context';
import { checkPortNumber, checkPortNumberOrName } from '../ports';
import * as l10n from '@vscode/l10n';

/**
 * Probes and lifecycle hooks (core's validateProbe, validateLivenessProbe, validateReadinessProbe,
 * validateStartupProbe, validateHandler, validateLifecycle): exactly one handler, each handler's
 * required fields and ports, the numbers that may not be negative, and the fields a kind of probe
 * may not set.
 */

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const PROBE_HANDLER_SET = new Set(PROBE_HANDLERS);
const LIFECYCLE_HANDLER_SET = new Set(LIFECYCLE_HANDLERS);
const NON_NEGATIVE = new Set(['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']);
const HEADER_NAME = /^[-A-Za-z0-9]+$/;

const noHandler = (what: string, handlers: string) =>
  l10n.t('`{0}` has no handler; give it exactly one of {1}.', what, handlers);
const twoHandlers = (what: string, first: string, second: string) =>
  what === 'preStop' || what === 'postStart'
    ? l10n.t('`{0}` sets both `{1}` and `{2}`; a hook has exactly one handler.', what, first, second)
    : l10n.t('`{0}` sets both `{1}` and `{2}`; a probe has exactly one handler.', what, first, second);
const emptyCommand = () => l10n.t('`exec` needs a non-empty `command`.');
const negativeField = (field: string, value: number) => l10n.t('`{0}: {1}` may not be negative.', field, value);
const thresholdMustBeOne = (probe: string, value: number) =>
  l10n.t('`successThreshold: {0}` is not allowed in a `{1}`: it must be 1.', value, probe);
const graceMustBePositive = (value: number) => l10n.t('`terminationGracePeriodSeconds: {0}` must be greater than 0.', value);
const noGraceOnReadiness = () => l10n.t('`terminationGracePeriodSeconds` may not be set on a `readinessProbe`.');
const badHeaderName = (name: string) =>
  l10n.t('`{0}` is not a valid HTTP header name: letters, digits and `-` only.', name);
const sleepTooLong = (seconds: number, grace: number) =>
  l10n.t('`sleep.seconds: {0}` is longer than the pod\'s termination grace period ({1} seconds); the hook may not outlast it.', seconds, grace);
const sleepNotPositive = (seconds: number) =>
  l10n.t('`sleep.seconds: {0}` must be greater than 0 before Kubernetes 1.33.', seconds);
const sleepNegative = (seconds: number) => l10n.t('`sleep.seconds: {0}` may not be negative.', seconds);
const sleepNotServed = () =>
  l10n.t('`sleep` hooks need Kubernetes 1.30: before, the API server drops the field (the feature is off), which leaves the hook without a handler.');
const setOneTitle = () => l10n.t('Set `successThreshold: 1`');
const removeTitle = (field: string) => l10n.t('Remove `{0}`', field);

function checkHandler(ctx: CheckContext, handler: Record<string, unknown>, path: PathSegment[], what: string, allowed: string[], grace: number): void {
  const allowedSet = allowed === PROBE_HANDLERS ? PROBE_HANDLER_SET : LIFECYCLE_HANDLER_SET;
  const present: string[] = [];
  for (const key of Object.keys(handler)) if (allowedSet.has(key) && isSet(handler[key])) present.push(key);
  if (present.length === 0) {
    if (!ctx.partial) ctx.report(Codes.serverProbe, path, noHandler(what, allowed.map((name) => `\`${name}\``).join(', ')), { at: 'key' });
    return;
  }
  if (present.length > 1) ctx.report(Codes.serverProbe, [...path, present[1]], twoHandlers(what, present[0], present[1]), { at: 'key' });
  const exec = objectAt(handler.exec);
  if (exec && !ctx.partial && listAt(exec.command).length === 0) ctx.report(Codes.serverProbe, [...path, 'exec'], emptyCommand(), { at: 'key' });
  const httpGet = objectAt(handler.httpGet);
  if (httpGet) {
    checkPortNumberOrName(ctx, httpGet.port, [...path, 'httpGet', 'port'], 'port');
    listAt(httpGet.httpHeaders).forEach((header, index) => {
      const name = stringAt(objectAt(header)?.name);
      if (name !== undefined && !HEADER_NAME.test(name)) ctx.report(Codes.serverProbe, [...path, 'httpGet', 'httpHeaders', index, 'name'], badHeaderName(name));
    });
  }
  const tcpSocket = objectAt(handler.tcpSocket);
  if (tcpSocket) checkPortNumberOrName(ctx, tcpSocket.port, [...path, 'tcpSocket', 'port'], 'port');
  const grpc = objectAt(handler.grpc);
  if (grpc) checkPortNumber(ctx, grpc.port, [...path, 'grpc', 'port'], 'port');
  const sleep = objectAt(handler.sleep);
  if (sleep && allowed.includes('sleep')) {
    if (ctx.minor < 30) {
      // 1.28's schema has no `sleep` (the schema check reports it); 1.29's has it behind a gate that is off.
      if (ctx.minor === 29) ctx.report(Codes.serverProbe, [...path, 'sleep'], sleepNotServed(), { at: 'key' });
      return;
    }
    const seconds = integerAt(sleep.seconds);
    if (seconds === undefined) return;
    if (seconds < 0) ctx.report(Codes.serverProbe, [...path, 'sleep', 'seconds'], sleepNegative(seconds));
    else if (seconds === 0 && ctx.minor < 33) ctx.report(Codes.serverProbe, [...path, 'sleep', 'seconds'], sleepNotPositive(seconds));
    else if (seconds > grace) ctx.report(Codes.serverProbe, [...path, 'sleep', 'seconds'], sleepTooLong(seconds, grace));
  }
}

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** One probe of a container; `grace`: the pod's termination grace period (30 by default). */
export function checkProbe(ctx: CheckContext, value: unknown, path: PathSegment[], kind: ProbeKind, grace: number): void {
  const probe = objectAt(value);
  if (!probe) return;
  checkHandler(ctx, probe, path, kind, PROBE_HANDLERS, grace);
  for (const field of Object.keys(probe)) {
    if (!NON_NEGATIVE.has(field)) continue;
    const number = integerAt(probe[field]);
    if (number !== undefined && number < 0) ctx.report(Codes.serverProbe, [...path, field], negativeField(field, number));
  }
  const success = integerAt(probe.successThreshold);
  // 0 is defaulted to 1; anything else but 1 is rejected for liveness and startup probes.
  if (kind !== 'readinessProbe' && success !== undefined && success > 1) {
    const fix: FixData = { fix: 'edit', title: setOneTitle(), steps: [{ op: 'set', path: [...path, 'successThreshold'], value: 1 }], safe: true };
    ctx.report(Codes.serverProbe, [...path, 'successThreshold'], thresholdMustBeOne(kind, success), { fixes: [fix] });
  }
  const probeGrace = integerAt(probe.terminationGracePeriodSeconds);
  if (kind === 'readinessProbe' && isSet(probe.terminationGracePeriodSeconds)) {
    const fix: FixData = { fix: 'edit', title: removeTitle('terminationGracePeriodSeconds'), steps: [{ op: 'remove', path: [...path, 'terminationGracePeriodSeconds'] }], safe: true };
    ctx.report(Codes.serverProbe, [...path, 'terminationGracePeriodSeconds'], noGraceOnReadiness(), { at: 'key', fixes: [fix] });
  } else if (probeGrace !== undefined && probeGrace <= 0) {
    ctx.report(Codes.serverProbe, [...path, 'terminationGracePeriodSeconds'], graceMustBePositive(probeGrace));
  }
}

/** A container's `lifecycle` hooks. */
export function checkLifecycle(ctx: CheckContext, value: unknown, path: PathSegment[], grace: number): void {
  const lifecycle = objectAt(value);
  if (!lifecycle) return;
  for (const hook of ['postStart', 'preStop']) {
    const handler = objectAt(lifecycle[hook]);
    if (handler) checkHandler(ctx, handler, [...path, hook], hook, LIFECYCLE_HANDLERS, grace);
  }
}
