import * as l10n from '@vscode/l10n';
import { URI, Utils } from 'vscode-uri';
import { closestMatch } from '../../validation/text';
import { IndexedResource, ModelReference, ModelSelector, WorkspaceModel } from '../model';
import type { LabelExpression, TargetKind } from '../types';
import type { CheckContext } from './types';

/** What the checks between resources share. */

/** Fills `{name}` placeholders: each message is one template, whole, for translators. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** The references of a resource to one kind of target that are worth judging. */
export function referencesOf(resource: IndexedResource, ...targets: TargetKind[]): ModelReference[] {
  return resource.references.filter((reference) => targets.includes(reference.target) && !reference.optional);
}

/** Names the cluster always has: references to them are never missing. */
const ALWAYS_THERE: Record<string, (name: string, namespace: string | undefined) => boolean> = {
  ServiceAccount: (name) => name === 'default',
  ClusterRole: (name) => ['cluster-admin', 'admin', 'edit', 'view'].includes(name) || name.startsWith('system:'),
  Role: (name) => name.startsWith('system:'),
  Service: (name, namespace) => name === 'kubernetes' && namespace === 'default',
  ConfigMap: (name) => name === 'kube-root-ca.crt',
};

export interface Missing {
  reference: ModelReference;
  /** The namespace it was looked for in (undefined: a cluster-scoped kind). */
  namespace?: string;
  /** A near name of the same kind in that namespace. */
  near?: string;
}

/**
 * The references of a resource that point at nothing the workspace defines. Silent when the
 * workspace defines no resource of that kind at all (it is clearly managed elsewhere), for
 * optional references, and for names the cluster always has.
 */
export function missingReferences(model: WorkspaceModel, resource: IndexedResource, ...targets: TargetKind[]): Missing[] {
  if (resource.uncertain) return [];
  const missing: Missing[] = [];
  for (const reference of referencesOf(resource, ...targets)) {
    const kindKey = reference.kindKey;
    const namespace = model.referenceNamespace(reference);
    if (ALWAYS_THERE[kindKey]?.(reference.name, namespace)) continue;
    if (!model.hasKind(kindKey) || model.resolve(reference).length > 0) continue;
    const near = closestMatch(reference.name, model.namesIn(kindKey, namespace, resource.kustomization));
    missing.push({ reference, ...(namespace !== undefined ? { namespace } : {}), ...(near ? { near } : {}) });
  }
  return missing;
}

/** `app: web, tier: api` (and `track In (stable, canary)`), for messages. */
export function selectorText(matchLabels: Readonly<Record<string, string>>, expressions: readonly LabelExpression[]): string {
  const parts = Object.entries(matchLabels).map(([key, value]) => `${key}: ${value}`);
  for (const { key, operator, values } of expressions) parts.push(values.length ? `${key} ${operator} (${values.join(', ')})` : `${key} ${operator}`);
  return parts.join(', ');
}

/** The pods a resource's Service (by the selector) sends traffic to. */
export function podsOfService(model: WorkspaceModel, service: IndexedResource): readonly IndexedResource[] {
  const selector = service.selectors[0];
  if (!selector) return [];
  return model.matchingPods([service.namespace ?? 'default'], selector.matchLabels, selector.expressions);
}

/** The labels a selector is matched against: a pod template's, or (ServiceMonitor) a Service's. */
export function labelsOf(resource: IndexedResource): Record<string, string> {
  return resource.facts.pod?.labels ?? resource.facts.labels ?? {};
}

/**
 * The candidates a selector is matched against: pods, or Services for a ServiceMonitor; undefined
 * when the workspace cannot tell (a namespace without pods, a DestinationRule whose host Service
 * it does not define: those pods are made elsewhere).
 */
export function selectorCandidates(model: WorkspaceModel, selector: ModelSelector): readonly IndexedResource[] | undefined {
  const namespaces = model.selectorNamespaces(selector);
  if (selector.selects === 'services') {
    const candidates = namespaces === '*' ? [...model.ofKind('Service')] : namespaces.flatMap((namespace) => [...model.inNamespace('Service', namespace)]);
    const services = candidates.filter((service) => service.origin === 'manifest');
    return services.length > 0 ? services : undefined;
  }
  if (selector.subset !== undefined) {
    // A DestinationRule subset: among the pods of its host Service.
    const host = selector.from.references.find((reference) => reference.field === 'host');
    const services = host ? model.resolve(host).filter((service) => service.origin === 'manifest' && service.selectors.length > 0) : [];
    if (services.length === 0 || services.some((service) => service.uncertain)) return undefined;
    const pods = services.flatMap((service) => podsOfService(model, service));
    return pods.length > 0 ? pods : undefined;
  }
  const pods = model.candidatePods(namespaces);
  if (namespaces === '*' ? pods.length === 0 : !namespaces.some((namespace) => model.hasPodsIn(namespace))) return undefined;
  return pods;
}

/**
 * A near miss for a selector that matches nothing: the one label a candidate has differently
 * (`app: api` for `app: apii`), when exactly one label stands between the selector and a candidate.
 */
export function nearLabel(matchLabels: Readonly<Record<string, string>>, candidates: readonly IndexedResource[]): string | undefined {
  const values = new Map<string, Set<string>>();
  const keys = new Map<string, Set<string>>();
  const wanted = Object.keys(matchLabels);
  for (const candidate of candidates) {
    const labels = labelsOf(candidate);
    let wrong: string | undefined;
    let count = 0;
    for (const key of wanted) {
      if (labels[key] === matchLabels[key]) continue;
      wrong = key;
      if (++count > 1) break;
    }
    if (count !== 1) continue;
    const value = matchLabels[wrong!];
    if (labels[wrong!] !== undefined) values.set(wrong!, (values.get(wrong!) ?? new Set()).add(labels[wrong!]));
    else for (const other in labels) if (labels[other] === value) keys.set(value, (keys.get(value) ?? new Set()).add(other));
  }
  return nearest(matchLabels, (key) => values.get(key) ?? [], (key) => keys.get(matchLabels[key]) ?? []);
}

/**
 * The same for pods, from the model's label indexes (no pod is looked at unless the selector has
 * several labels, and then only those matching all but one).
 */
export function nearPodLabel(model: WorkspaceModel, namespaces: readonly string[], matchLabels: Readonly<Record<string, string>>): string | undefined {
  const entries = Object.entries(matchLabels);
  const others = (key: string) => Object.fromEntries(entries.filter(([other]) => other !== key));
  const podsMatchingOthers = (key: string) => model.matchingPods(namespaces, others(key), []).map((pod) => pod.facts.pod!.labels);
  return nearest(matchLabels,
    (key) => (entries.length === 1 ? namespaces.flatMap((namespace) => model.valuesOfLabel(namespace, key)) : podsMatchingOthers(key).flatMap((labels) => (labels[key] === undefined ? [] : [labels[key]]))),
    (key) => (entries.length === 1
      ? namespaces.flatMap((namespace) => model.labelsWithValue(namespace, matchLabels[key]))
      : podsMatchingOthers(key).flatMap((labels) => Object.keys(labels).filter((other) => labels[other] === matchLabels[key]))));
}

/** A misspelt value (`app: wbe` for `app: web`), else a misspelt key, among the values and keys given for each label. */
function nearest(matchLabels: Readonly<Record<string, string>>, valuesOf: (key: string) => Iterable<string>, keysOf: (key: string) => Iterable<string>): string | undefined {
  for (const [key, value] of Object.entries(matchLabels)) {
    const near = closestMatch(value, valuesOf(key));
    if (near !== undefined) return `${key}: ${near}`;
  }
  for (const [key, value] of Object.entries(matchLabels)) {
    const near = closestMatch(key, [...keysOf(key)].filter((other) => other !== key));
    if (near !== undefined) return `${near}: ${value}`;
  }
  return undefined;
}

/** `a`, `b` and `c`, backticked, for messages. */
export function codeList(items: readonly (string | number)[]): string {
  const quoted = items.map((item) => `\`${item}\``);
  return quoted.length <= 1 ? quoted.join('') : l10n.t('{0} and {1}', quoted.slice(0, -1).join(l10n.t(', ')), quoted[quoted.length - 1]);
}

/** Where another file is, from a file: `../base/web.yaml`, or its name when in the same folder. */
export function relativeFile(fromUri: string, toUri: string): string {
  const from = Utils.dirname(URI.parse(fromUri)).path.split('/').filter(Boolean);
  const to = URI.parse(toUri).path.split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

/** The messages of a missing-reference check: whole templates with `{name}`, `{namespace}`, `{near}`, `{kind}`, `{from}`. */
export interface MissingMessages {
  near: string;
  missing: string;
  /** For a reference in this field, instead of `missing`. */
  missingByField?: Record<string, string>;
  /** For cluster-scoped targets (no namespace). */
  nearCluster?: string;
  missingCluster?: string;
}

/** Reports the missing references of some target kinds, with these messages. */
export function reportMissing(ctx: CheckContext, targets: TargetKind[], messages: MissingMessages): void {
  for (const { reference, namespace, near } of missingReferences(ctx.model, ctx.resource, ...targets)) {
    const values = { name: reference.name, namespace: namespace ?? '', near: near ?? '', kind: reference.kind ?? reference.target, from: ctx.resource.kind };
    const cluster = namespace === undefined;
    const template = near
      ? (cluster ? messages.nearCluster : undefined) ?? messages.near
      : (cluster ? messages.missingCluster : undefined) ?? messages.missingByField?.[reference.field] ?? messages.missing;
    ctx.report({ span: reference.span, message: format(template, values) });
  }
}
