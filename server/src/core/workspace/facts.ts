import { Document, Node, isMap, isScalar, isSeq } from 'yaml';
import { ResourceInfo, apiGroupOf, isBuiltInKind } from '../resource';
import { podSpecsOf } from '../rules/workloads';
import { getNodeAt, getValue, keyText, mapEntries, resolveAlias, scalarText } from '../yaml/nodes';
import { KeyFact, LabelExpression, PodFact, ReferenceFact, ResourceFacts, SelectorFact, ServicePortFact, Span, TargetKind } from './types';
import * as l10n from '@vscode/l10n';

/**
 * Step 3 of the pipeline, for the workspace model: what a resource says about other resources —
 * the names it refers to, the labels it selects, its pod template's labels and ports, its keys —
 * read from the document's syntax tree while it is analyzed, and cached with the analysis as plain
 * data (types.ts). Which fields are read, for which kinds, is docs/workspace.md's list of relations.
 * It walks down from nodes already found (never from the document's root again): it runs on every
 * resource of every file the CLI checks.
 */

type Maybe = Node | undefined;

/** Kinds whose `spec.replicas` a scaler may own. */
const SCALED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** Gateway API kinds whose backends are Services. */
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);

/** The span of a scalar's text, inside its quotes. */
function scalarSpan(node: Maybe): Span | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return [start + 1, Math.max(start + 1, end - 1)];
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return undefined;
  return [start, end];
}

class Reader {
  readonly facts: ResourceFacts = { references: [], selectors: [] };

  constructor(readonly doc: Document) {}

  /** The node below `node` at these keys (aliases resolved). */
  get(node: Maybe, ...keys: string[]): Maybe {
    let current = node;
    for (const key of keys) {
      current = getValue(current, key, this.doc);
      if (current === undefined) return undefined;
    }
    return current;
  }

  text(node: Maybe): string | undefined {
    if (!isScalar(node)) return undefined;
    const text = scalarText(node);
    return text === undefined || text === '' ? undefined : text;
  }

  bool(node: Maybe): boolean | undefined {
    return isScalar(node) && typeof node.value === 'boolean' ? node.value : undefined;
  }

  /** The items of a list (aliases resolved); none when it is absent or not a list. */
  items(node: Maybe): Node[] {
    if (!isSeq(node)) return [];
    const items: Node[] = [];
    for (const item of node.items) {
      const resolved = resolveAlias(item, this.doc);
      if (resolved) items.push(resolved);
    }
    return items;
  }

  /** A map of strings (labels, matchLabels). */
  stringMap(node: Maybe): Record<string, string> | undefined {
    if (!isMap(node)) return undefined;
    const result: Record<string, string> = {};
    for (const pair of mapEntries(node, this.doc)) {
      const key = keyText(pair);
      const value = isScalar(pair.value) ? scalarText(pair.value) : undefined;
      if (key !== undefined && value !== undefined) result[key] = value;
    }
    return result;
  }

  keys(node: Maybe): KeyFact[] {
    if (!isMap(node)) return [];
    const keys: KeyFact[] = [];
    for (const pair of mapEntries(node, this.doc)) {
      const name = keyText(pair);
      const span = scalarSpan(pair.key as Node);
      if (name && span) keys.push({ name, span });
    }
    return keys;
  }

  /** The span of a key of a map (to report on `replicas:`, `selector:`). */
  keySpan(map: Maybe, key: string): Span | undefined {
    if (!isMap(map)) return undefined;
    for (const pair of mapEntries(map, this.doc)) {
      if (keyText(pair) === key && isScalar(pair.key) && pair.key.range) return [pair.key.range[0], pair.key.range[1]];
    }
    return undefined;
  }

  /** A reference by the name in `node` (nothing when it is absent or not plain text). */
  reference(target: TargetKind, node: Maybe, field: string, extra: Partial<ReferenceFact> = {}): ReferenceFact | undefined {
    const name = this.text(node);
    const span = scalarSpan(node);
    if (!name || !span) return undefined;
    const reference: ReferenceFact = { target, name, span, field, ...extra };
    this.facts.references.push(reference);
    return reference;
  }

  /** `optional: true` in the map of a reference. */
  optional(map: Maybe): Partial<ReferenceFact> {
    return this.bool(this.get(map, 'optional')) === true ? { optional: true } : {};
  }

  /** A port of a backend: a number or a name. */
  port(node: Maybe): ReferenceFact['port'] {
    const span = scalarSpan(node);
    return isScalar(node) && span && (typeof node.value === 'number' || typeof node.value === 'string') ? { value: node.value, span } : undefined;
  }

  /**
   * A label selector, the value of `key` in `parent` (`matchLabels`/`matchExpressions`, or a plain
   * map when `plain`). Empty ones select everything: skipped.
   */
  selector(parent: Maybe, key: string, field: string, plain: boolean, extra: Partial<SelectorFact> = {}): void {
    const node = this.get(parent, key);
    if (!isMap(node)) return;
    const matchLabels = (plain ? this.stringMap(node) : this.stringMap(this.get(node, 'matchLabels'))) ?? {};
    const expressions: LabelExpression[] = [];
    if (!plain) {
      for (const item of this.items(this.get(node, 'matchExpressions'))) {
        const name = this.text(this.get(item, 'key'));
        const operator = this.text(this.get(item, 'operator'));
        if (!name || !operator) return; // half-written: not a selector to judge
        const values = this.items(this.get(item, 'values')).map((value) => this.text(value)).filter((value): value is string => value !== undefined);
        expressions.push({ key: name, operator, values });
      }
    }
    if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return;
    const span = this.keySpan(parent, key) ?? (node.range ? [node.range[0], node.range[0] + 1] as Span : [0, 1] as Span);
    this.facts.selectors.push({ selects: 'pods', matchLabels, expressions, span, field, ...extra });
  }
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** The pod template: labels, container ports, service account, and the references it holds. */
function readPod(reader: Reader, resource: ResourceInfo): void {
  const { doc } = reader;
  const [podSpec] = podSpecsOf(resource.apiVersion, resource.kind, resource.path, doc);
  if (!podSpec) return;
  const spec = getNodeAt(doc.contents, podSpec.path, doc);
  const pod: PodFact = { labels: reader.stringMap(reader.get(getNodeAt(doc.contents, podSpec.metadataPath, doc), 'labels')) ?? {}, ports: [] };
  const accountName = reader.get(spec, 'serviceAccountName');
  const account = reader.text(accountName) ? accountName : reader.get(spec, 'serviceAccount');
  const reference = reader.reference('ServiceAccount', account, account === accountName ? 'serviceAccountName' : 'serviceAccount');
  if (reference) pod.serviceAccount = reference.name;
  const automount = reader.bool(reader.get(spec, 'automountServiceAccountToken'));
  if (automount !== undefined) pod.automount = automount;
  for (const item of reader.items(reader.get(spec, 'imagePullSecrets'))) reader.reference('Secret', reader.get(item, 'name'), 'imagePullSecrets');

  const keysOf = (source: Maybe): KeyFact[] => reader.items(reader.get(source, 'items')).flatMap((item) => {
    const node = reader.get(item, 'key');
    const name = reader.text(node);
    const span = scalarSpan(node);
    return name && span ? [{ name, span }] : [];
  });
  const configSource = (target: 'ConfigMap' | 'Secret', source: Maybe, nameKey: string, field: string) => {
    if (!source) return;
    const keys = keysOf(source);
    reader.reference(target, reader.get(source, nameKey), field, { ...reader.optional(source), ...(keys.length ? { keys } : {}) });
  };
  for (const volume of reader.items(reader.get(spec, 'volumes'))) {
    configSource('ConfigMap', reader.get(volume, 'configMap'), 'name', 'volumes[].configMap');
    configSource('Secret', reader.get(volume, 'secret'), 'secretName', 'volumes[].secret');
    for (const source of reader.items(reader.get(volume, 'projected', 'sources'))) {
      configSource('ConfigMap', reader.get(source, 'configMap'), 'name', l10n.t('projected configMap'));
      configSource('Secret', reader.get(source, 'secret'), 'name', l10n.t('projected secret'));
    }
  }

  for (const list of CONTAINER_LISTS) {
    for (const container of reader.items(reader.get(spec, list))) {
      for (const env of reader.items(reader.get(container, 'env'))) {
        const valueFrom = reader.get(env, 'valueFrom');
        if (!valueFrom) continue;
        for (const [target, field] of [['ConfigMap', 'configMapKeyRef'], ['Secret', 'secretKeyRef']] as const) {
          const ref = reader.get(valueFrom, field);
          if (!ref) continue;
          const keyNode = reader.get(ref, 'key');
          const key = reader.text(keyNode);
          const span = scalarSpan(keyNode);
          reader.reference(target, reader.get(ref, 'name'), field, { ...reader.optional(ref), ...(key && span ? { keys: [{ name: key, span }] } : {}) });
        }
      }
      for (const source of reader.items(reader.get(container, 'envFrom'))) {
        const configMap = reader.get(source, 'configMapRef');
        if (configMap) reader.reference('ConfigMap', reader.get(configMap, 'name'), 'configMapRef', reader.optional(configMap));
        const secret = reader.get(source, 'secretRef');
        if (secret) reader.reference('Secret', reader.get(secret, 'name'), 'secretRef', reader.optional(secret));
      }
      if (list === 'ephemeralContainers') continue;
      for (const port of reader.items(reader.get(container, 'ports'))) {
        const number = reader.get(port, 'containerPort');
        const name = reader.text(reader.get(port, 'name'));
        pod.ports.push({ ...(name ? { name } : {}), ...(isScalar(number) && typeof number.value === 'number' ? { port: number.value } : {}) });
      }
    }
  }
  reader.facts.pod = pod;
}

/** `host` of an Istio destination: a Service named short (same namespace) or in full (`name.ns.svc.cluster.local`). */
function istioHost(reader: Reader, node: Maybe, field: string, port?: Maybe): void {
  const host = reader.text(node);
  const span = scalarSpan(node);
  if (!host || !span) return;
  const full = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?$/.exec(host);
  const short = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(host);
  if (!full && !short) return; // an external host, or a wildcard
  const name = full ? full[1] : host;
  const reference: ReferenceFact = { target: 'Service', name, span: [span[0], span[0] + name.length], field, ...(full ? { namespace: full[3] } : {}) };
  const portFact = reader.port(port);
  if (portFact && typeof portFact.value === 'number') reference.port = portFact;
  reader.facts.references.push(reference);
}

/** A workload named by `apiVersion`/`kind`/`name` (HPA, VPA, Flagger, KEDA). */
function workloadRef(reader: Reader, ref: Maybe, field: string, defaultKind: string | undefined, scales: boolean): void {
  const kind = reader.text(reader.get(ref, 'kind')) ?? defaultKind;
  if (!kind || !ref) return;
  const apiVersion = reader.text(reader.get(ref, 'apiVersion'));
  reader.reference('Workload', reader.get(ref, 'name'), field, { kind, ...(apiVersion ? { group: apiGroupOf(apiVersion) } : {}), ...(scales ? { scales: true } : {}) });
}

function readService(reader: Reader, root: Node): void {
  const spec = reader.get(root, 'spec');
  reader.facts.labels = reader.stringMap(reader.get(root, 'metadata', 'labels')) ?? {};
  reader.selector(spec, 'selector', 'selector', true);
  const ports: ServicePortFact[] = [];
  for (const item of reader.items(reader.get(spec, 'ports'))) {
    const port = reader.get(item, 'port');
    const target = reader.get(item, 'targetPort');
    const fact: ServicePortFact = {};
    const name = reader.text(reader.get(item, 'name'));
    if (name) fact.name = name;
    if (isScalar(port) && typeof port.value === 'number') fact.port = port.value;
    if (isScalar(target) && (typeof target.value === 'number' || typeof target.value === 'string')) {
      fact.targetPort = target.value;
      const span = scalarSpan(target);
      if (span) fact.targetPortSpan = span;
    }
    ports.push(fact);
  }
  reader.facts.servicePorts = ports;
}

function readIngress(reader: Reader, root: Node): void {
  const spec = reader.get(root, 'spec');
  const backend = (node: Maybe) => {
    // networking.k8s.io/v1: backend.service.{name, port.number|port.name}; older: serviceName/servicePort.
    const service = reader.get(node, 'service');
    if (service) {
      const reference = reader.reference('Service', reader.get(service, 'name'), 'backend.service');
      const port = reader.port(reader.get(service, 'port', 'number') ?? reader.get(service, 'port', 'name'));
      if (reference && port) reference.port = port;
    } else if (reader.get(node, 'serviceName')) {
      const reference = reader.reference('Service', reader.get(node, 'serviceName'), 'backend.serviceName');
      const port = reader.port(reader.get(node, 'servicePort'));
      if (reference && port) reference.port = port;
    }
  };
  backend(reader.get(spec, 'defaultBackend'));
  backend(reader.get(spec, 'backend'));
  for (const rule of reader.items(reader.get(spec, 'rules'))) {
    for (const path of reader.items(reader.get(rule, 'http', 'paths'))) backend(reader.get(path, 'backend'));
  }
  for (const tls of reader.items(reader.get(spec, 'tls'))) reader.reference('Secret', reader.get(tls, 'secretName'), 'tls[].secretName');
}

function readBinding(reader: Reader, root: Node, cluster: boolean): void {
  const roleRef = reader.get(root, 'roleRef');
  const roleKind = reader.text(reader.get(roleRef, 'kind'));
  if (roleKind === 'Role' || roleKind === 'ClusterRole') reader.reference(roleKind, reader.get(roleRef, 'name'), 'roleRef');
  for (const subject of reader.items(reader.get(root, 'subjects'))) {
    if (reader.text(reader.get(subject, 'kind')) !== 'ServiceAccount') continue;
    const namespace = reader.text(reader.get(subject, 'namespace'));
    if (cluster && !namespace) continue; // the API server requires one
    reader.reference('ServiceAccount', reader.get(subject, 'name'), 'subjects', namespace ? { namespace } : {});
  }
}

function readNetworkPolicy(reader: Reader, root: Node): void {
  const spec = reader.get(root, 'spec');
  reader.selector(spec, 'podSelector', 'podSelector', false);
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    reader.items(reader.get(spec, direction)).forEach((rule, i) => {
      reader.items(reader.get(rule, peers)).forEach((peer, j) => {
        // A peer with a namespaceSelector picks pods of other namespaces: not ours to judge.
        if (reader.get(peer, 'namespaceSelector')) return;
        reader.selector(peer, 'podSelector', `${direction}[${i}].${peers}[${j}].podSelector`, false);
      });
    });
  }
}

function readMonitor(reader: Reader, root: Node, selects: 'pods' | 'services'): void {
  const spec = reader.get(root, 'spec');
  const namespaceSelector = reader.get(spec, 'namespaceSelector');
  const any = reader.bool(reader.get(namespaceSelector, 'any')) === true;
  const names = reader.items(reader.get(namespaceSelector, 'matchNames')).map((node) => reader.text(node)).filter((name): name is string => name !== undefined);
  reader.selector(spec, 'selector', 'selector', false, { selects, ...(any ? { namespaces: '*' as const } : names.length ? { namespaces: names } : {}) });
}

function readDestinationRule(reader: Reader, root: Node): void {
  const spec = reader.get(root, 'spec');
  istioHost(reader, reader.get(spec, 'host'), 'host');
  reader.items(reader.get(spec, 'subsets')).forEach((subset, i) => {
    const name = reader.text(reader.get(subset, 'name'));
    reader.selector(subset, 'labels', `subsets[${i}]`, true, name ? { subset: name } : {});
  });
}

function readVirtualService(reader: Reader, root: Node): void {
  const spec = reader.get(root, 'spec');
  for (const protocol of ['http', 'tcp', 'tls']) {
    for (const route of reader.items(reader.get(spec, protocol))) {
      for (const destination of reader.items(reader.get(route, 'route'))) {
        const target = reader.get(destination, 'destination');
        istioHost(reader, reader.get(target, 'host'), 'destination.host', reader.get(target, 'port', 'number'));
      }
    }
  }
}

function readRoute(reader: Reader, root: Node): void {
  for (const rule of reader.items(reader.get(root, 'spec', 'rules'))) {
    for (const backend of reader.items(reader.get(rule, 'backendRefs'))) {
      const kind = reader.text(reader.get(backend, 'kind')) ?? 'Service';
      const group = reader.text(reader.get(backend, 'group')) ?? '';
      if (kind !== 'Service' || group !== '') continue;
      const namespace = reader.text(reader.get(backend, 'namespace'));
      const reference = reader.reference('Service', reader.get(backend, 'name'), 'backendRefs', namespace ? { namespace } : {});
      const port = reader.port(reader.get(backend, 'port'));
      if (reference && port && typeof port.value === 'number') reference.port = port;
    }
  }
}

/** A Secret another resource creates, named by `node`. */
function provides(reader: Reader, node: Maybe, keys?: string[]): void {
  const name = reader.text(node);
  const span = scalarSpan(node);
  if (name && span) reader.facts.provides = [{ kind: 'Secret', name, span, ...(keys ? { keys } : {}) }];
}

/** What a resource says about other resources (nothing for kinds that relate to none). */
export function extractFacts(doc: Document, resource: ResourceInfo): ResourceFacts {
  const reader = new Reader(doc);
  const { facts } = reader;
  const root = resource.root;
  const nameSpan = scalarSpan(reader.get(root, 'metadata', 'name'));
  if (nameSpan) facts.nameSpan = nameSpan;
  const group = apiGroupOf(resource.apiVersion);
  const kind = resource.kind;

  readPod(reader, resource);
  if ((SCALED_KINDS.has(kind) && (group === 'apps' || group === 'extensions')) || (kind === 'Rollout' && group === 'argoproj.io')) {
    const spec = reader.get(root, 'spec');
    const node = reader.get(spec, 'replicas');
    const span = reader.keySpan(spec, 'replicas');
    if (node && span) facts.replicas = { value: isScalar(node) ? node.value : undefined, span, path: [...resource.path, 'spec', 'replicas'] };
  }
  // Built-in kinds of their own group (not custom resources of the same name), told apart once.
  const builtIn = isBuiltInKind(resource.apiVersion, kind) ? kind : undefined;
  if (builtIn === 'StatefulSet') reader.reference('Service', reader.get(root, 'spec', 'serviceName'), 'serviceName');

  if (builtIn === 'ConfigMap') facts.keys = [...reader.keys(reader.get(root, 'data')), ...reader.keys(reader.get(root, 'binaryData'))];
  else if (builtIn === 'Secret') facts.keys = [...reader.keys(reader.get(root, 'data')), ...reader.keys(reader.get(root, 'stringData'))];
  else if (builtIn === 'ServiceAccount') {
    const automount = reader.bool(reader.get(root, 'automountServiceAccountToken'));
    if (automount !== undefined) facts.automount = automount;
  } else if (builtIn === 'Service') readService(reader, root);
  else if (builtIn === 'Ingress') readIngress(reader, root);
  else if (builtIn === 'RoleBinding' || builtIn === 'ClusterRoleBinding') readBinding(reader, root, kind === 'ClusterRoleBinding');
  else if (builtIn === 'NetworkPolicy') readNetworkPolicy(reader, root);
  else if (builtIn === 'PodDisruptionBudget') {
    const spec = reader.get(root, 'spec');
    reader.selector(spec, 'selector', 'selector', false);
    for (const field of ['minAvailable', 'maxUnavailable'] as const) {
      const node = reader.get(spec, field);
      const span = scalarSpan(node);
      if (isScalar(node) && span && (typeof node.value === 'number' || typeof node.value === 'string')) facts.disruption = { field, value: node.value, span };
    }
  } else if (builtIn === 'HorizontalPodAutoscaler') workloadRef(reader, reader.get(root, 'spec', 'scaleTargetRef'), 'scaleTargetRef', undefined, true);
  else if (group === 'autoscaling.k8s.io' && kind === 'VerticalPodAutoscaler') workloadRef(reader, reader.get(root, 'spec', 'targetRef'), 'targetRef', undefined, false);
  else if (group === 'flagger.app' && kind === 'Canary') workloadRef(reader, reader.get(root, 'spec', 'targetRef'), 'targetRef', undefined, false);
  else if (group === 'keda.sh' && kind === 'ScaledObject') workloadRef(reader, reader.get(root, 'spec', 'scaleTargetRef'), 'scaleTargetRef', 'Deployment', true);
  else if (group === 'networking.istio.io' && kind === 'DestinationRule') readDestinationRule(reader, root);
  else if (group === 'networking.istio.io' && kind === 'VirtualService') readVirtualService(reader, root);
  else if (group === 'gateway.networking.k8s.io' && ROUTE_KINDS.has(kind)) readRoute(reader, root);
  else if (group === 'monitoring.coreos.com' && kind === 'ServiceMonitor') readMonitor(reader, root, 'services');
  else if (group === 'monitoring.coreos.com' && kind === 'PodMonitor') readMonitor(reader, root, 'pods');
  else if (group === 'bitnami.com' && kind === 'SealedSecret') {
    const template = reader.get(root, 'spec', 'template', 'metadata', 'name');
    provides(reader, template ?? reader.get(root, 'metadata', 'name'), reader.keys(reader.get(root, 'spec', 'encryptedData')).map((key) => key.name));
  } else if (group === 'external-secrets.io' && kind === 'ExternalSecret') {
    const target = reader.get(root, 'spec', 'target', 'name');
    provides(reader, reader.text(target) ? target : reader.get(root, 'metadata', 'name'));
  } else if (group === 'cert-manager.io' && kind === 'Certificate') provides(reader, reader.get(root, 'spec', 'secretName'));
  return facts;
}
