import { Codes } from '../../../diagnostics';
import type { PathSegment } from '../../../yaml/nodes';
import { CheckContext, PlainObject, integerAt, isSet, listAt, objectAt, stringAt } from '../context';
import { nameProblem, qualifiedNameProblem } from '../names';
import { isIP } from '../network';
import { checkContainers, checkSecurityContext } from './containers';
import { checkAffinity, checkNodeSelector, checkTolerations, checkTopologySpread } from './scheduling';
import { VolumeInfo, checkVolumes } from './volumes';
import * as l10n from '@vscode/l10n';
import { phrase } from '../../../l10n';

/**
 * A pod spec, in a Pod or in a workload's template (core's ValidatePodSpec, ValidatePodCreate and
 * ValidatePodTemplateSpec). What a controller requires of its template (restart policy, selector)
 * is checked by the workload modules.
 */

export interface PodSpecOptions {
  /** A Pod, not a template: checked as ValidatePodCreate does. */
  isPod: boolean;
  /** Volumes the workload adds (a StatefulSet's `volumeClaimTemplates`), which containers may mount. */
  extraVolumes?: ReadonlyMap<string, VolumeInfo>;
}

const DEFAULT_GRACE_PERIOD = 30;
const MAX_INT32 = 2147483647;
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

const ephemeralInTemplate = () => l10n.t('`ephemeralContainers` are not allowed in a pod template.');
const removeEphemeralTitle = () => l10n.t('Remove `ephemeralContainers`');
const deadlineRange = (value: number) => l10n.t('`activeDeadlineSeconds: {0}` is out of range: use 1 to 2147483647.', value);
const dnsNoneNeedsConfig = () => l10n.t('`dnsPolicy: None` needs a `dnsConfig` with at least one nameserver.');
const tooManyNameservers = (count: number) => l10n.t('`nameservers` lists {0} addresses; at most 3 are allowed.', count);
const badIP = (value: string, field: string) => l10n.t('`{0}` is not a valid IP address for `{1}`.', value, field);
const tooManySearches = (count: number) => l10n.t('`searches` lists {0} domains; at most 32 are allowed.', count);
const optionNameMissing = () => l10n.t('A DNS option needs a `name`.');
const shareWithHostPid = () => l10n.t('`shareProcessNamespace: true` cannot go with `hostPID: true`.');
const badSysctl = (name: string) =>
  l10n.t('`{0}` is not a valid sysctl name: dot- or slash-separated segments of lowercase letters, digits, `-` and `_`, at most 253 characters.', name);
const duplicateSysctl = (name: string) => l10n.t('`{0}` is already set above; each sysctl may appear once.', name);
const nodeNameWithGates = () => l10n.t('`nodeName` cannot be set while the pod has `schedulingGates`.');
const duplicateGate = (name: string) => l10n.t('`{0}` is already a scheduling gate of this pod.', name);
const hostNamespaceWithUserNamespace = (field: string) => l10n.t('`{0}: true` cannot go with `hostUsers: false`.', field);
const duplicateClaim = (name: string) => l10n.t('Another resource claim of this pod is already named `{0}`.', name);
const claimSource = (count: number) => count === 0
  ? l10n.t('A resource claim needs one of `resourceClaimName` or `resourceClaimTemplateName`.')
  : l10n.t('A resource claim may set only one of `resourceClaimName` and `resourceClaimTemplateName`.');

export function checkPodSpec(ctx: CheckContext, value: unknown, specPath: PathSegment[], options: PodSpecOptions): void {
  const spec = objectAt(value);
  if (!spec) return;
  // Each part is checked only when present: most pod specs set few of these fields.
  const volumes = spec.volumes ? checkVolumes(ctx, spec.volumes, [...specPath, 'volumes']) : new Map<string, VolumeInfo>();
  if (options.extraVolumes) for (const [name, volume] of options.extraVolumes) if (!volumes.has(name)) volumes.set(name, volume);
  const grace = integerAt(spec.terminationGracePeriodSeconds) ?? DEFAULT_GRACE_PERIOD;
  const claims = spec.resourceClaims ? checkResourceClaims(ctx, spec.resourceClaims, [...specPath, 'resourceClaims']) : NO_CLAIMS;
  checkContainers(ctx, { specPath, spec, volumes, grace, isPod: options.isPod, claims });
  // A Pod with ephemeral containers cannot be created, but it can be applied again as it was read
  // from the cluster (an update that leaves them unchanged): only templates are sure to be rejected.
  if (!options.isPod && listAt(spec.ephemeralContainers).length > 0) {
    ctx.report(Codes.serverConflict, [...specPath, 'ephemeralContainers'], ephemeralInTemplate(), {
      at: 'key', fixes: [{ fix: 'edit', title: removeEphemeralTitle(), steps: [{ op: 'remove', path: [...specPath, 'ephemeralContainers'] }], safe: true }],
    });
  }
  if (spec.nodeSelector) checkNodeSelector(ctx, spec.nodeSelector, [...specPath, 'nodeSelector']);
  if (spec.affinity) checkAffinity(ctx, spec.affinity, [...specPath, 'affinity']);
  if (spec.tolerations) checkTolerations(ctx, spec.tolerations, [...specPath, 'tolerations']);
  if (spec.topologySpreadConstraints) checkTopologySpread(ctx, spec.topologySpreadConstraints, [...specPath, 'topologySpreadConstraints']);
  checkNames(ctx, spec, specPath);
  const deadline = integerAt(spec.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) ctx.report(Codes.serverValue, [...specPath, 'activeDeadlineSeconds'], deadlineRange(deadline));
  if (spec.dnsConfig || spec.dnsPolicy === 'None') checkDns(ctx, spec, specPath);
  if (spec.securityContext || spec.shareProcessNamespace || spec.hostUsers === false) checkPodSecurity(ctx, spec, specPath);
  if (spec.hostAliases) checkHostAliases(ctx, spec.hostAliases, specPath);
  if (spec.readinessGates || spec.schedulingGates) checkGates(ctx, spec, specPath, options.isPod);
}

const NO_CLAIMS: ReadonlySet<string> = new Set();

function checkHostAliases(ctx: CheckContext, value: unknown, specPath: PathSegment[]): void {
  listAt(value).forEach((item, index) => {
    const alias = objectAt(item);
    const ip = stringAt(alias?.ip);
    if (ip !== undefined && !isIP(ip)) ctx.report(Codes.serverValue, [...specPath, 'hostAliases', index, 'ip'], badIP(ip, 'ip'));
    listAt(alias?.hostnames).forEach((hostname, i) => {
      const problem = typeof hostname === 'string' ? nameProblem(hostname, 'subdomain', l10n.t('host name')) : undefined;
      if (problem) ctx.report(Codes.serverName, [...specPath, 'hostAliases', index, 'hostnames', i], problem);
    });
  });
}

function checkGates(ctx: CheckContext, spec: PlainObject, specPath: PathSegment[], isPod: boolean): void {
  listAt(spec.readinessGates).forEach((item, index) => {
    const condition = stringAt(objectAt(item)?.conditionType);
    const problem = condition !== undefined ? qualifiedNameProblem(condition, l10n.t('condition type')) : undefined;
    if (problem) ctx.report(Codes.serverName, [...specPath, 'readinessGates', index, 'conditionType'], problem);
  });
  const gates = new Set<string>();
  listAt(spec.schedulingGates).forEach((item, index) => {
    const name = stringAt(objectAt(item)?.name);
    if (name === undefined) return;
    const problem = qualifiedNameProblem(name, l10n.t('scheduling gate name'));
    if (problem) ctx.report(Codes.serverName, [...specPath, 'schedulingGates', index, 'name'], problem);
    else if (gates.has(name)) ctx.report(Codes.serverDuplicate, [...specPath, 'schedulingGates', index, 'name'], duplicateGate(name));
    gates.add(name);
  });
  if (isPod && gates.size > 0 && stringAt(spec.nodeName)) ctx.report(Codes.serverConflict, [...specPath, 'nodeName'], nodeNameWithGates(), { at: 'key' });
}

/** Fields of a pod spec that name something, with the format the server checks them in. */
const NAMED_FIELDS = new Map<string, ['subdomain' | 'label', string]>([
  ['serviceAccountName', ['subdomain', phrase('ServiceAccount name')]],
  ['nodeName', ['subdomain', phrase('node name')]], ['priorityClassName', ['subdomain', phrase('PriorityClass name')]],
  ['runtimeClassName', ['subdomain', phrase('RuntimeClass name')]], ['hostname', ['label', phrase('host name')]], ['subdomain', ['label', phrase('subdomain')]],
]);

function checkNames(ctx: CheckContext, spec: PlainObject, specPath: PathSegment[]): void {
  for (const field of Object.keys(spec)) {
    const rule = NAMED_FIELDS.get(field);
    const value = spec[field];
    if (!rule || typeof value !== 'string') continue;
    const [format, what] = rule;
    // An empty string means "not set" for these fields, except runtimeClassName.
    if (value === '' && field !== 'runtimeClassName') continue;
    const problem = nameProblem(value, format, l10n.t(what));
    if (problem) ctx.report(Codes.serverName, [...specPath, field], problem);
  }
}

function checkResourceClaims(ctx: CheckContext, value: unknown, path: PathSegment[]): Set<string> {
  const names = new Set<string>();
  listAt(value).forEach((item, index) => {
    const claim = objectAt(item);
    if (!claim) return;
    const at = [...path, index];
    const name = stringAt(claim.name);
    if (name) {
      const problem = nameProblem(name, 'label', l10n.t('resource claim name'));
      if (problem) ctx.report(Codes.serverName, [...at, 'name'], problem);
      else if (names.has(name)) ctx.report(Codes.serverDuplicate, [...at, 'name'], duplicateClaim(name));
      names.add(name);
    }
    const sources = ['resourceClaimName', 'resourceClaimTemplateName'].filter((field) => isSet(claim[field]));
    if (sources.length !== 1 && !(sources.length === 0 && ctx.partial)) ctx.report(Codes.serverRequired, sources.length ? [...at, sources[1]] : at, claimSource(sources.length), { at: 'key' });
  });
  return names;
}

function checkDns(ctx: CheckContext, spec: PlainObject, specPath: PathSegment[]): void {
  const config = objectAt(spec.dnsConfig);
  const nameservers = listAt(config?.nameservers);
  if (spec.dnsPolicy === 'None' && nameservers.length === 0 && !ctx.partial) {
    ctx.report(Codes.serverRequired, [...specPath, config ? 'dnsConfig' : 'dnsPolicy'], dnsNoneNeedsConfig(), { at: 'key' });
  }
  if (!config) return;
  const base = [...specPath, 'dnsConfig'];
  if (nameservers.length > 3) ctx.report(Codes.serverValue, [...base, 'nameservers'], tooManyNameservers(nameservers.length), { at: 'key' });
  nameservers.forEach((server, index) => {
    if (typeof server === 'string' && !isIP(server)) ctx.report(Codes.serverValue, [...base, 'nameservers', index], badIP(server, 'nameservers'));
  });
  const searches = listAt(config.searches);
  if (searches.length > 32) ctx.report(Codes.serverValue, [...base, 'searches'], tooManySearches(searches.length), { at: 'key' });
  listAt(config.options).forEach((option, index) => {
    const name = objectAt(option)?.name;
    if (!isSet(name) || name === '') ctx.report(Codes.serverRequired, [...base, 'options', index], optionNameMissing(), { at: 'key' });
  });
}

function checkPodSecurity(ctx: CheckContext, spec: PlainObject, specPath: PathSegment[]): void {
  const path = [...specPath, 'securityContext'];
  checkSecurityContext(ctx, spec.securityContext, path, true);
  if (spec.shareProcessNamespace === true && spec.hostPID === true) ctx.report(Codes.serverConflict, [...specPath, 'shareProcessNamespace'], shareWithHostPid(), { at: 'key' });
  const context = objectAt(spec.securityContext);
  if (spec.hostUsers === false) {
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (spec[field] === true) ctx.report(Codes.serverConflict, [...specPath, field], hostNamespaceWithUserNamespace(field), { at: 'key' });
    }
  }
  const sysctls = new Set<string>();
  listAt(context?.sysctls).forEach((item, index) => {
    const name = stringAt(objectAt(item)?.name);
    if (name === undefined || name === '') return;
    if (name.length > 253 || !SYSCTL_NAME.test(name)) ctx.report(Codes.serverName, [...path, 'sysctls', index, 'name'], badSysctl(name));
    else if (sysctls.has(name)) ctx.report(Codes.serverDuplicate, [...path, 'sysctls', index, 'name'], duplicateSysctl(name));
    sysctls.add(name);
  });
}
