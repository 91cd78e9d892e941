import type { Range } from 'vscode-languageserver-types';
import { isBuiltInKind } from '../resource';
import type { SchemaStore } from '../schema/store';
import { WorkspaceIndex } from './definitions';
import { EntryResource, FileEntry, PlacedReference, PlacedSelector, entrySignature } from './entry';
import { Kustomization, folderOf } from './kustomize';
import { isClusterScoped } from './scope';
import type { LabelExpression } from './types';

/**
 * The workspace model: every resource of the workspace's files, who they are (kind, namespace and
 * name, kustomize applied) and how they relate — the names they refer to and the labels they
 * select — both ways. Fed one file at a time (`update`, `remove`); a file's entries are replaced
 * when it changes, so keeping it current costs what the file holds, not what the workspace holds.
 */

/** A resource of the workspace, where it is and who it is. */
export interface IndexedResource extends EntryResource {
  uri: string;
  /** `Deployment` for a built-in kind of its own group; `group/Kind` for anything else. */
  kindKey: string;
  /** Its name once its kustomization's `namePrefix` and `nameSuffix` apply. */
  finalName: string;
  /** Its namespace (its own, else its kustomization's, else `default`); undefined for cluster-scoped kinds. */
  namespace?: string;
  /**
   * Listed by a kustomize base (or by several kustomizations): its final name and namespace depend
   * on overlays, so nothing is reported about it, and references to its name are taken as found.
   */
  uncertain: boolean;
  /** The kustomization that lists it, if any. */
  kustomization?: string;
  references: ModelReference[];
  selectors: ModelSelector[];
}

export interface ModelReference extends PlacedReference {
  from: IndexedResource;
}

export interface ModelSelector extends PlacedSelector {
  from: IndexedResource;
}

export interface Location {
  uri: string;
  range: Range;
}

const KIND_OF_TARGET: Record<string, string> = {
  ConfigMap: 'ConfigMap', Secret: 'Secret', ServiceAccount: 'ServiceAccount', Role: 'Role', ClusterRole: 'ClusterRole', Service: 'Service',
};

/** The kind key a reference looks for. */
export function referenceKindKey(reference: Pick<PlacedReference, 'target' | 'kind' | 'group'>): string {
  if (reference.target !== 'Workload') return KIND_OF_TARGET[reference.target];
  const kind = reference.kind ?? '';
  if (reference.group !== undefined) return isBuiltInKind(reference.group ? `${reference.group}/v1` : 'v1', kind) ? kind : `${reference.group}/${kind}`;
  if (kind === 'Rollout') return 'argoproj.io/Rollout';
  return kind;
}

function kindKeyOf(apiVersion: string, kind: string, group: string): string {
  return isBuiltInKind(apiVersion, kind) ? kind : `${group}/${kind}`;
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

/** Whether labels satisfy a selector's `matchLabels` and `matchExpressions`. */
export function labelsMatch(labels: Readonly<Record<string, string>>, matchLabels: Readonly<Record<string, string>>, expressions: readonly LabelExpression[]): boolean {
  for (const key in matchLabels) if (labels[key] !== matchLabels[key]) return false;
  for (const { key, operator, values } of expressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (operator) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

export class WorkspaceModel {
  private readonly entries = new Map<string, FileEntry>();
  private readonly indexed = new Map<string, IndexedResource[]>();
  /** kustomization URI → the ConfigMaps and Secrets it generates. */
  private readonly generated = new Map<string, IndexedResource[]>();
  /** `kindKey|namespace|finalName` → resources. */
  private readonly byIdentity = new Map<string, Set<IndexedResource>>();
  /** `kindKey|name` (as written) → resources. */
  private readonly byName = new Map<string, Set<IndexedResource>>();
  private readonly byKind = new Map<string, Set<IndexedResource>>();
  /** namespace → resources with a pod template (`*`: uncertain ones). */
  private readonly pods = new Map<string, Set<IndexedResource>>();
  /** `kindKey|name` (as written in the reference) → references. */
  private readonly referencesByName = new Map<string, Set<ModelReference>>();
  /** namespace (of the selecting resource, or each it names; `*`: all) → selectors. */
  private readonly selectorsByNamespace = new Map<string, Set<ModelSelector>>();
  /** The definitions' kustomize generation the links were made with. */
  private kustomizeGeneration: number;
  private clusterCrds = new Set<string>();
  /** The schema store's generation the cluster-scoped CRDs were read at. */
  private crdGeneration = -1;
  /** Counts the changes that can change what any file's findings or navigation say. */
  generation = 0;

  /** `store`: the workspace CRDs (their `scope: Cluster`), when the model should know them. */
  constructor(private readonly definitions: WorkspaceIndex, private readonly store?: SchemaStore) {
    this.kustomizeGeneration = -1;
  }

  /** Records a file's entry (replacing what it held). Returns whether what other files see of it changed. */
  update(entry: FileEntry): boolean {
    this.sync();
    const previous = this.entries.get(entry.uri);
    this.unlink(entry.uri);
    this.entries.set(entry.uri, entry);
    this.link(entry);
    const changed = !previous || entrySignature(previous) !== entrySignature(entry);
    if (changed) this.generation++;
    return changed;
  }

  remove(uri: string): boolean {
    this.sync();
    if (!this.entries.has(uri)) return false;
    this.unlink(uri);
    this.entries.delete(uri);
    this.generation++;
    return true;
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  files(): string[] {
    return [...this.entries.keys()];
  }

  entry(uri: string): FileEntry | undefined {
    return this.entries.get(uri);
  }

  /** The resources of a file (a kustomization: the ConfigMaps and Secrets it generates). */
  resourcesOf(uri: string): readonly IndexedResource[] {
    this.sync();
    const own = this.indexed.get(uri) ?? [];
    const generated = this.generated.get(uri);
    return generated ? [...own, ...generated] : own;
  }

  all(): IndexedResource[] {
    this.sync();
    return [...this.indexed.values(), ...this.generated.values()].flat();
  }

  /** Resources of a kind (any namespace). */
  ofKind(kindKey: string): ReadonlySet<IndexedResource> {
    this.sync();
    return this.byKind.get(kindKey) ?? new Set();
  }

  /** Resources with this kind, namespace and (final) name. */
  lookup(kindKey: string, namespace: string | undefined, name: string): IndexedResource[] {
    this.sync();
    return [...(this.byIdentity.get(`${kindKey}|${namespace ?? ''}|${name}`) ?? [])];
  }

  /** The namespace a reference looks in. */
  referenceNamespace(reference: ModelReference): string | undefined {
    if (reference.target === 'ClusterRole') return undefined;
    return reference.namespace ?? reference.from.namespace;
  }

  /**
   * What a reference points at: in its own kustomization by the name as written (kustomize renames
   * both), else by final name in its namespace; uncertain resources of that name match too.
   */
  resolve(reference: ModelReference): IndexedResource[] {
    this.sync();
    const key = referenceKindKey(reference);
    const sameName = this.byName.get(`${key}|${reference.name}`);
    const from = reference.from;
    if (from.kustomization && sameName) {
      const inKustomization = [...sameName].filter((candidate) => candidate.kustomization === from.kustomization);
      if (inKustomization.length > 0) return inKustomization;
    }
    const found = this.lookup(key, this.referenceNamespace(reference), reference.name);
    if (sameName) for (const candidate of sameName) if (candidate.uncertain && !found.includes(candidate)) found.push(candidate);
    return found;
  }

  /** The references that point at a resource. */
  referencesTo(target: IndexedResource): ModelReference[] {
    this.sync();
    const result: ModelReference[] = [];
    const names = target.finalName === target.name ? [target.name] : [target.name, target.finalName];
    for (const name of names) {
      for (const reference of this.referencesByName.get(`${target.kindKey}|${name}`) ?? []) {
        if (!result.includes(reference) && this.resolve(reference).includes(target)) result.push(reference);
      }
    }
    return result;
  }

  /** The pods (workloads with a pod template) a selector could select, before matching labels. */
  candidatePods(namespaces: readonly string[] | '*'): IndexedResource[] {
    this.sync();
    if (namespaces === '*') return [...this.pods.values()].flatMap((set) => [...set]);
    return [...namespaces.flatMap((namespace) => [...(this.pods.get(namespace) ?? [])]), ...(this.pods.get('*') ?? [])];
  }

  /** Whether the workspace has pods in a namespace (selectors elsewhere select what is managed elsewhere). */
  hasPodsIn(namespace: string): boolean {
    this.sync();
    return this.pods.has(namespace);
  }

  /** Selectors that could select pods or Services of a namespace. */
  selectorsFor(namespace: string | undefined): ModelSelector[] {
    this.sync();
    return [...(this.selectorsByNamespace.get(namespace ?? '') ?? []), ...(this.selectorsByNamespace.get('*') ?? [])];
  }

  /** The namespaces a selector looks in. */
  selectorNamespaces(selector: ModelSelector): string[] | '*' {
    return selector.namespaces ?? [selector.from.namespace ?? 'default'];
  }

  /** Kustomizations, for navigation to what they generate. */
  kustomization(uri: string): Kustomization | undefined {
    for (const kustomization of this.definitions.allKustomizations()) if (kustomization.uri === uri) return kustomization;
    return undefined;
  }

  /** Re-links everything when kustomizations or cluster-scoped CRDs changed (who is who depends on them). */
  private sync(): void {
    const crdGeneration = this.store?.generation ?? 0;
    if (this.kustomizeGeneration === this.definitions.kustomizeGeneration && crdGeneration === this.crdGeneration) return;
    if (crdGeneration !== this.crdGeneration) {
      this.crdGeneration = crdGeneration;
      const crds = (this.store?.workspaceCrdList() ?? []).filter((crd) => crd.clusterScoped).map((crd) => `${crd.group}/${crd.kind}`).sort();
      const same = crds.length === this.clusterCrds.size && crds.every((crd) => this.clusterCrds.has(crd));
      if (same && this.kustomizeGeneration === this.definitions.kustomizeGeneration) return;
      this.clusterCrds = new Set(crds);
    }
    this.kustomizeGeneration = this.definitions.kustomizeGeneration;
    for (const uri of this.indexed.keys()) this.unlink(uri);
    this.indexed.clear();
    for (const entry of this.entries.values()) this.link(entry);
    this.linkGenerators();
    this.generation++;
  }

  /**
   * The kustomizations that build a file, from the one that lists it out to the root (kustomize
   * applies each one's namespace and names in that order); undefined when that is not one chain
   * (a file or a base listed by two kustomizations: which build is meant is not clear).
   */
  private chain(listed: readonly Kustomization[]): Kustomization[] | undefined {
    if (listed.length !== 1) return undefined;
    const chain = [listed[0]];
    for (;;) {
      const parents = this.definitions.listing(folderOf(chain[chain.length - 1].uri));
      if (parents.length === 0) return chain;
      if (parents.length > 1 || chain.includes(parents[0])) return undefined;
      chain.push(parents[0]);
    }
  }

  private identity(name: string, apiVersion: string, kind: string, ownNamespace: string | undefined, listed: readonly Kustomization[]): Pick<IndexedResource, 'finalName' | 'namespace' | 'uncertain' | 'kustomization'> {
    const cluster = isClusterScoped(apiVersion, kind, this.clusterCrds);
    if (listed.length === 0) return { finalName: name, uncertain: false, ...(cluster ? {} : { namespace: ownNamespace ?? 'default' }) };
    const chain = this.chain(listed);
    if (!chain) {
      return { finalName: name, uncertain: true, kustomization: listed[0].uri, ...(cluster ? {} : { namespace: ownNamespace ?? listed[0].namespace ?? 'default' }) };
    }
    // Each kustomization's prefix and suffix wrap the name; its namespace replaces the resources' own.
    let finalName = name;
    let namespace = ownNamespace;
    for (const kustomization of chain) {
      finalName = `${kustomization.namePrefix ?? ''}${finalName}${kustomization.nameSuffix ?? ''}`;
      namespace = kustomization.namespace ?? namespace;
    }
    return { finalName, uncertain: false, kustomization: chain[chain.length - 1].uri, ...(cluster ? {} : { namespace: namespace ?? 'default' }) };
  }

  private link(entry: FileEntry): void {
    const list: IndexedResource[] = [];
    for (const resource of entry.resources) {
      const identity = this.identity(resource.name, resource.apiVersion, resource.kind, resource.ownNamespace, this.definitions.listing(entry.uri));
      const indexed = { ...resource, uri: entry.uri, kindKey: kindKeyOf(resource.apiVersion, resource.kind, resource.group), ...identity } as IndexedResource;
      indexed.references = resource.references.map((reference) => ({ ...reference, from: indexed }));
      indexed.selectors = resource.selectors.map((selector) => ({ ...selector, from: indexed }));
      list.push(indexed);
      this.linkResource(indexed);
    }
    this.indexed.set(entry.uri, list);
  }

  private linkResource(resource: IndexedResource): void {
    add(this.byIdentity, `${resource.kindKey}|${resource.namespace ?? ''}|${resource.finalName}`, resource);
    add(this.byName, `${resource.kindKey}|${resource.name}`, resource);
    add(this.byKind, resource.kindKey, resource);
    if (resource.pod) add(this.pods, resource.uncertain ? '*' : resource.namespace ?? '', resource);
    for (const reference of resource.references) add(this.referencesByName, `${referenceKindKey(reference)}|${reference.name}`, reference);
    for (const selector of resource.selectors) {
      const namespaces = selector.namespaces ?? [resource.namespace ?? ''];
      for (const namespace of namespaces === '*' ? ['*'] : namespaces) add(this.selectorsByNamespace, namespace, selector);
    }
  }

  private unlinkResource(resource: IndexedResource): void {
    remove(this.byIdentity, `${resource.kindKey}|${resource.namespace ?? ''}|${resource.finalName}`, resource);
    remove(this.byName, `${resource.kindKey}|${resource.name}`, resource);
    remove(this.byKind, resource.kindKey, resource);
    if (resource.pod) remove(this.pods, resource.uncertain ? '*' : resource.namespace ?? '', resource);
    for (const reference of resource.references) remove(this.referencesByName, `${referenceKindKey(reference)}|${reference.name}`, reference);
    for (const selector of resource.selectors) {
      const namespaces = selector.namespaces ?? [resource.namespace ?? ''];
      for (const namespace of namespaces === '*' ? ['*'] : namespaces) remove(this.selectorsByNamespace, namespace, selector);
    }
  }

  private unlink(uri: string): void {
    for (const resource of this.indexed.get(uri) ?? []) this.unlinkResource(resource);
    this.indexed.delete(uri);
  }

  /** The ConfigMaps and Secrets kustomizations generate, as resources of the kustomization file. */
  private linkGenerators(): void {
    for (const list of this.generated.values()) for (const resource of list) this.unlinkResource(resource);
    this.generated.clear();
    for (const kustomization of this.definitions.allKustomizations()) {
      if (kustomization.generators.length === 0) continue;
      const list: IndexedResource[] = kustomization.generators.map((generator) => ({
        uri: kustomization.uri, document: 0, apiVersion: 'v1', kind: generator.kind, group: '', kindKey: generator.kind, name: generator.name,
        origin: 'generator', range: generator.range, nameRange: generator.range, path: [], references: [], selectors: [],
        ...this.identity(generator.name, 'v1', generator.kind, undefined, [kustomization]),
        ...(generator.keys ? { keys: generator.keys.map((name) => ({ name, range: generator.range })) } : {}),
      }));
      this.generated.set(kustomization.uri, list);
      for (const resource of list) this.linkResource(resource);
    }
  }
}
