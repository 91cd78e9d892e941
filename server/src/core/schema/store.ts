import { descriptionFile, descriptionPart, restoreDescriptions } from './descriptions';
import {
  ApiLifecycle, BundleIndex, CrdGroupBundle, DefinitionShard, DescriptionShard, Schema, VersionIndex, definitionShard, splitApiVersion,
} from './types';

/**
 * Reads files of the schema bundle by their path relative to `schemas/`. The language server and
 * the CLI read them from disk next to the bundled code; tests may serve them from memory. Reading
 * is synchronous and lazy: only the files a document needs are ever read.
 */
export interface BundleReader {
  read(relativePath: string): string;
}

/** Resolves a definition `$ref` in the context of one Kubernetes version. */
export type RefResolver = (ref: string) => Schema | undefined;

/** Where the schema of a kind came from. */
export type SchemaOrigin = 'kubernetes' | 'crd' | 'workspace';

export interface KindSchema {
  apiVersion: string;
  kind: string;
  schema: Schema;
  origin: SchemaOrigin;
  /** For Kubernetes kinds: the definition's name (see SchemaStore.documented). */
  definition?: string;
  /** For workspace CRDs: the file that defines it. */
  sourceUri?: string;
}

/** A CRD found in the workspace: its schema per served version. */
export interface WorkspaceCrd {
  group: string;
  kind: string;
  versions: Record<string, Schema>;
  sourceUri: string;
  /** `scope: Cluster`: its resources have no namespace. */
  clusterScoped?: boolean;
}

/** Follows `$ref` links (with a bound against cycles) and returns the schema they lead to. */
export function deref(schema: Schema, resolve: RefResolver): Schema {
  let current = schema;
  for (let hops = 0; current.$ref !== undefined && hops < 32; hops++) {
    const target = resolve(current.$ref);
    if (!target) return {};
    current = target;
  }
  return current;
}

/** The bundle's content for one Kubernetes minor, with definitions resolved on demand. */
export class KubernetesVersionSchemas {
  private readonly resolved = new Map<string, Schema | undefined>();
  readonly resolve: RefResolver = (ref) => this.definition(ref);

  constructor(
    readonly minor: string,
    private readonly index: VersionIndex,
    private readonly shards: (prefix: string) => DefinitionShard | undefined,
    /** Called with each definition looked up: puts its documentation on it once that is wanted (SchemaStore.loadDescriptions). */
    private readonly document: (definition: string) => void,
  ) {}

  kindDefinition(apiVersion: string, kind: string): string | undefined {
    return this.index.kinds[apiVersion]?.[kind];
  }

  kindsOf(apiVersion: string): string[] {
    return Object.keys(this.index.kinds[apiVersion] ?? {});
  }

  apiVersions(): string[] {
    return Object.keys(this.index.kinds);
  }

  definition(name: string): Schema | undefined {
    let schema = this.resolved.get(name);
    if (schema === undefined && !this.resolved.has(name)) {
      const variant = this.index.definitions[name];
      schema = variant === undefined ? undefined : this.shards(definitionShard(name))?.[name]?.[variant];
      this.resolved.set(name, schema);
    }
    if (schema) this.document(name);
    return schema;
  }
}

/** Replaces `{"$ref": "#<hash>"}` nodes of a CRD group by the shared schema objects they name. */
function linkShared(bundle: CrdGroupBundle): void {
  const seen = new Set<Schema>();
  const link = (schema: Schema): Schema => {
    const ref = schema.$ref;
    if (ref !== undefined && ref.startsWith('#')) {
      const target = bundle.shared[ref.slice(1)];
      if (target) {
        visit(target);
        return target;
      }
    }
    visit(schema);
    return schema;
  };
  const visit = (schema: Schema): void => {
    if (seen.has(schema)) return;
    seen.add(schema);
    if (schema.properties) for (const key of Object.keys(schema.properties)) schema.properties[key] = link(schema.properties[key]);
    if (schema.items) schema.items = link(schema.items);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') schema.additionalProperties = link(schema.additionalProperties);
    if (schema.not) schema.not = link(schema.not);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const list = schema[key];
      if (list) schema[key] = list.map(link);
    }
  };
  for (const versions of Object.values(bundle.kinds)) {
    for (const version of Object.keys(versions)) versions[version] = link(versions[version]);
  }
}

/**
 * The schemas Kubesmith knows: the bundle (Kubernetes versions and bundled CRDs, loaded lazily)
 * plus the CRDs registered from the workspace.
 */
export class SchemaStore {
  private bundleIndex: BundleIndex | undefined;
  private apiLifecycle: ApiLifecycle | undefined;
  private readonly versions = new Map<string, KubernetesVersionSchemas>();
  private readonly shards = new Map<string, DefinitionShard | undefined>();
  private readonly crdGroups = new Map<string, CrdGroupBundle | undefined>();
  /** group → kind → workspace CRDs defining it (several files may define the same kind). */
  private readonly workspaceCrds = new Map<string, Map<string, WorkspaceCrd[]>>();
  private workspaceGeneration = 0;
  private descriptionsWanted = false;
  /** Definitions whose schemas carry their descriptions. */
  private readonly described = new Set<string>();
  /** Description files read, by name (each is read once, when one of its definitions is first shown). */
  private readonly descriptionFiles = new Map<string, DescriptionShard | undefined>();
  private readonly memos = new Map<string, unknown>();

  constructor(private readonly reader: BundleReader) {}

  get index(): BundleIndex {
    return (this.bundleIndex ??= JSON.parse(this.reader.read('index.json')) as BundleIndex);
  }

  get lifecycle(): ApiLifecycle {
    return (this.apiLifecycle ??= JSON.parse(this.reader.read('api-lifecycle.json')) as ApiLifecycle);
  }

  /** A value derived from the schemas, computed once per key until the workspace CRDs change. */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }

  /** Changes whenever the workspace CRDs change, so cached results can be invalidated. */
  get generation(): number {
    return this.workspaceGeneration;
  }

  isKnownVersion(minor: string): boolean {
    return this.index.kubernetesVersions.includes(minor);
  }

  version(minor: string): KubernetesVersionSchemas {
    let schemas = this.versions.get(minor);
    if (!schemas) {
      const known = this.isKnownVersion(minor) ? minor : this.index.defaultKubernetesVersion;
      const index = JSON.parse(this.reader.read(`kubernetes/${known}.json`)) as VersionIndex;
      schemas = new KubernetesVersionSchemas(known, index, (prefix) => this.shard(prefix), (definition) => this.describe(definition));
      this.versions.set(minor, schemas);
    }
    return schemas;
  }

  private shard(prefix: string): DefinitionShard | undefined {
    if (!this.shards.has(prefix)) {
      let shard: DefinitionShard | undefined;
      try {
        shard = JSON.parse(this.reader.read(`kubernetes/definitions/${prefix}.json`)) as DefinitionShard;
      } catch {
        shard = undefined;
      }
      this.shards.set(prefix, shard);
    }
    return this.shards.get(prefix);
  }

  /**
   * From now on, each Kubernetes definition carries its descriptions (documentation for hover,
   * completion and the CLI's `schema`) when it is looked up: its description file is read then.
   * Checking never needs them, so a server that is never asked for documentation never reads any.
   */
  loadDescriptions(): void {
    this.descriptionsWanted = true;
  }

  /**
   * A kind's schema with its documentation, for hover and completion (after loadDescriptions):
   * the kind may have been looked up, and remembered, before documentation was wanted.
   */
  documented(kindSchema: KindSchema): Schema {
    if (kindSchema.definition) this.describe(kindSchema.definition);
    return kindSchema.schema;
  }

  /** Puts a definition's descriptions on its schemas, once documentation is wanted (reading its description file the first time). */
  private describe(definition: string): void {
    if (!this.descriptionsWanted || this.described.has(definition)) return;
    this.described.add(definition);
    const prefix = definitionShard(definition);
    const variants = this.shards.get(prefix)?.[definition];
    if (!variants) return;
    const parts = this.index.descriptionParts?.[prefix] ?? 1;
    const file = descriptionFile(prefix, parts > 1 ? descriptionPart(definition, parts) : 0, parts);
    let descriptions = this.descriptionFiles.get(file);
    if (!this.descriptionFiles.has(file)) {
      try {
        descriptions = JSON.parse(this.reader.read(`kubernetes/descriptions/${file}`)) as DescriptionShard;
      } catch {
        descriptions = undefined; // (documentation is a help: a missing file leaves it out)
      }
      this.descriptionFiles.set(file, descriptions);
    }
    descriptions?.[definition]?.forEach((map, i) => variants[i] && restoreDescriptions(variants[i], map));
    if (descriptions) delete descriptions[definition]; // (kept only until used)
  }

  crdGroup(group: string): CrdGroupBundle | undefined {
    if (!this.crdGroups.has(group)) {
      let bundle: CrdGroupBundle | undefined;
      if (this.index.crds[group]) {
        bundle = JSON.parse(this.reader.read(`crds/${group}.json`)) as CrdGroupBundle;
        linkShared(bundle);
      }
      this.crdGroups.set(group, bundle);
    }
    return this.crdGroups.get(group);
  }

  /** The schema of apiVersion/kind for a Kubernetes minor: built-in, workspace CRD, or bundled CRD. */
  lookup(minor: string, apiVersion: string, kind: string): KindSchema | undefined {
    const schemas = this.version(minor);
    const definition = schemas.kindDefinition(apiVersion, kind);
    if (definition) {
      const schema = schemas.definition(definition);
      if (schema) return { apiVersion, kind, schema, origin: 'kubernetes', definition };
    }
    const { group, version } = splitApiVersion(apiVersion);
    const fromWorkspace = this.workspaceCrds.get(group)?.get(kind)?.find((crd) => crd.versions[version]);
    if (fromWorkspace) {
      return { apiVersion, kind, schema: fromWorkspace.versions[version], origin: 'workspace', sourceUri: fromWorkspace.sourceUri };
    }
    const bundled = this.crdGroup(group)?.kinds[kind]?.[version];
    if (bundled) return { apiVersion, kind, schema: bundled, origin: 'crd' };
    return undefined;
  }

  /** Kinds known for a group (built-in for the minor, bundled and workspace CRDs). */
  kindsOfGroup(minor: string, group: string): Map<string, string[]> {
    const kinds = new Map<string, string[]>();
    const add = (kind: string, version: string) => {
      const list = kinds.get(kind) ?? [];
      if (!list.includes(version)) list.push(version);
      kinds.set(kind, list);
    };
    for (const apiVersion of this.version(minor).apiVersions()) {
      const split = splitApiVersion(apiVersion);
      if (split.group !== group) continue;
      for (const kind of this.version(minor).kindsOf(apiVersion)) add(kind, split.version);
    }
    for (const [kind, versions] of Object.entries(this.index.crds[group] ?? {})) versions.forEach((v) => add(kind, v));
    for (const [kind, crds] of this.workspaceCrds.get(group) ?? []) crds.forEach((crd) => Object.keys(crd.versions).forEach((v) => add(kind, v)));
    return kinds;
  }

  /** Whether any bundled Kubernetes version, bundled CRD or workspace CRD knows this group. */
  isKnownGroup(group: string): boolean {
    if (this.index.crds[group] || this.workspaceCrds.has(group)) return true;
    return Object.keys(this.index.served).some((apiVersion) => splitApiVersion(apiVersion).group === group);
  }

  /** Whether workspace CRDs define kinds of this API group. */
  hasWorkspaceCrds(group: string): boolean {
    return this.workspaceCrds.has(group);
  }

  /** Replaces the CRDs registered from one workspace file. */
  setWorkspaceCrds(sourceUri: string, crds: WorkspaceCrd[]): void {
    let changed = false;
    for (const [group, kinds] of this.workspaceCrds) {
      for (const [kind, list] of kinds) {
        const kept = list.filter((crd) => crd.sourceUri !== sourceUri);
        if (kept.length !== list.length) {
          changed = true;
          if (kept.length) kinds.set(kind, kept);
          else kinds.delete(kind);
        }
      }
      if (kinds.size === 0) this.workspaceCrds.delete(group);
    }
    for (const crd of crds) {
      let kinds = this.workspaceCrds.get(crd.group);
      if (!kinds) this.workspaceCrds.set(crd.group, (kinds = new Map()));
      kinds.set(crd.kind, [...(kinds.get(crd.kind) ?? []), crd]);
      changed = true;
    }
    if (changed) {
      this.workspaceGeneration++;
      this.memos.clear();
    }
  }

  workspaceCrdList(): WorkspaceCrd[] {
    const list: WorkspaceCrd[] = [];
    for (const kinds of this.workspaceCrds.values()) for (const crds of kinds.values()) list.push(...crds);
    return list;
  }
}
