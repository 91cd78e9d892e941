import { Codes, FixData } from '../../diagnostics';
import type { PathSegment } from '../../yaml/nodes';
import { CheckContext, PlainObject, integerAt, isSet, listAt, objectAt, stringAt } from './context';
import { isDnsSubdomain, isWildcardSubdomain, nameProblem } from './names';
import { isIP, isStrictSubnet, parseCidr } from './network';
import { checkPortName, checkPortNumber, checkPortNumberOrName } from './ports';
import { checkLabelSelector } from './selectors';
import * as l10n from '@vscode/l10n';

/**
 * Ingresses, IngressClasses and NetworkPolicies (Kubernetes' pkg/apis/networking/validation):
 * hosts, paths by `pathType`, backends, the class; NetworkPolicy ports, peers and IP blocks.
 */

const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];
const PATH_SEGMENT_BAD = /[/%]/;
const DOMAIN_PREFIXED_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

const rulesOrBackend = () => l10n.t('An Ingress needs `rules` or a `defaultBackend`.');
const hostIsIP = (host: string) => l10n.t('`{0}` is an IP address; an Ingress host must be a DNS name.', host);
const badHost = (host: string) => l10n.t('`{0}` is not a valid host: a DNS name of lowercase letters, digits, `-` and `.`, optionally starting with `*.` (such as `*.example.com`).', host);
const pathsRequired = () => l10n.t('`http` needs at least one entry in `paths`.');
const notAbsolute = (path: string, type: string) => l10n.t('`{0}` is not an absolute path; with `pathType: {1}` a path must start with `/`.', path, type);
const pathMissing = (type: string) => l10n.t('With `pathType: {0}` a `path` starting with `/` is required.', type);
const badSequence = (path: string, sequence: string) => l10n.t('`{0}` may not contain `{1}`.', path, sequence);
const badSuffix = (path: string, suffix: string) => l10n.t('`{0}` may not end with `{1}`.', path, suffix);
const bothBackends = () => l10n.t('A backend may set `service` or `resource`, not both.');
const noBackend = () => l10n.t('A backend needs `service` or `resource`.');
const servicePortMissing = () => l10n.t('A service backend needs `port.number` or `port.name`.');
const servicePortBoth = () => l10n.t('A service backend may set `port.number` or `port.name`, not both.');
const classMismatch = (annotation: string, field: string) =>
  l10n.t('The annotation `kubernetes.io/ingress.class: {0}` must match `ingressClassName: {1}` when both are set; keep only `ingressClassName`.', annotation, field);
const badControllerName = (value: string) => l10n.t('`{0}` is not a valid `controller`: a domain-prefixed path such as `example.com/ingress-controller`.', value);
const controllerTooLong = (length: number) => l10n.t('`controller` may have at most 250 characters (it has {0}).', length);
const refFieldRequired = (field: string) => l10n.t('`{0}` is required in a reference.', field);
const badPathSegment = (value: string, field: string) => l10n.t('`{0}` is not a valid `{1}`: it may not be `.` or `..` and may not contain `/` or `%`.', value, field);
const badApiGroup = (value: string) => l10n.t('`{0}` is not a valid API group: a DNS subdomain such as `example.com`.', value);
const namespaceRequired = () => l10n.t('`parameters.scope: Namespace` needs `namespace`.');
const namespaceForbidden = () => l10n.t('`namespace` may only be set with `parameters.scope: Namespace`.');
const endPortNeedsPort = () => l10n.t('`endPort` needs a numeric `port` to start the range.');
const endPortBeforePort = (end: number, port: number) => l10n.t('`endPort: {0}` must be at least `port: {1}`.', end, port);
const noPeer = () => l10n.t('A peer needs `podSelector`, `namespaceSelector` or `ipBlock`.');
const ipBlockWithOthers = () => l10n.t('`ipBlock` may not be combined with `podSelector` or `namespaceSelector` in the same peer; make them separate peers.');
const badCidr = (value: string) => l10n.t('`{0}` is not a valid CIDR such as `10.0.0.0/8`.', value);
const notSubset = (except: string, cidr: string) => l10n.t('`{0}` is not strictly inside `{1}`; each `except` range must be.', except, cidr);
const tooManyPolicyTypes = () => l10n.t('`policyTypes` may list at most two types, `Ingress` and `Egress`.');
const prefixPathTitle = (path: string) => l10n.t('Change the path to `{0}`', path);

function checkTypedReference(ctx: CheckContext, ref: PlainObject, path: PathSegment[]): void {
  const apiGroup = stringAt(ref.apiGroup);
  if (apiGroup && !isDnsSubdomain(apiGroup)) ctx.report(Codes.serverValue, [...path, 'apiGroup'], badApiGroup(apiGroup));
  for (const field of ['kind', 'name']) {
    // (Absent: the schema check reports the missing field.)
    const value = stringAt(ref[field]);
    if (value === '') {
      if (!ctx.partial) ctx.report(Codes.serverRequired, [...path, field], refFieldRequired(field), { at: 'key' });
    } else if (value !== undefined && (value === '.' || value === '..' || PATH_SEGMENT_BAD.test(value))) {
      ctx.report(Codes.serverValue, [...path, field], badPathSegment(value, field));
    }
  }
}

function checkBackend(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  const backend = objectAt(value);
  if (!backend) return;
  const service = objectAt(backend.service);
  const resource = objectAt(backend.resource);
  if (service && resource) {
    ctx.report(Codes.serverConflict, [...path, 'resource'], bothBackends(), { at: 'key' });
    return;
  }
  if (resource) {
    checkTypedReference(ctx, resource, [...path, 'resource']);
    return;
  }
  if (!service) {
    if (!ctx.partial) ctx.report(Codes.serverRequired, path, noBackend(), { at: 'key' });
    return;
  }
  const servicePath = [...path, 'service'];
  const name = stringAt(service.name);
  if (name) {
    const problem = nameProblem(name, 'dns1035', l10n.t('Service name'));
    if (problem) ctx.report(Codes.serverName, [...servicePath, 'name'], problem);
  }
  const port = objectAt(service.port);
  const portName = stringAt(port?.name);
  const portNumber = integerAt(port?.number);
  const hasName = portName !== undefined && portName !== '';
  const hasNumber = portNumber !== undefined && portNumber !== 0;
  if (hasName && hasNumber) ctx.report(Codes.serverConflict, [...servicePath, 'port'], servicePortBoth(), { at: 'key' });
  else if (hasName) checkPortName(ctx, portName, [...servicePath, 'port', 'name']);
  else if (hasNumber) checkPortNumber(ctx, portNumber, [...servicePath, 'port', 'number'], 'number');
  else if (!ctx.partial) ctx.report(Codes.serverPort, port ? [...servicePath, 'port'] : servicePath, servicePortMissing(), { at: 'key' });
}

function checkHost(ctx: CheckContext, host: string, path: PathSegment[]): void {
  if (isIP(host)) ctx.report(Codes.serverValue, path, hostIsIP(host));
  else if (host.includes('*') ? !isWildcardSubdomain(host) : !isDnsSubdomain(host)) ctx.report(Codes.serverValue, path, badHost(host));
}

function checkHttpPath(ctx: CheckContext, entry: PlainObject, path: PathSegment[]): void {
  const pathType = stringAt(entry.pathType);
  const value = stringAt(entry.path) ?? '';
  const at = [...path, isSet(entry.path) ? 'path' : 'pathType'];
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (value === '') {
      if (!ctx.partial) ctx.report(Codes.serverValue, at, pathMissing(pathType), { at: isSet(entry.path) ? 'value' : 'key' });
    } else if (!value.startsWith('/')) {
      const fixed = `/${value}`;
      const fixes: FixData[] = [{ fix: 'edit', title: prefixPathTitle(fixed), steps: [{ op: 'set', path: [...path, 'path'], value: fixed, before: ['pathType', 'backend'] }], safe: true }];
      ctx.report(Codes.serverValue, at, notAbsolute(value, pathType), { fixes });
    } else {
      for (const sequence of INVALID_SEQUENCES) if (value.includes(sequence)) ctx.report(Codes.serverValue, at, badSequence(value, sequence));
      for (const suffix of INVALID_SUFFIXES) if (value.endsWith(suffix)) ctx.report(Codes.serverValue, at, badSuffix(value, suffix));
    }
  } else if (pathType === 'ImplementationSpecific' && value !== '' && !value.startsWith('/')) {
    ctx.report(Codes.serverValue, at, notAbsolute(value, pathType));
  }
  checkBackend(ctx, entry.backend, [...path, 'backend']);
}

export function checkIngress(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const specPath = ctx.at('spec');
  const rules = listAt(spec.rules);
  if (rules.length === 0 && !isSet(spec.defaultBackend) && !ctx.partial) ctx.report(Codes.serverRequired, ctx.at('spec'), rulesOrBackend(), { at: 'key' });
  checkBackend(ctx, spec.defaultBackend, [...specPath, 'defaultBackend']);
  rules.forEach((item, index) => {
    const rule = objectAt(item);
    if (!rule) return;
    const at = [...specPath, 'rules', index];
    const host = stringAt(rule.host);
    if (host) checkHost(ctx, host, [...at, 'host']);
    const http = objectAt(rule.http);
    if (!http) return;
    const paths = listAt(http.paths);
    if (paths.length === 0 && !ctx.partial) ctx.report(Codes.serverRequired, [...at, 'http'], pathsRequired(), { at: 'key' });
    paths.forEach((entry, i) => {
      const object = objectAt(entry);
      if (object) checkHttpPath(ctx, object, [...at, 'http', 'paths', i]);
    });
  });
  listAt(spec.tls).forEach((item, index) => {
    const tls = objectAt(item);
    listAt(tls?.hosts).forEach((host, i) => {
      if (typeof host === 'string' && host !== '') checkHost(ctx, host, [...specPath, 'tls', index, 'hosts', i]);
    });
    const secretName = stringAt(tls?.secretName);
    if (secretName) {
      const problem = nameProblem(secretName, 'subdomain', l10n.t('Secret name'));
      if (problem) ctx.report(Codes.serverName, [...specPath, 'tls', index, 'secretName'], problem);
    }
  });
  const className = stringAt(spec.ingressClassName);
  if (className) {
    const problem = nameProblem(className, 'subdomain', l10n.t('IngressClass name'));
    if (problem) ctx.report(Codes.serverName, [...specPath, 'ingressClassName'], problem);
  }
  const annotation = stringAt(objectAt(objectAt(root.metadata)?.annotations)?.['kubernetes.io/ingress.class']);
  if (annotation !== undefined && className !== undefined && annotation !== className) {
    const annotationPath = ctx.at('metadata', 'annotations', 'kubernetes.io/ingress.class');
    ctx.report(Codes.serverConflict, annotationPath, classMismatch(annotation, className), {
      at: 'key', fixes: [{ fix: 'edit', title: l10n.t('Remove the annotation `kubernetes.io/ingress.class`'), steps: [{ op: 'remove', path: annotationPath }] }],
    });
  }
}

export function checkIngressClass(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const specPath = ctx.at('spec');
  const controller = stringAt(spec.controller);
  if (controller) {
    const slash = controller.indexOf('/');
    const host = slash > 0 ? controller.slice(0, slash) : '';
    const rest = slash > 0 ? controller.slice(slash + 1) : '';
    if (controller.length > 250) ctx.report(Codes.serverValue, [...specPath, 'controller'], controllerTooLong(controller.length));
    else if (!host || !rest || !isDnsSubdomain(host) || !DOMAIN_PREFIXED_PATH.test(rest)) ctx.report(Codes.serverValue, [...specPath, 'controller'], badControllerName(controller));
  }
  const parameters = objectAt(spec.parameters);
  if (!parameters) return;
  const at = [...specPath, 'parameters'];
  checkTypedReference(ctx, parameters, at);
  // `scope` defaults to Cluster.
  const scope = stringAt(parameters.scope) ?? 'Cluster';
  const namespace = stringAt(parameters.namespace);
  if (scope === 'Namespace') {
    if (namespace === undefined || namespace === '') {
      if (!ctx.partial) ctx.report(Codes.serverRequired, [...at, 'scope'], namespaceRequired());
    } else {
      const problem = nameProblem(namespace, 'label', l10n.t('namespace name'));
      if (problem) ctx.report(Codes.serverName, [...at, 'namespace'], problem);
    }
  } else if (scope === 'Cluster' && isSet(parameters.namespace)) ctx.report(Codes.serverConflict, [...at, 'namespace'], namespaceForbidden(), { at: 'key' });
}

export function checkNetworkPolicy(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const specPath = ctx.at('spec');
  checkLabelSelector(ctx, spec.podSelector, [...specPath, 'podSelector']);
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    listAt(spec[direction]).forEach((item, index) => {
      const rule = objectAt(item);
      if (!rule) return;
      const at = [...specPath, direction, index];
      listAt(rule.ports).forEach((port, i) => {
        const object = objectAt(port);
        if (object) checkPolicyPort(ctx, object, [...at, 'ports', i]);
      });
      listAt(rule[peers]).forEach((peer, i) => {
        const object = objectAt(peer);
        if (object) checkPeer(ctx, object, [...at, peers, i]);
      });
    });
  }
  if (listAt(spec.policyTypes).length > 2) ctx.report(Codes.serverValue, [...specPath, 'policyTypes'], tooManyPolicyTypes(), { at: 'key' });
}

function checkPolicyPort(ctx: CheckContext, port: PlainObject, path: PathSegment[]): void {
  const endPort = integerAt(port.endPort);
  if (!isSet(port.port)) {
    if (endPort !== undefined) ctx.report(Codes.serverPort, [...path, 'endPort'], endPortNeedsPort(), { at: 'key' });
    return;
  }
  checkPortNumberOrName(ctx, port.port, [...path, 'port'], 'port');
  if (endPort === undefined) return;
  const start = integerAt(port.port);
  if (start === undefined) {
    ctx.report(Codes.serverPort, [...path, 'endPort'], endPortNeedsPort(), { at: 'key' });
    return;
  }
  if (endPort < start) ctx.report(Codes.serverPort, [...path, 'endPort'], endPortBeforePort(endPort, start));
  else checkPortNumber(ctx, endPort, [...path, 'endPort'], 'endPort');
}

function checkPeer(ctx: CheckContext, peer: PlainObject, path: PathSegment[]): void {
  const kinds = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((field) => isSet(peer[field]));
  if (kinds.length === 0) {
    if (!ctx.partial) ctx.report(Codes.serverRequired, path, noPeer(), { at: 'key' });
    return;
  }
  if (kinds.length > 1 && kinds.includes('ipBlock')) ctx.report(Codes.serverConflict, [...path, 'ipBlock'], ipBlockWithOthers(), { at: 'key' });
  checkLabelSelector(ctx, peer.podSelector, [...path, 'podSelector']);
  checkLabelSelector(ctx, peer.namespaceSelector, [...path, 'namespaceSelector']);
  const block = objectAt(peer.ipBlock);
  const cidr = stringAt(block?.cidr);
  if (!block || cidr === undefined) return;
  if (!parseCidr(cidr)) {
    ctx.report(Codes.serverValue, [...path, 'ipBlock', 'cidr'], badCidr(cidr));
    return;
  }
  listAt(block.except).forEach((except, index) => {
    if (typeof except !== 'string') return;
    const at = [...path, 'ipBlock', 'except', index];
    if (!parseCidr(except)) ctx.report(Codes.serverValue, at, badCidr(except));
    else if (isStrictSubnet(except, cidr) === false) ctx.report(Codes.serverValue, at, notSubset(except, cidr));
  });
}
