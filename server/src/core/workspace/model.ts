import type { Range } from 'vscode-languageserver-types';
import { isBuiltInKind } from '../resource';
import type { SchemaStore } from '../schema/store';
import { WorkspaceIndex } from './definitions';
import { EntryResource, FileEntry, placeSpan, resourceSignature } from './entry';
import { Kustomization, folderOf } from './kustomize';
import { isClusterScoped } from './scope';
import type { LabelExpression, ReferenceFact, ResourceFacts, SelectorFact, Span } from './types';

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
  /** Where a kustomize generator names it (generated ConfigMaps and Secrets: their only place). */
  generatorRange?: Range;
}

export interface ModelReference extends ReferenceFact {
  from: IndexedResource;
  /** The kind key it looks for (`referenceKindKey`), worked out once. */
  kindKey: string;
  /** What it resolved to, and when (the model's link count): resolved again once links change. */
  resolved?: { at: number; targets: IndexedResource[] };
}

export interface ModelSelector extends SelectorFact {
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
export function referenceKindKey(reference: Pick<ReferenceFact, 'target' | 'kind' | 'group'>): string {
  if (reference.target !== 'Workload') return KIND_OF_TARGET[reference.target];
  const kind = reference.kind ?? '';
  if (reference.group !== undefined) return isBuiltInKind(reference.group ? `${reference.group}/v1` : 'v1', kind) ? kind : `${reference.group}/${kind}`;
  if (kind === 'Rollout') return 'argoproj.io/Rollout';
  return kind;
}

function kindKeyOf(apiVersion: string, kind: string, group: string): string {
  return isBuiltInKind(apiVersion, kind) ? kind : `${group}/${kind}`;
}

/** Lists, not sets: most keys hold one or two items, and the lists are many (measured: lighter, and as fast). */
function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function remove<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) return;
  const index = list.indexOf(value);
  if (index >= 0) list.splice(index, 1);
  if (list.length === 0) map.delete(key);
}

const NONE: readonly never[] = [];
/** The places of reads that asked for none (shared: most do not). */
const NO_PLACES: ModelReads['places'] = [];
/** Topic changes remembered (`touchedSince`); half are dropped when there are more. */
const MAX_TOUCHED = 100_000;

function count(map: Map<string, Map<string, number>>, key: string, value: string, step: number): void {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = new Map()));
  const next = (counts.get(value) ?? 0) + step;
  if (next > 0) counts.set(value, next);
  else counts.delete(value);
  if (counts.size === 0) map.delete(key);
}

/**
 * Resources in the order of their files and places in them: lists the model answers with are in
 * this order, so what a check says does not depend on the order files were read or edited in.
 */
export function byPlace(a: Pick<IndexedResource, 'uri' | 'document' | 'span'>, b: Pick<IndexedResource, 'uri' | 'document' | 'span'>): number {
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.document - b.document || a.span[0] - b.span[0];
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

/** What a check asked the model (`WorkspaceModel.track`). */
export interface ModelReads {
  /** The topics it read (repeated as read). */
  topics: string[];
  /** The model's clock when it started. */
  at: number;
  /** The places it asked for, and where they were. */
  places: { resource: IndexedResource; span: Span; range: Range }[];
}

export class WorkspaceModel {
  private readonly entries = new Map<string, FileEntry>();
  private readonly indexed = new Map<string, IndexedResource[]>();
  /** kustomization URI → the ConfigMaps and Secrets it generates. */
  private readonly generated = new Map<string, IndexedResource[]>();
  /** `kindKey|namespace|finalName` → resources. */
  private readonly byIdentity = new Map<string, IndexedResource[]>();
  /** `kindKey|name` (as written) → resources. */
  private readonly byName = new Map<string, IndexedResource[]>();
  private readonly byKind = new Map<string, IndexedResource[]>();
  /** `kindKey|namespace` → resources. */
  private readonly byKindNamespace = new Map<string, IndexedResource[]>();
  /** namespace → resources with a pod template (`*`: uncertain ones). */
  private readonly pods = new Map<string, IndexedResource[]>();
  /** namespace → its pods as a list (with the uncertain ones), made when asked, dropped when they change. */
  private readonly podLists = new Map<string, IndexedResource[]>();
  /** `namespace\0label=value` → the pods with that label (the uncertain ones under `*`). */
  private readonly podsByLabel = new Map<string, IndexedResource[]>();
  /** `namespace\0label` → its values among the namespace's pods, counted; `namespace\0=value` → the labels with that value. */
  private readonly labelValues = new Map<string, Map<string, number>>();
  /** `kindKey|name` (as written in the reference) → references. */
  private readonly referencesByName = new Map<string, ModelReference[]>();
  /** namespace (of the selecting resource, or each it names; `*`: all) → selectors. */
  private readonly selectorsByNamespace = new Map<string, ModelSelector[]>();
  /** The definitions' kustomize generation the links were made with. */
  private kustomizeGeneration: number;
  private clusterCrds = new Set<string>();
  /** The schema store's generation the cluster-scoped CRDs were read at. */
  private crdGeneration = -1;
  /** Counts the links and unlinks of resources (resolved references are kept until it changes). */
  private links = 0;
  /** `namesIn`'s answers, while `links` is `namesAt`. */
  private readonly names = new Map<string, string[]>();
  private namesAt = -1;
  /** While a check runs under `track`: what it asks. */
  private reads: ModelReads | undefined;
  /** Counts the changes of topics; `stamps` has the count at each topic's last change. */
  private clock = 0;
  private readonly stamps = new Map<string, number>();
  /** The latest changes of topics, in order: `touched[i]` took the clock to `touchedFrom + i + 1`. */
  private readonly touched: string[] = [];
  /** The resources linked now. */
  private readonly linked = new WeakSet<IndexedResource>();
  private touchedFrom = 0;

  /**
   * `store`: the workspace CRDs (their `scope: Cluster`), when the model should know them.
   * `incremental`: whether it records what changes for the checks to be run again only where it
   * matters (an editor's model, checked again after each edit); a batch run's model is checked once.
   */
  constructor(private readonly definitions: WorkspaceIndex, private readonly store?: SchemaStore, readonly incremental = true) {
    this.kustomizeGeneration = -1;
  }

  /** Records a file's entry (replacing what it held). Returns whether what other files see of it changed. */
  update(entry: FileEntry): boolean {
    this.sync();
    const isNew = !this.entries.has(entry.uri);
    this.entries.set(entry.uri, entry);
    return this.link(entry) || isNew;
  }

  remove(uri: string): boolean {
    this.sync();
    if (!this.entries.has(uri)) return false;
    this.unlink(uri);
    this.entries.delete(uri);
    return true;
  }

  /**
   * Runs `run` (a check of one resource) and records what it asked the model: the topics, when, and
   * the places it asked for (`rangeOf`: a duplicate's line, an autoscaler's place). Until a
   * resource touching one of those topics is linked or unlinked and while those places stay where
   * they were (`unchangedSince`), the model would answer the same.
   */
  track(run: () => void): ModelReads {
    const reads: ModelReads = { topics: [], at: this.clock, places: NO_PLACES };
    this.reads = reads;
    try {
      run();
    } finally {
      this.reads = undefined;
    }
    return reads;
  }

  /** Whether the model would answer as it did when these reads were made (see `track`). */
  unchangedSince(reads: ModelReads): boolean {
    for (const topic of reads.topics) if ((this.stamps.get(topic) ?? 0) > reads.at) return false;
    return this.placesUnchanged(reads);
  }

  /** Whether the places these reads asked for are where they were. */
  placesUnchanged(reads: ModelReads): boolean {
    for (const { resource, span, range } of reads.places) {
      // (A resource whose document changed was linked anew, even when it means the same.)
      if (!this.linked.has(resource)) return false;
      const now = this.place(resource, span);
      if (now.start.line !== range.start.line || now.start.character !== range.start.character || now.end.line !== range.end.line || now.end.character !== range.end.character) return false;
    }
    return true;
  }

  private read(topic: string): void {
    this.reads?.topics.push(topic);
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

  /** Where a span of a resource's document is in its file. */
  rangeOf(resource: IndexedResource, span: Span): Range {
    const range = this.place(resource, span);
    if (this.reads) {
      if (this.reads.places === NO_PLACES) this.reads.places = [];
      this.reads.places.push({ resource, span, range });
    }
    return range;
  }

  private place(resource: IndexedResource, span: Span): Range {
    if (resource.generatorRange) return resource.generatorRange;
    const document = this.entries.get(resource.uri)?.documents[resource.document];
    return document ? placeSpan(document, span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  }

  /** Where a resource is named (its `metadata.name`), else where it starts. */
  nameLocation(resource: IndexedResource): Location {
    return { uri: resource.uri, range: this.rangeOf(resource, resource.facts.nameSpan ?? [resource.span[0], resource.span[0]]) };
  }

  /** Resources of a kind (any namespace). */
  ofKind(kindKey: string): readonly IndexedResource[] {
    this.sync();
    if (this.reads) this.read(`k|${kindKey}`);
    return this.byKind.get(kindKey) ?? NONE;
  }

  /** Whether the workspace has a resource of a kind (an answer that changes only when the first comes or the last goes). */
  hasKind(kindKey: string): boolean {
    this.sync();
    if (this.reads) this.read(`k0|${kindKey}`);
    return this.byKind.has(kindKey);
  }

  /** Resources of a kind in a namespace (undefined: cluster-scoped ones). */
  inNamespace(kindKey: string, namespace: string | undefined): readonly IndexedResource[] {
    this.sync();
    if (this.reads) this.read(`kn|${kindKey}|${namespace ?? ''}`);
    return this.byKindNamespace.get(`${kindKey}|${namespace ?? ''}`) ?? NONE;
  }

  /**
   * The names of a kind in a namespace, for "did you mean": as written for the resources of the
   * given kustomization (references inside it use those), final names for the others.
   */
  namesIn(kindKey: string, namespace: string | undefined, kustomization: string | undefined): readonly string[] {
    this.sync();
    if (this.reads) this.read(`kn|${kindKey}|${namespace ?? ''}`);
    const key = `${kindKey}|${namespace ?? ''}|${kustomization ?? ''}`;
    if (this.namesAt !== this.links) {
      this.names.clear();
      this.namesAt = this.links;
    }
    let names = this.names.get(key);
    if (!names) {
      const set = new Set<string>();
      for (const candidate of this.inNamespace(kindKey, namespace)) set.add(kustomization && candidate.kustomization === kustomization ? candidate.name : candidate.finalName);
      names = [...set].sort();
      this.names.set(key, names);
    }
    return names;
  }

  /** Resources with this kind, namespace and (final) name. */
  lookup(kindKey: string, namespace: string | undefined, name: string): IndexedResource[] {
    this.sync();
    if (this.reads) this.read(`id|${kindKey}|${namespace ?? ''}|${name}`);
    return [...(this.byIdentity.get(`${kindKey}|${namespace ?? ''}|${name}`) ?? [])].sort(byPlace);
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
  resolve(reference: ModelReference): readonly IndexedResource[] {
    this.sync();
    if (this.reads) {
      this.read(`n|${reference.kindKey}|${reference.name}`);
      this.read(`id|${reference.kindKey}|${this.referenceNamespace(reference) ?? ''}|${reference.name}`);
    }
    if (reference.resolved?.at === this.links) return reference.resolved.targets;
    const key = reference.kindKey;
    const sameName = this.byName.get(`${key}|${reference.name}`);
    const from = reference.from;
    let targets: IndexedResource[] | undefined;
    if (from.kustomization && sameName) {
      const inKustomization = [...sameName].filter((candidate) => candidate.kustomization === from.kustomization);
      if (inKustomization.length > 0) targets = inKustomization;
    }
    if (!targets) {
      const identical = this.byIdentity.get(`${key}|${this.referenceNamespace(reference) ?? ''}|${reference.name}`);
      targets = identical ? [...identical] : [];
      if (sameName) for (const candidate of sameName) if (candidate.uncertain && !targets.includes(candidate)) targets.push(candidate);
    }
    if (targets.length > 1) targets.sort(byPlace);
    reference.resolved = { at: this.links, targets };
    return targets;
  }

  /** The references that point at a resource. */
  referencesTo(target: IndexedResource): ModelReference[] {
    this.sync();
    const result: ModelReference[] = [];
    const names = target.finalName === target.name ? [target.name] : [target.name, target.finalName];
    for (const name of names) {
      if (this.reads) this.read(`r|${target.kindKey}|${name}`);
      for (const reference of this.referencesByName.get(`${target.kindKey}|${name}`) ?? []) {
        if (!result.includes(reference) && this.resolve(reference).includes(target)) result.push(reference);
      }
    }
    return result.sort((a, b) => byPlace(a.from, b.from) || a.span[0] - b.span[0]);
  }

  /** The pods (workloads with a pod template) a selector could select, before matching labels. */
  candidatePods(namespaces: readonly string[] | '*'): readonly IndexedResource[] {
    this.sync();
    this.readPods(namespaces);
    if (namespaces === '*') return [...this.pods.values()].flatMap((set) => [...set]);
    if (namespaces.length === 1) return this.podsIn(namespaces[0]);
    return namespaces.flatMap((namespace) => this.podsIn(namespace));
  }

  /**
   * The pods of these namespaces (and the uncertain ones) whose labels match a selector: looked up
   * by the rarest of its `matchLabels`, then matched in full.
   */
  matchingPods(namespaces: readonly string[] | '*', matchLabels: Readonly<Record<string, string>>, expressions: readonly LabelExpression[], limit = Infinity): IndexedResource[] {
    this.sync();
    this.readPods(namespaces);
    const pairs = Object.entries(matchLabels);
    const spaces = namespaces === '*' ? [...this.pods.keys()] : [...namespaces, ...(this.pods.has('*') ? ['*'] : [])];
    const found: IndexedResource[] = [];
    for (const namespace of new Set(spaces)) {
      let candidates: Iterable<IndexedResource> | undefined;
      if (pairs.length > 0) {
        let smallest: IndexedResource[] | undefined;
        for (const [key, value] of pairs) {
          const list = this.podsByLabel.get(`${namespace}\u0000${key}=${value}`);
          if (!list) {
            smallest = undefined;
            candidates = [];
            break;
          }
          if (!smallest || list.length < smallest.length) smallest = list;
        }
        if (smallest) candidates = smallest;
      } else {
        candidates = this.pods.get(namespace) ?? [];
      }
      for (const pod of candidates ?? []) {
        if (!labelsMatch(pod.facts.pod!.labels, matchLabels, expressions)) continue;
        found.push(pod);
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  /** The values a label has among the pods of a namespace. */
  valuesOfLabel(namespace: string, key: string): string[] {
    this.sync();
    if (this.reads) this.read(`p|${namespace}`);
    return [...(this.labelValues.get(`${namespace}\u0000${key}`)?.keys() ?? [])].sort();
  }

  /** The labels that have this value among the pods of a namespace. */
  labelsWithValue(namespace: string, value: string): string[] {
    this.sync();
    if (this.reads) this.read(`p|${namespace}`);
    return [...(this.labelValues.get(`${namespace}\u0000=${value}`)?.keys() ?? [])].sort();
  }

  /** The pods of a namespace, and the uncertain ones (remembered until they change). */
  private podsIn(namespace: string): readonly IndexedResource[] {
    let list = this.podLists.get(namespace);
    if (!list) {
      list = [...(this.pods.get(namespace) ?? []), ...(namespace === '*' ? [] : this.pods.get('*') ?? [])];
      this.podLists.set(namespace, list);
    }
    return list;
  }

  /** Whether the workspace has pods in a namespace (selectors elsewhere select what is managed elsewhere). */
  hasPodsIn(namespace: string): boolean {
    this.sync();
    if (this.reads) this.read(`p|${namespace}`);
    return this.pods.has(namespace);
  }

  /** Selectors that could select pods or Services of a namespace. */
  selectorsFor(namespace: string | undefined): ModelSelector[] {
    this.sync();
    if (this.reads) this.read(`s|${namespace ?? ''}`);
    this.read('s|*');
    return [...(this.selectorsByNamespace.get(namespace ?? '') ?? []), ...(this.selectorsByNamespace.get('*') ?? [])];
  }

  /** What reading the pods of these namespaces depends on: theirs and the uncertain ones, or all. */
  private readPods(namespaces: readonly string[] | '*'): void {
    if (!this.reads) return;
    if (namespaces === '*') return this.read('p|');
    for (const namespace of namespaces) this.read(`p|${namespace}`);
    this.read('p|*');
  }

  /** Records that a topic changed (see `track`). */
  private touch(topic: string): void {
    if (!this.incremental) return;
    this.stamps.set(topic, ++this.clock);
    this.touched.push(topic);
    if (this.touched.length > MAX_TOUCHED) {
      const dropped = Math.floor(this.touched.length / 2);
      this.touched.splice(0, dropped);
      this.touchedFrom += dropped;
    }
  }

  /** The model's clock: it moves when a topic changes (see `track`). */
  get now(): number {
    return this.clock;
  }

  /** The topics changed after the clock was at `at` (with repeats); undefined when that is too long ago to say. */
  touchedSince(at: number): string[] | undefined {
    // (The clock counts touches: the touch that took it to `at + 1` is at index `at - touchedFrom`.)
    if (at < this.touchedFrom) return undefined;
    return this.touched.slice(at - this.touchedFrom);
  }

  /** The topics a resource touches when it is linked or unlinked. */
  private touchResource(resource: IndexedResource): void {
    const namespace = resource.namespace ?? '';
    this.touch(`k|${resource.kindKey}`);
    this.touch(`kn|${resource.kindKey}|${namespace}`);
    this.touch(`id|${resource.kindKey}|${namespace}|${resource.finalName}`);
    this.touch(`n|${resource.kindKey}|${resource.name}`);
    if (resource.facts.pod) {
      this.touch(`p|${resource.uncertain ? '*' : namespace}`);
      this.touch('p|');
    }
    for (const reference of resource.references) this.touch(`r|${reference.kindKey}|${reference.name}`);
    for (const selector of resource.selectors) {
      const namespaces = selector.namespaces ?? [namespace];
      for (const each of namespaces === '*' ? ['*'] : namespaces) this.touch(`s|${each}`);
    }
  }

  /** The namespaces a selector looks in. */
  selectorNamespaces(selector: ModelSelector): string[] | '*' {
    return selector.namespaces ?? [selector.from.namespace ?? 'default'];
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

  /**
   * Links a file's resources, replacing what it held. A resource of a document that did not change
   * (the same facts object) keeps its indexed object and its links: an edit links and unlinks only
   * the resources of the documents it changed. What they touch (see `track`) changes only where a
   * resource's signature did: re-typing a value, or moving a document, keeps the checks' answers
   * elsewhere. Returns whether what other files can see of the file changed.
   */
  private link(entry: FileEntry): boolean {
    const kept = new Map<ResourceFacts, IndexedResource>();
    const unlinked: IndexedResource[] = [];
    const linked: IndexedResource[] = [];
    for (const resource of this.indexed.get(entry.uri) ?? []) {
      if (resource.origin === 'manifest' && !kept.has(resource.facts)) kept.set(resource.facts, resource);
      else unlinked.push(resource);
    }
    const list: IndexedResource[] = [];
    for (const resource of entry.resources) {
      const same = resource.origin === 'manifest' ? kept.get(resource.facts) : undefined;
      if (same && same.span === resource.span && same.path === resource.path) {
        // (Its document may have moved: documents were added or removed before it.)
        same.document = resource.document;
        kept.delete(resource.facts);
        list.push(same);
        continue;
      }
      const identity = this.identity(resource.name, resource.apiVersion, resource.kind, resource.ownNamespace, this.definitions.listing(entry.uri));
      // Object literals of one shape (spreading would copy through the slow path, on every resource of the workspace).
      const indexed: IndexedResource = {
        document: resource.document, apiVersion: resource.apiVersion, kind: resource.kind, group: resource.group, name: resource.name,
        ownNamespace: resource.ownNamespace, origin: resource.origin, span: resource.span, path: resource.path, facts: resource.facts,
        uri: entry.uri, kindKey: kindKeyOf(resource.apiVersion, resource.kind, resource.group), finalName: identity.finalName,
        namespace: identity.namespace, uncertain: identity.uncertain, kustomization: identity.kustomization, references: [], selectors: [],
      };
      for (const reference of resource.facts.references) {
        indexed.references.push({
          target: reference.target, kind: reference.kind, group: reference.group, name: reference.name, span: reference.span, namespace: reference.namespace,
          keys: reference.keys, port: reference.port, optional: reference.optional, field: reference.field, scales: reference.scales,
          from: indexed, kindKey: referenceKindKey(reference), resolved: undefined,
        });
      }
      for (const selector of resource.facts.selectors) {
        indexed.selectors.push({
          selects: selector.selects, matchLabels: selector.matchLabels, expressions: selector.expressions, span: selector.span, field: selector.field,
          namespaces: selector.namespaces, subset: selector.subset, from: indexed,
        });
      }
      list.push(indexed);
      linked.push(indexed);
    }
    unlinked.push(...kept.values());
    this.indexed.set(entry.uri, list);
    if (unlinked.length === 0) {
      for (const resource of linked) this.linkResource(resource);
      return linked.length > 0;
    }
    // What was unlinked and what is linked, paired by signature: the unpaired ones changed.
    const gone = new Map<string, IndexedResource[]>();
    for (const resource of unlinked) {
      this.unlinkResource(resource, false);
      add(gone, resourceSignature(resource), resource);
    }
    let changed = false;
    for (const resource of linked) {
      this.linkResource(resource, false);
      const signature = resourceSignature(resource);
      const pair = gone.get(signature);
      if (pair) remove(gone, signature, pair[0]);
      else {
        this.touchResource(resource);
        changed = true;
      }
    }
    for (const list of gone.values()) {
      for (const resource of list) this.touchResource(resource);
      changed = true;
    }
    return changed;
  }

  private linkResource(resource: IndexedResource, touch = true): void {
    this.links++;
    this.linked.add(resource);
    if (touch) this.touchResource(resource);
    add(this.byIdentity, `${resource.kindKey}|${resource.namespace ?? ''}|${resource.finalName}`, resource);
    add(this.byName, `${resource.kindKey}|${resource.name}`, resource);
    add(this.byKind, resource.kindKey, resource);
    if (this.byKind.get(resource.kindKey)!.length === 1) this.touch(`k0|${resource.kindKey}`);
    add(this.byKindNamespace, `${resource.kindKey}|${resource.namespace ?? ''}`, resource);
    if (resource.facts.pod) this.podsChanged(resource, add);
    for (const reference of resource.references) add(this.referencesByName, `${reference.kindKey}|${reference.name}`, reference);
    for (const selector of resource.selectors) {
      const namespaces = selector.namespaces ?? [resource.namespace ?? ''];
      for (const namespace of namespaces === '*' ? ['*'] : namespaces) add(this.selectorsByNamespace, namespace, selector);
    }
  }

  private unlinkResource(resource: IndexedResource, touch = true): void {
    this.links++;
    this.linked.delete(resource);
    if (touch) this.touchResource(resource);
    remove(this.byIdentity, `${resource.kindKey}|${resource.namespace ?? ''}|${resource.finalName}`, resource);
    remove(this.byName, `${resource.kindKey}|${resource.name}`, resource);
    remove(this.byKind, resource.kindKey, resource);
    if (!this.byKind.has(resource.kindKey)) this.touch(`k0|${resource.kindKey}`);
    remove(this.byKindNamespace, `${resource.kindKey}|${resource.namespace ?? ''}`, resource);
    if (resource.facts.pod) this.podsChanged(resource, remove);
    for (const reference of resource.references) remove(this.referencesByName, `${reference.kindKey}|${reference.name}`, reference);
    for (const selector of resource.selectors) {
      const namespaces = selector.namespaces ?? [resource.namespace ?? ''];
      for (const namespace of namespaces === '*' ? ['*'] : namespaces) remove(this.selectorsByNamespace, namespace, selector);
    }
  }

  private podsChanged(resource: IndexedResource, change: typeof add): void {
    const namespace = resource.uncertain ? '*' : resource.namespace ?? '';
    change(this.pods, namespace, resource);
    const labels = resource.facts.pod!.labels;
    const step = change === add ? 1 : -1;
    for (const key in labels) {
      change(this.podsByLabel, `${namespace}\u0000${key}=${labels[key]}`, resource);
      count(this.labelValues, `${namespace}\u0000${key}`, labels[key], step);
      count(this.labelValues, `${namespace}\u0000=${labels[key]}`, key, step);
    }
    if (namespace === '*') this.podLists.clear();
    else this.podLists.delete(namespace);
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
        origin: 'generator', span: [0, 0], path: [], references: [], selectors: [], generatorRange: generator.range,
        facts: { references: [], selectors: [], nameSpan: [0, 0], ...(generator.keys ? { keys: generator.keys.map((name) => ({ name, span: [0, 0] as Span })) } : {}) },
        ...this.identity(generator.name, 'v1', generator.kind, undefined, [kustomization]),
      }));
      this.generated.set(kustomization.uri, list);
      for (const resource of list) this.linkResource(resource);
    }
  }
}
