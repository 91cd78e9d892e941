import type { Position, Range } from 'vscode-languageserver-types';
import { IndexedResource, Location, ModelReference, ModelSelector, WorkspaceModel, labelsMatch } from './model';
import type { Span } from './types';
import * as l10n from '@vscode/l10n';

/**
 * Navigation over the workspace model, for the language server: what is at a position (a
 * resource's name, a reference, a key, a selector), definition, references, who uses a resource
 * (code lens), workspace symbols, document links, and rename as edits in every file.
 */

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

export function rangeContains(range: Range, position: Position): boolean {
  return before(range.start, position) && before(position, range.end);
}

export type Target =
  | { what: 'resource'; resource: IndexedResource }
  | { what: 'reference'; reference: ModelReference; key?: string }
  | { what: 'selector'; selector: ModelSelector };

/** What is at a position of a file: a resource's name, a reference (or one of its keys), a selector. */
export function targetAt(model: WorkspaceModel, uri: string, position: Position): Target | undefined {
  for (const resource of model.resourcesOf(uri)) {
    const within = (span: Span | undefined) => span !== undefined && rangeContains(model.rangeOf(resource, span), position);
    const onName = resource.origin !== 'provided' && within(resource.facts.nameSpan);
    if (!onName && (resource.origin === 'generator' || !within(resource.span))) continue;
    if (onName) return { what: 'resource', resource };
    for (const reference of resource.references) {
      if (within(reference.span)) return { what: 'reference', reference };
      const key = reference.keys?.find((candidate) => within(candidate.span));
      if (key) return { what: 'reference', reference, key: key.name };
    }
    for (const selector of resource.selectors) if (within(selector.span)) return { what: 'selector', selector };
  }
  return undefined;
}

/** The pods (or Services, for a ServiceMonitor) a selector matches. */
export function selected(model: WorkspaceModel, selector: ModelSelector): IndexedResource[] {
  if (selector.selects === 'services') {
    const namespaces = model.selectorNamespaces(selector);
    return model.ofKind('Service').filter((service) => (namespaces === '*' || namespaces.includes(service.namespace ?? ''))
      && labelsMatch(service.facts.labels ?? {}, selector.matchLabels, selector.expressions));
  }
  return model.matchingPods(model.selectorNamespaces(selector), selector.matchLabels, selector.expressions);
}

/** Go to definition: the resource a reference names (or the key inside it), the pods a selector matches. */
export function definition(model: WorkspaceModel, uri: string, position: Position): Location[] {
  const target = targetAt(model, uri, position);
  if (!target) return [];
  const where = (resource: IndexedResource) => model.nameLocation(resource);
  if (target.what === 'selector') return selected(model, target.selector).map(where);
  if (target.what === 'resource') return [];
  const resources = model.resolve(target.reference);
  if (target.key !== undefined) {
    const keys = resources.flatMap((resource) => resource.facts.keys?.filter((key) => key.name === target.key).map((key) => ({ uri: resource.uri, range: model.rangeOf(resource, key.span) })) ?? []);
    if (keys.length > 0) return keys;
  }
  return resources.map(where);
}

/** The resource a position is about: its own name, or the one a reference there names. */
export function resourceAt(model: WorkspaceModel, uri: string, position: Position): IndexedResource | undefined {
  const target = targetAt(model, uri, position);
  if (target?.what === 'resource') return target.resource;
  if (target?.what === 'reference') return model.resolve(target.reference)[0];
  return undefined;
}

export interface Use {
  /** The resource that uses it. */
  by: IndexedResource;
  /** Where: the reference's name, or the selector. */
  location: Location;
}

/** Everything that uses a resource: references to its name; selectors matching its pods (or its labels, for a Service). */
export function usesOf(model: WorkspaceModel, resource: IndexedResource): Use[] {
  const uses: Use[] = model.referencesTo(resource).map((reference) => ({ by: reference.from, location: { uri: reference.from.uri, range: model.rangeOf(reference.from, reference.span) } }));
  const labels = resource.facts.pod?.labels ?? (resource.kind === 'Service' ? resource.facts.labels : undefined);
  if (labels) {
    const kind = resource.facts.pod ? 'pods' : 'services';
    for (const selector of model.selectorsFor(resource.namespace)) {
      if (selector.selects !== kind || selector.from === resource) continue;
      const namespaces = model.selectorNamespaces(selector);
      if (namespaces !== '*' && !namespaces.includes(resource.namespace ?? '')) continue;
      if (labelsMatch(labels, selector.matchLabels, selector.expressions)) uses.push({ by: selector.from, location: { uri: selector.from.uri, range: model.rangeOf(selector.from, selector.span) } });
    }
  }
  return uses;
}

/** Find all references: every use of the resource at the position (and its own name, when asked). */
export function references(model: WorkspaceModel, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const resource = resourceAt(model, uri, position);
  if (!resource) return [];
  const locations = usesOf(model, resource).map((use) => use.location);
  return includeDeclaration ? [model.nameLocation(resource), ...locations] : locations;
}

/** Kinds that get a code lens with the number of resources using them. */
const LENS_KINDS = new Set(['ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'argoproj.io/Rollout']);

/** The resources of a file that get a code lens. */
export function lensResources(model: WorkspaceModel, uri: string): IndexedResource[] {
  return model.resourcesOf(uri).filter((resource) => resource.origin !== 'provided' && LENS_KINDS.has(resource.kindKey));
}

/** The distinct resources that use a resource (what its code lens counts). */
export function usersOf(model: WorkspaceModel, resource: IndexedResource): IndexedResource[] {
  return [...new Set(usesOf(model, resource).map((use) => use.by))];
}

/** Does every word of the query appear, in order of its letters, in the text? (`dep api` finds `Deployment api`.) */
function fuzzy(text: string, words: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return words.every((word) => {
    let at = 0;
    for (const char of word) {
      at = lower.indexOf(char, at);
      if (at < 0) return false;
      at++;
    }
    return true;
  });
}

export interface WorkspaceSymbol {
  /** `Deployment api` */
  name: string;
  kind: string;
  /** Its namespace, when it has one. */
  container?: string;
  location: Location;
}

/** Workspace symbols (Ctrl+T): every resource whose `Kind name` matches the query's words. */
export function workspaceSymbols(model: WorkspaceModel, query: string, limit = 1000): WorkspaceSymbol[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const found: WorkspaceSymbol[] = [];
  for (const resource of model.all()) {
    if (resource.origin === 'provided') continue;
    const name = `${resource.kind} ${resource.finalName}`;
    if (words.length > 0 && !fuzzy(name, words)) continue;
    found.push({ name, kind: resource.kind, ...(resource.namespace ? { container: resource.namespace } : {}), location: model.nameLocation(resource) });
    if (found.length >= limit) break;
  }
  return found;
}

export interface Link {
  range: Range;
  target: Location;
  /** `ConfigMap app-config` */
  label: string;
}

/** Document links: each reference of a file that names a resource of the workspace. */
export function documentLinks(model: WorkspaceModel, uri: string): Link[] {
  const links: Link[] = [];
  for (const resource of model.resourcesOf(uri)) {
    for (const reference of resource.references) {
      const [target] = model.resolve(reference);
      if (target) links.push({ range: model.rangeOf(resource, reference.span), target: model.nameLocation(target), label: `${target.kind} ${target.finalName}` });
    }
  }
  return links;
}

// Rename

const RENAMABLE = new Set(['ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'Role', 'ClusterRole', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'argoproj.io/Rollout']);

/** RFC 1123 subdomain (most names) and RFC 1035 label (Service names), as the API server checks them. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export class RenameError extends Error {}

export interface RenameTarget {
  resource: IndexedResource;
  /** The name as written where the rename starts (the raw name, or the name with kustomize's prefix and suffix). */
  range: Range;
  placeholder: string;
}

/** What a rename at this position would rename, or why it cannot (a RenameError). */
export function prepareRename(model: WorkspaceModel, uri: string, position: Position): RenameTarget {
  const target = targetAt(model, uri, position);
  if (!target || target.what === 'selector' || (target.what === 'reference' && target.key !== undefined)) {
    throw new RenameError(l10n.t('Only the name of a ConfigMap, Secret, Service, ServiceAccount, Role or workload, or a reference to one, can be renamed here.'));
  }
  const resource = target.what === 'resource' ? target.resource : model.resolve(target.reference)[0];
  if (!resource) {
    throw new RenameError(target.what === 'reference'
      ? l10n.t('No {0} `{1}` is defined in the workspace, so there is nothing to rename.', target.reference.kindKey, target.reference.name)
      : l10n.t('No such resource is defined in the workspace, so there is nothing to rename.'));
  }
  if (!RENAMABLE.has(resource.kindKey)) throw new RenameError(l10n.t('Renaming a {0} is not supported; ConfigMaps, Secrets, Services, ServiceAccounts, Roles and workloads can be renamed.', resource.kind));
  if (resource.origin === 'provided' || resource.uncertain) {
    throw new RenameError(l10n.t('{0} `{1}` is made by a kustomize base or another resource; rename it where its name is decided.', resource.kind, resource.name));
  }
  const range = target.what === 'resource' ? model.nameLocation(resource).range : model.rangeOf(target.reference.from, target.reference.span);
  return { resource, range, placeholder: target.what === 'resource' ? resource.name : target.reference.name };
}

export interface RenameEdits {
  /** file URI → edits (range, new text), in no particular order. */
  changes: Map<string, { range: Range; newText: string }[]>;
}

/** The edits of a rename: the resource's name and every reference to it, in every file. */
export function rename(model: WorkspaceModel, uri: string, position: Position, newName: string): RenameEdits {
  const { resource, placeholder } = prepareRename(model, uri, position);
  const prefixLength = resource.finalName.indexOf(resource.name);
  const prefix = resource.finalName.slice(0, Math.max(prefixLength, 0));
  const suffix = resource.finalName.slice(Math.max(prefixLength, 0) + resource.name.length);
  // The new name as written in the resource itself (kustomize adds its prefix and suffix).
  let newRaw = newName;
  if (placeholder !== resource.name && placeholder === resource.finalName) {
    if (!newName.startsWith(prefix) || !newName.endsWith(suffix) || newName.length <= prefix.length + suffix.length) {
      throw new RenameError(l10n.t('Keep kustomize\'s prefix `{0}` and suffix `{1}` in the new name: they are added to `{2}`.', prefix, suffix, resource.name));
    }
    newRaw = newName.slice(prefix.length, newName.length - suffix.length);
  }
  const finalNew = `${prefix}${newRaw}${suffix}`;
  const valid = resource.kindKey === 'Service' ? DNS_LABEL : DNS_SUBDOMAIN;
  if (!valid.test(finalNew) || finalNew.length > (resource.kindKey === 'Service' ? 63 : 253)) {
    throw new RenameError(resource.kindKey === 'Service'
      ? l10n.t('`{0}` is not a valid Service name: lower-case letters, digits and `-`, starting with a letter, at most 63 characters.', finalNew)
      : l10n.t('`{0}` is not a valid {1} name: lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit.', finalNew, resource.kind));
  }
  if (model.lookup(resource.kindKey, resource.namespace, finalNew).some((other) => other !== resource)) {
    throw new RenameError(resource.namespace === undefined
      ? l10n.t('A {0} `{1}` already exists.', resource.kind, finalNew)
      : l10n.t('A {0} `{1}` already exists in namespace `{2}`.', resource.kind, finalNew, resource.namespace));
  }
  const changes = new Map<string, { range: Range; newText: string }[]>();
  const edit = (file: string, range: Range, newText: string) => {
    const list = changes.get(file) ?? [];
    if (!list.some((existing) => existing.range.start.line === range.start.line && existing.range.start.character === range.start.character)) list.push({ range, newText });
    changes.set(file, list);
  };
  if (resource.facts.nameSpan) edit(resource.uri, model.nameLocation(resource).range, newRaw);
  for (const reference of model.referencesTo(resource)) {
    edit(reference.from.uri, model.rangeOf(reference.from, reference.span), reference.name === resource.name ? newRaw : finalNew);
  }
  return { changes };
}
