import { Codes, FixData } from '../../diagnostics';
import type { PathSegment } from '../../yaml/nodes';
import { CheckContext, PlainObject, integerAt, isSet, listAt, objectAt, stringAt } from './context';
import { checkLabels } from './labels';
import { isDnsSubdomain, nameProblem, qualifiedNameProblem } from './names';
import { isIP, isIPv6, parseCidr } from './network';
import { checkPortNumber, checkPortNumberOrName, isPortNumber } from './ports';
import * as l10n from '@vscode/l10n';

/**
 * Services (core's ValidateService and ValidateServiceClusterIPsRelatedFields): which fields each
 * type allows, ports (names required when there is more than one, unique names and
 * protocol/port pairs, `nodePort` only where node ports exist), `clusterIP` forms, ExternalName.
 */

const TRAILING_DOT = /\.$/;

const portsRequired = () => l10n.t('A Service needs at least one port (unless it is headless, `clusterIP: None`, or of `type: ExternalName`).');
const portNameRequired = () => l10n.t('Each port of a Service with more than one port needs a `name`.');
const duplicatePortName = (name: string) => l10n.t('Another port of this Service is already named `{0}`.', name);
const duplicatePort = (port: number, protocol: string) => l10n.t('Another port of this Service already uses {0}/{1}; each port and protocol pair may appear once.', port, protocol);
const duplicateNodePort = (port: number, protocol: string) => l10n.t('Another port of this Service already uses node port {0}/{1}.', port, protocol);
const nodePortOnClusterIP = (implicit: boolean) => implicit
  ? l10n.t('`nodePort` may not be used on a ClusterIP Service, and `type` defaults to `ClusterIP`; set `type: NodePort` (or `LoadBalancer`), or remove `nodePort`.')
  : l10n.t('`nodePort` may not be used when `type` is `ClusterIP`; remove it, or change the type to `NodePort` or `LoadBalancer`.');
const externalNameRequired = () => l10n.t('A Service of `type: ExternalName` needs `externalName`, the DNS name it points to.');
const badExternalName = (value: string) => l10n.t('`{0}` is not a valid `externalName`: a DNS name of lowercase letters, digits, `-` and `.`, such as `db.example.com`.', value);
const notForExternalName = (field: string) => l10n.t('`{0}` may not be set on a Service of `type: ExternalName`.', field);
const headlessNotAllowed = (type: string) => l10n.t('`clusterIP: None` (headless) is not allowed for `type: {0}`.', type);
const badClusterIP = (value: string) => l10n.t('`{0}` is not a valid `clusterIP`: use an IP address, `None` for a headless Service, or leave it out.', value);
const clusterIPsMismatch = () => l10n.t('The first of `clusterIPs` must be the same as `clusterIP`.');
const clusterIPsWithoutClusterIP = () => l10n.t('`clusterIPs` must be empty when `clusterIP` is not set.');
const noneAlone = () => l10n.t('`None` must be the only value of `clusterIPs`.');
const tooManyClusterIPs = () => l10n.t('`clusterIPs` may hold at most 2 addresses, one of each IP family.');
const sameFamily = () => l10n.t('`clusterIPs` may hold one address of each IP family (one IPv4, one IPv6).');
const badIP = (value: string, field: string) => l10n.t('`{0}` is not a valid IP address for `{1}`.', value, field);
const badCidr = (value: string) => l10n.t('`{0}` is not a valid CIDR such as `10.0.0.0/8`.', value);
const onlyLoadBalancer = (field: string) => l10n.t('`{0}` may only be used when `type` is `LoadBalancer`.', field);
const onlyExternal = () => l10n.t('`externalTrafficPolicy` may only be set on a Service reachable from outside: `type: NodePort` or `LoadBalancer`, or with `externalIPs`.');
const healthCheckOnly = () => l10n.t('`healthCheckNodePort` may only be set when `type` is `LoadBalancer` and `externalTrafficPolicy` is `Local`.');
const affinityConfigWithoutClientIP = () => l10n.t('`sessionAffinityConfig` may only be set with `sessionAffinity: ClientIP` (the default is `None`).');
const affinityTimeout = (value: number) => l10n.t('`timeoutSeconds: {0}` is out of range: use 1 to 86400.', value);
const removeTitle = (field: string) => l10n.t('Remove `{0}`', field);
const setTypeTitle = (type: string) => l10n.t('Change the Service type to `{0}`', type);

export function checkService(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const specPath = ctx.at('spec');
  const type = stringAt(spec.type) ?? 'ClusterIP';
  const typeSet = isSet(spec.type);
  const clusterIP = stringAt(spec.clusterIP);
  const clusterIPs = listAt(spec.clusterIPs).filter((ip): ip is string => typeof ip === 'string');
  const headless = clusterIP === 'None' || (clusterIPs.length === 1 && clusterIPs[0] === 'None');
  const ports = listAt(spec.ports);

  if (type === 'ExternalName') {
    const externalName = stringAt(spec.externalName)?.replace(TRAILING_DOT, '');
    if (!externalName) {
      if (!ctx.partial) ctx.report(Codes.serverRequired, typeSet ? [...specPath, 'type'] : specPath, externalNameRequired(), { at: 'key' });
    } else if (!isDnsSubdomain(externalName)) ctx.report(Codes.serverValue, [...specPath, 'externalName'], badExternalName(externalName));
    for (const field of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) {
      const value = spec[field];
      if (isSet(value) && value !== '' && !(Array.isArray(value) && value.length === 0)) ctx.report(Codes.serverConflict, [...specPath, field], notForExternalName(field), { at: 'key' });
    }
  } else {
    if ((type === 'LoadBalancer' || type === 'NodePort') && headless) ctx.report(Codes.serverConflict, [...specPath, 'clusterIP'], headlessNotAllowed(type));
    checkClusterIPs(ctx, specPath, clusterIP, clusterIPs);
  }
  if (ports.length === 0 && !headless && type !== 'ExternalName' && !ctx.partial) ctx.report(Codes.serverRequired, isSet(spec.ports) ? [...specPath, 'ports'] : specPath, portsRequired(), { at: 'key' });
  checkPorts(ctx, ports, [...specPath, 'ports'], type, typeSet);
  if (isSet(spec.selector)) checkLabels(ctx, spec.selector, [...specPath, 'selector']);

  const externalIPs = listAt(spec.externalIPs);
  externalIPs.forEach((ip, index) => {
    if (typeof ip === 'string' && !isIP(ip)) ctx.report(Codes.serverValue, [...specPath, 'externalIPs', index], badIP(ip, 'externalIPs'));
  });
  const ranges = listAt(spec.loadBalancerSourceRanges);
  if (ranges.length > 0 && type !== 'LoadBalancer') ctx.report(Codes.serverConflict, [...specPath, 'loadBalancerSourceRanges'], onlyLoadBalancer('loadBalancerSourceRanges'), { at: 'key', fixes: [remove(specPath, 'loadBalancerSourceRanges')] });
  ranges.forEach((range, index) => {
    if (typeof range === 'string' && !parseCidr(range.trim())) ctx.report(Codes.serverValue, [...specPath, 'loadBalancerSourceRanges', index], badCidr(range));
  });
  for (const field of ['allocateLoadBalancerNodePorts', 'loadBalancerClass']) {
    if (isSet(spec[field]) && type !== 'LoadBalancer') ctx.report(Codes.serverConflict, [...specPath, field], onlyLoadBalancer(field), { at: 'key', fixes: [remove(specPath, field)] });
  }
  const loadBalancerClass = stringAt(spec.loadBalancerClass);
  if (loadBalancerClass && type === 'LoadBalancer') {
    const problem = qualifiedNameProblem(loadBalancerClass, l10n.t('load balancer class'));
    if (problem) ctx.report(Codes.serverValue, [...specPath, 'loadBalancerClass'], problem);
  }
  const external = type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && externalIPs.length > 0);
  if (isSet(spec.externalTrafficPolicy) && spec.externalTrafficPolicy !== '' && !external && !ctx.partial) {
    ctx.report(Codes.serverConflict, [...specPath, 'externalTrafficPolicy'], onlyExternal(), { at: 'key', fixes: [remove(specPath, 'externalTrafficPolicy')] });
  }
  const healthCheck = integerAt(spec.healthCheckNodePort);
  if (healthCheck !== undefined && healthCheck !== 0) {
    if (type !== 'LoadBalancer' || spec.externalTrafficPolicy !== 'Local') ctx.report(Codes.serverConflict, [...specPath, 'healthCheckNodePort'], healthCheckOnly(), { at: 'key' });
    else checkPortNumber(ctx, healthCheck, [...specPath, 'healthCheckNodePort'], 'healthCheckNodePort');
  }
  if (isSet(spec.sessionAffinityConfig) && spec.sessionAffinity !== 'ClientIP' && !ctx.partial) {
    ctx.report(Codes.serverConflict, [...specPath, 'sessionAffinityConfig'], affinityConfigWithoutClientIP(), { at: 'key' });
  }
  const timeout = integerAt(objectAt(objectAt(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds);
  if (timeout !== undefined && (timeout <= 0 || timeout > 86400)) ctx.report(Codes.serverValue, [...specPath, 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'], affinityTimeout(timeout));
}

function remove(specPath: PathSegment[], field: string): FixData {
  return { fix: 'edit', title: removeTitle(field), steps: [{ op: 'remove', path: [...specPath, field] }] };
}

function checkClusterIPs(ctx: CheckContext, specPath: PathSegment[], clusterIP: string | undefined, clusterIPs: string[]): void {
  if (clusterIP !== undefined && clusterIP !== '' && clusterIP !== 'None' && !isIP(clusterIP)) {
    ctx.report(Codes.serverValue, [...specPath, 'clusterIP'], badClusterIP(clusterIP));
    return;
  }
  if (clusterIPs.length === 0) return;
  if (clusterIP === undefined || clusterIP === '') ctx.report(Codes.serverValue, [...specPath, 'clusterIPs'], clusterIPsWithoutClusterIP(), { at: 'key' });
  else if (clusterIPs[0] !== clusterIP) ctx.report(Codes.serverValue, [...specPath, 'clusterIPs'], clusterIPsMismatch(), { at: 'key' });
  let valid = true;
  clusterIPs.forEach((ip, index) => {
    if (index === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        valid = false;
        ctx.report(Codes.serverValue, [...specPath, 'clusterIPs'], noneAlone(), { at: 'key' });
      }
      return;
    }
    if (!isIP(ip)) {
      valid = false;
      ctx.report(Codes.serverValue, [...specPath, 'clusterIPs', index], badIP(ip, 'clusterIPs'));
    }
  });
  if (clusterIPs.length > 2) ctx.report(Codes.serverValue, [...specPath, 'clusterIPs'], tooManyClusterIPs(), { at: 'key' });
  else if (valid && clusterIPs.length === 2 && isIPv6(clusterIPs[0]) === isIPv6(clusterIPs[1])) ctx.report(Codes.serverValue, [...specPath, 'clusterIPs'], sameFamily(), { at: 'key' });
}

function checkPorts(ctx: CheckContext, ports: unknown[], path: PathSegment[], type: string, typeSet: boolean): void {
  const names = new Set<string>();
  const pairs = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((item, index) => {
    const port = objectAt(item);
    if (!port) return;
    const at = [...path, index];
    const name = stringAt(port.name);
    if ((name === undefined || name === '') && ports.length > 1 && !ctx.partial) ctx.report(Codes.serverPort, at, portNameRequired(), { at: 'key' });
    else if (name) {
      const problem = nameProblem(name, 'label', l10n.t('Service port name'));
      if (problem) ctx.report(Codes.serverPort, [...at, 'name'], problem);
      else if (names.has(name)) ctx.report(Codes.serverDuplicate, [...at, 'name'], duplicatePortName(name));
      names.add(name);
    }
    checkPortNumber(ctx, port.port, [...at, 'port'], 'port');
    const protocol = stringAt(port.protocol) ?? 'TCP';
    const number = integerAt(port.port);
    if (number !== undefined) {
      const pair = `${number}/${protocol}`;
      if (pairs.has(pair) && !ctx.partial) ctx.report(Codes.serverDuplicate, [...at, 'port'], duplicatePort(number, protocol));
      pairs.add(pair);
    }
    if (isSet(port.targetPort) && port.targetPort !== 0 && port.targetPort !== '') checkPortNumberOrName(ctx, port.targetPort, [...at, 'targetPort'], 'targetPort');
    const appProtocol = stringAt(port.appProtocol);
    if (appProtocol) {
      const problem = qualifiedNameProblem(appProtocol, l10n.t('app protocol'));
      if (problem) ctx.report(Codes.serverValue, [...at, 'appProtocol'], problem);
    }
    const nodePort = integerAt(port.nodePort);
    if (nodePort === undefined || nodePort === 0) return;
    if (type === 'ClusterIP') {
      if (ctx.partial && !typeSet) return; // the base may set the type
      const fixes: FixData[] = [
        { fix: 'edit', title: removeTitle('nodePort'), steps: [{ op: 'remove', path: [...at, 'nodePort'] }] },
        { fix: 'edit', title: setTypeTitle('NodePort'), steps: [{ op: 'set', path: [...path.slice(0, -1), 'type'], value: 'NodePort', before: ['ports'] }] },
      ];
      ctx.report(Codes.serverConflict, [...at, 'nodePort'], nodePortOnClusterIP(!typeSet), { at: 'key', fixes });
      return;
    }
    // The cluster's node port range is its own setting (30000-32767 by default); outside 1-65535 no range can hold it.
    if (!isPortNumber(nodePort)) {
      checkPortNumber(ctx, nodePort, [...at, 'nodePort'], 'nodePort');
      return;
    }
    const key = `${nodePort}/${protocol}`;
    if (nodePorts.has(key)) ctx.report(Codes.serverDuplicate, [...at, 'nodePort'], duplicateNodePort(nodePort, protocol));
    nodePorts.add(key);
  });
}
