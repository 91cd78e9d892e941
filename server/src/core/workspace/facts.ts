import { Document, Node, isMap, isScalar, isSeq } from 'yaml';
import { ResourceInfo, apiGroupOf, isKind } from '../resource';
import { containersOf, podSpecsOf } from '../rules/workloads';
import { PathSegment, getNodeAt, keyText, mapEntries, scalarText } from '../yaml/nodes';
import { KeyFact, LabelExpression, PodFact, ReferenceFact, ResourceFacts, SelectorFact, ServicePortFact, Span, TargetKind } from './types';

/**
 * Step 3 of the pipeline, for the workspace model: what a resource says about other resources —
 * the names it refers to, the labels it selects, its pod template's labels and ports, its keys —
 * read from the document's syntax tree while it is analyzed, and cached with the analysis as plain
 * data (types.ts). Which fields are read, for which kinds, is docs/workspace.md's list of relations.
 */

/** Kinds whose `spec.replicas` a scaler may own. */
const SCALED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** Istio and Gateway API kinds whose backends are Services. */
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);

/** The span of a scalar's text, inside its quotes. */
function scalarSpan(node: Node | undefined): Span | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return [start + 1, Math.max(start + 1, end - 1)];
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return undefined;
  return [start, end];
}

function keySpan(map: Node | undefined, key: string, doc: Document): Span | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of mapEntries(map, doc)) {
    if (keyText(pair) === key && isScalar(pair.key) && pair.key.range) return [pair.key.range[0], pair.key.range[1]];
  }
  return undefined;
}

class Reader {
  readonly facts: ResourceFacts = { references: [], selectors: [] };

  constructor(readonly doc: Document, readonly resource: ResourceInfo) {}

  node(path: readonly PathSegment[]): Node | undefined {
    return getNodeAt(this.doc.contents, path, this.doc);
  }

  at(...path: PathSegment[]): PathSegment[] {
    return [...this.resource.path, ...path];
  }

  text(path: readonly PathSegment[]): string | undefined {
    const node = this.node(path);
    if (!isScalar(node)) return undefined;
    const text = scalarText(node);
    return text === undefined || text === '' ? undefined : text;
  }

  bool(path: readonly PathSegment[]): boolean | undefined {
    const node = this.node(path);
    return isScalar(node) && typeof node.value === 'boolean' ? node.value : undefined;
  }

  /** The items of a list at a path, with their paths. */
  items(path: PathSegment[]): PathSegment[][] {
    const node = this.node(path);
    return isSeq(node) ? node.items.map((_, index) => [...path, index]) : [];
  }

  /** A map of strings (labels, matchLabels), and whether it was there at all. */
  stringMap(path: readonly PathSegment[]): Record<string, string> | undefined {
    const node = this.node(path);
    if (!isMap(node)) return undefined;
    const result: Record<string, string> = {};
    for (const pair of mapEntries(node, this.doc)) {
      const key = keyText(pair);
      const value = isScalar(pair.value) ? scalarText(pair.value) : undefined;
      if (key !== undefined && value !== undefined) result[key] = value;
    }
    return result;
  }

  keys(path: readonly PathSegment[]): KeyFact[] {
    const node = this.node(path);
    if (!isMap(node)) return [];
    const keys: KeyFact[] = [];
    for (const pair of mapEntries(node, this.doc)) {
      const name = keyText(pair);
      const span = scalarSpan(pair.key as Node);
      if (name && span) keys.push({ name, span });
    }
    return keys;
  }

  /** A reference by the name at `path` (nothing when the name is absent or not plain text). */
  reference(target: TargetKind, path: PathSegment[], field: string, extra: Partial<ReferenceFact> = {}): ReferenceFact | undefined {
    const node = this.node(path);
    const name = isScalar(node) ? scalarText(node) : undefined;
    const span = scalarSpan(node);
    if (!name || !span) return undefined;
    const reference: ReferenceFact = { target, name, span, path, field, ...extra };
    this.facts.references.push(reference);
    return reference;
  }

  /** `optional: true` next to a reference's name. */
  optional(path: PathSegment[]): Partial<ReferenceFact> {
    return this.bool([...path, 'optional']) === true ? { optional: true } : {};
  }

  /** A label selector (`matchLabels`/`matchExpressions`, or a plain map when `plain`). Empty ones select everything: skipped. */
  selector(path: PathSegment[], field: string, plain: boolean, extra: Partial<SelectorFact> = {}): void {
    const node = this.node(path);
    if (!isMap(node)) return;
    const matchLabels = (plain ? this.stringMap(path) : this.stringMap([...path, 'matchLabels'])) ?? {};
    const expressions: LabelExpression[] = [];
    if (!plain) {
      for (const itemPath of this.items([...path, 'matchExpressions'])) {
        const key = this.text([...itemPath, 'key']);
        const operator = this.text([...itemPath, 'operator']);
        if (!key || !operator) return; // half-written: not a selector to judge
        const values = this.items([...itemPath, 'values']).map((valuePath) => this.text(valuePath)).filter((value): value is string => value !== undefined);
        expressions.push({ key, operator, values });
      }
    }
    if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return;
    const last = path[path.length - 1];
    const span = typeof last === 'string' ? keySpan(this.node(path.slice(0, -1)), last, this.doc) : undefined;
    const range = node.range;
    this.facts.selectors.push({ selects: 'pods', matchLabels, expressions, span: span ?? (range ? [range[0], range[0] + 1] : [0, 1]), field, ...extra });
  }
}

/** The pod template: labels, container ports, service account, and the references it holds. */
function readPod(reader: Reader): void {
  const { doc, resource } = reader;
  const [podSpec] = podSpecsOf(resource.apiVersion, resource.kind, resource.path, doc);
  if (!podSpec) return;
  const spec = podSpec.path;
  const pod: PodFact = { labels: reader.stringMap([...podSpec.metadataPath, 'labels']) ?? {}, ports: [] };
  const serviceAccount = reader.text([...spec, 'serviceAccountName']) ?? reader.text([...spec, 'serviceAccount']);
  if (serviceAccount) {
    pod.serviceAccount = serviceAccount;
    const field = reader.text([...spec, 'serviceAccountName']) ? 'serviceAccountName' : 'serviceAccount';
    reader.reference('ServiceAccount', [...spec, field], field);
  }
  const automount = reader.bool([...spec, 'automountServiceAccountToken']);
  if (automount !== undefined) pod.automount = automount;
  for (const item of reader.items([...spec, 'imagePullSecrets'])) reader.reference('Secret', [...item, 'name'], 'imagePullSecrets');

  const keysOf = (path: PathSegment[]): KeyFact[] => reader.items([...path, 'items']).flatMap((item) => {
    const node = reader.node([...item, 'key']);
    const name = reader.text([...item, 'key']);
    const span = scalarSpan(node);
    return name && span ? [{ name, span }] : [];
  });
  const configSource = (target: 'ConfigMap' | 'Secret', path: PathSegment[], nameKey: string, field: string) => {
    if (!reader.node(path)) return;
    const keys = keysOf(path);
    reader.reference(target, [...path, nameKey], field, { ...reader.optional(path), ...(keys.length ? { keys } : {}) });
  };
  for (const volume of reader.items([...spec, 'volumes'])) {
    configSource('ConfigMap', [...volume, 'configMap'], 'name', 'volumes[].configMap');
    configSource('Secret', [...volume, 'secret'], 'secretName', 'volumes[].secret');
    for (const source of reader.items([...volume, 'projected', 'sources'])) {
      configSource('ConfigMap', [...source, 'configMap'], 'name', 'projected configMap');
      configSource('Secret', [...source, 'secret'], 'name', 'projected secret');
    }
  }

  for (const container of containersOf(podSpec, doc)) {
    for (const env of reader.items([...container.path, 'env'])) {
      for (const [target, field] of [['ConfigMap', 'configMapKeyRef'], ['Secret', 'secretKeyRef']] as const) {
        const path = [...env, 'valueFrom', field];
        if (!reader.node(path)) continue;
        const keyNode = reader.node([...path, 'key']);
        const key = reader.text([...path, 'key']);
        const keySpanOf = scalarSpan(keyNode);
        reader.reference(target, [...path, 'name'], field, { ...reader.optional(path), ...(key && keySpanOf ? { keys: [{ name: key, span: keySpanOf }] } : {}) });
      }
    }
    for (const source of reader.items([...container.path, 'envFrom'])) {
      if (reader.node([...source, 'configMapRef'])) reader.reference('ConfigMap', [...source, 'configMapRef', 'name'], 'configMapRef', reader.optional([...source, 'configMapRef']));
      if (reader.node([...source, 'secretRef'])) reader.reference('Secret', [...source, 'secretRef', 'name'], 'secretRef', reader.optional([...source, 'secretRef']));
    }
    if (container.list === 'ephemeralContainers') continue;
    for (const port of reader.items([...container.path, 'ports'])) {
      const number = reader.node([...port, 'containerPort']);
      pod.ports.push({
        ...(reader.text([...port, 'name']) ? { name: reader.text([...port, 'name']) } : {}),
        ...(isScalar(number) && typeof number.value === 'number' ? { port: number.value } : {}),
      });
    }
  }
  reader.facts.pod = pod;
}

/** `host` of an Istio destination: a Service named short (same namespace) or in full (`name.ns.svc.cluster.local`). */
function istioHost(reader: Reader, path: PathSegment[], field: string, port?: PathSegment[]): void {
  const node = reader.node(path);
  const host = isScalar(node) ? scalarText(node) : undefined;
  const span = scalarSpan(node);
  if (!host || !span) return;
  const full = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?$/.exec(host);
  const short = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(host);
  if (!full && !short) return; // an external host, or a wildcard
  const name = full ? full[1] : host;
  const reference: ReferenceFact = { target: 'Service', name, span: [span[0], span[0] + name.length], path, field, ...(full ? { namespace: full[3] } : {}) };
  const portNode = port ? reader.node(port) : undefined;
  const portSpan = scalarSpan(portNode);
  if (isScalar(portNode) && typeof portNode.value === 'number' && portSpan) reference.port = { value: portNode.value, span: portSpan };
  reader.facts.references.push(reference);
}

/** A workload named by `apiVersion`/`kind`/`name` (HPA, VPA, Flagger, KEDA). */
function workloadRef(reader: Reader, path: PathSegment[], field: string, defaultKind: string | undefined, scales: boolean): void {
  const kind = reader.text([...path, 'kind']) ?? defaultKind;
  if (!kind) return;
  const apiVersion = reader.text([...path, 'apiVersion']);
  reader.reference('Workload', [...path, 'name'], field, { kind, ...(apiVersion ? { group: apiGroupOf(apiVersion) } : {}), ...(scales ? { scales: true } : {}) });
}

function readService(reader: Reader): void {
  reader.facts.labels = reader.stringMap(reader.at('metadata', 'labels')) ?? {};
  reader.selector(reader.at('spec', 'selector'), 'selector', true);
  const ports: ServicePortFact[] = [];
  for (const item of reader.items(reader.at('spec', 'ports'))) {
    const port = reader.node([...item, 'port']);
    const target = reader.node([...item, 'targetPort']);
    const fact: ServicePortFact = {};
    const name = reader.text([...item, 'name']);
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

function readIngress(reader: Reader): void {
  const backend = (path: PathSegment[]) => {
    // networking.k8s.io/v1: backend.service.{name, port.number|port.name}; older: serviceName/servicePort.
    if (reader.node([...path, 'service'])) {
      const reference = reader.reference('Service', [...path, 'service', 'name'], 'backend.service');
      const portNode = reader.node([...path, 'service', 'port', 'number']) ?? reader.node([...path, 'service', 'port', 'name']);
      const span = scalarSpan(portNode);
      if (reference && isScalar(portNode) && span && (typeof portNode.value === 'number' || typeof portNode.value === 'string')) reference.port = { value: portNode.value, span };
    } else if (reader.node([...path, 'serviceName'])) {
      const reference = reader.reference('Service', [...path, 'serviceName'], 'backend.serviceName');
      const portNode = reader.node([...path, 'servicePort']);
      const span = scalarSpan(portNode);
      if (reference && isScalar(portNode) && span && (typeof portNode.value === 'number' || typeof portNode.value === 'string')) reference.port = { value: portNode.value, span };
    }
  };
  backend(reader.at('spec', 'defaultBackend'));
  backend(reader.at('spec', 'backend'));
  for (const rule of reader.items(reader.at('spec', 'rules'))) {
    for (const path of reader.items([...rule, 'http', 'paths'])) backend([...path, 'backend']);
  }
  for (const tls of reader.items(reader.at('spec', 'tls'))) reader.reference('Secret', [...tls, 'secretName'], 'tls[].secretName');
}

function readBinding(reader: Reader, cluster: boolean): void {
  const roleKind = reader.text(reader.at('roleRef', 'kind'));
  if (roleKind === 'Role' || roleKind === 'ClusterRole') reader.reference(roleKind, reader.at('roleRef', 'name'), 'roleRef');
  for (const subject of reader.items(reader.at('subjects'))) {
    if (reader.text([...subject, 'kind']) !== 'ServiceAccount') continue;
    const namespace = reader.text([...subject, 'namespace']);
    if (cluster && !namespace) continue; // the API server requires one
    reader.reference('ServiceAccount', [...subject, 'name'], 'subjects', namespace ? { namespace } : {});
  }
}

function readNetworkPolicy(reader: Reader): void {
  reader.selector(reader.at('spec', 'podSelector'), 'podSelector', false);
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    reader.items(reader.at('spec', direction)).forEach((rule, i) => {
      reader.items([...rule, peers]).forEach((peer, j) => {
        // A peer with a namespaceSelector picks pods of other namespaces: not ours to judge.
        if (reader.node([...peer, 'namespaceSelector'])) return;
        reader.selector([...peer, 'podSelector'], `${direction}[${i}].${peers}[${j}].podSelector`, false);
      });
    });
  }
}

function readMonitor(reader: Reader, selects: 'pods' | 'services'): void {
  const any = reader.bool(reader.at('spec', 'namespaceSelector', 'any')) === true;
  const names = reader.items(reader.at('spec', 'namespaceSelector', 'matchNames')).map((path) => reader.text(path)).filter((name): name is string => name !== undefined);
  reader.selector(reader.at('spec', 'selector'), 'selector', false, { selects, ...(any ? { namespaces: '*' as const } : names.length ? { namespaces: names } : {}) });
}

function readDestinationRule(reader: Reader): void {
  istioHost(reader, reader.at('spec', 'host'), 'host');
  for (const subset of reader.items(reader.at('spec', 'subsets'))) {
    const name = reader.text([...subset, 'name']);
    reader.selector([...subset, 'labels'], `subsets[${String(subset[subset.length - 1])}]`, true, name ? { subset: name } : {});
  }
}

function readVirtualService(reader: Reader): void {
  for (const protocol of ['http', 'tcp', 'tls']) {
    for (const route of reader.items(reader.at('spec', protocol))) {
      for (const destination of reader.items([...route, 'route'])) {
        istioHost(reader, [...destination, 'destination', 'host'], 'destination.host', [...destination, 'destination', 'port', 'number']);
      }
    }
  }
}

function readRoute(reader: Reader): void {
  for (const rule of reader.items(reader.at('spec', 'rules'))) {
    for (const backend of reader.items([...rule, 'backendRefs'])) {
      const kind = reader.text([...backend, 'kind']) ?? 'Service';
      const group = reader.text([...backend, 'group']) ?? '';
      if (kind !== 'Service' || group !== '') continue;
      const namespace = reader.text([...backend, 'namespace']);
      const reference = reader.reference('Service', [...backend, 'name'], 'backendRefs', namespace ? { namespace } : {});
      const portNode = reader.node([...backend, 'port']);
      const span = scalarSpan(portNode);
      if (reference && isScalar(portNode) && typeof portNode.value === 'number' && span) reference.port = { value: portNode.value, span };
    }
  }
}

/** What a resource says about other resources (nothing for kinds that relate to none). */
export function extractFacts(doc: Document, resource: ResourceInfo): ResourceFacts {
  const reader = new Reader(doc, resource);
  const { facts } = reader;
  const nameSpan = scalarSpan(reader.node(reader.at('metadata', 'name')));
  if (nameSpan) facts.nameSpan = nameSpan;
  const group = apiGroupOf(resource.apiVersion);
  const kind = resource.kind;

  readPod(reader);
  if ((SCALED_KINDS.has(kind) && (group === 'apps' || group === 'extensions')) || (kind === 'Rollout' && group === 'argoproj.io')) {
    const path = reader.at('spec', 'replicas');
    const node = reader.node(path);
    const span = keySpan(reader.node(reader.at('spec')), 'replicas', doc);
    if (node && span) facts.replicas = { value: isScalar(node) ? node.value : undefined, span, path };
  }
  if (isKind(resource, 'StatefulSet')) reader.reference('Service', reader.at('spec', 'serviceName'), 'serviceName');

  if (isKind(resource, 'ConfigMap')) facts.keys = [...reader.keys(reader.at('data')), ...reader.keys(reader.at('binaryData'))];
  else if (isKind(resource, 'Secret')) facts.keys = [...reader.keys(reader.at('data')), ...reader.keys(reader.at('stringData'))];
  else if (isKind(resource, 'ServiceAccount')) {
    const automount = reader.bool(reader.at('automountServiceAccountToken'));
    if (automount !== undefined) facts.automount = automount;
  } else if (isKind(resource, 'Service')) readService(reader);
  else if (isKind(resource, 'Ingress')) readIngress(reader);
  else if (isKind(resource, 'RoleBinding', 'ClusterRoleBinding')) readBinding(reader, kind === 'ClusterRoleBinding');
  else if (isKind(resource, 'NetworkPolicy')) readNetworkPolicy(reader);
  else if (isKind(resource, 'PodDisruptionBudget')) {
    reader.selector(reader.at('spec', 'selector'), 'selector', false);
    for (const field of ['minAvailable', 'maxUnavailable'] as const) {
      const node = reader.node(reader.at('spec', field));
      const span = scalarSpan(node);
      if (isScalar(node) && span && (typeof node.value === 'number' || typeof node.value === 'string')) facts.disruption = { field, value: node.value, span };
    }
  } else if (isKind(resource, 'HorizontalPodAutoscaler')) workloadRef(reader, reader.at('spec', 'scaleTargetRef'), 'scaleTargetRef', undefined, true);
  else if (group === 'autoscaling.k8s.io' && kind === 'VerticalPodAutoscaler') workloadRef(reader, reader.at('spec', 'targetRef'), 'targetRef', undefined, false);
  else if (group === 'flagger.app' && kind === 'Canary') workloadRef(reader, reader.at('spec', 'targetRef'), 'targetRef', undefined, false);
  else if (group === 'keda.sh' && kind === 'ScaledObject') workloadRef(reader, reader.at('spec', 'scaleTargetRef'), 'scaleTargetRef', 'Deployment', true);
  else if (group === 'networking.istio.io' && kind === 'DestinationRule') readDestinationRule(reader);
  else if (group === 'networking.istio.io' && kind === 'VirtualService') readVirtualService(reader);
  else if (group === 'gateway.networking.k8s.io' && ROUTE_KINDS.has(kind)) readRoute(reader);
  else if (group === 'monitoring.coreos.com' && kind === 'ServiceMonitor') readMonitor(reader, 'services');
  else if (group === 'monitoring.coreos.com' && kind === 'PodMonitor') readMonitor(reader, 'pods');
  else if (group === 'bitnami.com' && kind === 'SealedSecret') {
    const path = reader.node(reader.at('spec', 'template', 'metadata', 'name')) ? reader.at('spec', 'template', 'metadata', 'name') : reader.at('metadata', 'name');
    const name = reader.text(path);
    const span = scalarSpan(reader.node(path));
    if (name && span) facts.provides = [{ kind: 'Secret', name, span, keys: reader.keys(reader.at('spec', 'encryptedData')).map((key) => key.name) }];
  } else if (group === 'external-secrets.io' && kind === 'ExternalSecret') {
    const path = reader.text(reader.at('spec', 'target', 'name')) ? reader.at('spec', 'target', 'name') : reader.at('metadata', 'name');
    const name = reader.text(path);
    const span = scalarSpan(reader.node(path));
    if (name && span) facts.provides = [{ kind: 'Secret', name, span }];
  } else if (group === 'cert-manager.io' && kind === 'Certificate') {
    const path = reader.at('spec', 'secretName');
    const name = reader.text(path);
    const span = scalarSpan(reader.node(path));
    if (name && span) facts.provides = [{ kind: 'Secret', name, span }];
  }
  return facts;
}
