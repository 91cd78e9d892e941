import { URI } from 'vscode-uri';
import { normalizeCrdSchema } from '../schema/normalize';
import { Schema } from '../schema/types';
import { SchemaStore, WorkspaceCrd } from '../schema/store';
import { parseChunk, splitDocuments } from '../yaml/documents';
import { Kustomization, folderOf, isKustomization, parseKustomization } from './kustomize';

/**
 * What the workspace defines for the checking of others: CustomResourceDefinitions (whose schemas
 * validate the team's own custom resources) and kustomizations (whose patches are partial
 * resources, and whose namespace and name prefix and suffix the workspace model applies). The
 * editor and the CLI feed it file contents; it never reads files itself.
 */
export class WorkspaceIndex {
  private readonly kustomizations = new Map<string, Kustomization>();
  private patchCache: Set<string> | undefined;
  /** file or folder URI → the kustomizations that list it (made again when one changes). */
  private listedBy: Map<string, Kustomization[]> | undefined;
  /** Counts the changes of kustomizations' namespaces, names and resources (the model follows it). */
  kustomizeGeneration = 0;

  constructor(private readonly store: SchemaStore) {}

  /** Whether a file might define something the index cares about (cheap pre-filter). */
  static isInteresting(uri: string, text: string): boolean {
    return isKustomization(uri) || text.includes('CustomResourceDefinition');
  }

  /** Records (or forgets) what a file defines. Returns whether the checking of other files changes. */
  updateFile(uri: string, text: string): boolean {
    const before = this.store.generation;
    const crds = text.includes('CustomResourceDefinition') ? extractCrds(uri, text) : [];
    this.store.setWorkspaceCrds(uri, crds);
    let patchesChanged = false;
    if (isKustomization(uri)) {
      const kustomization = parseKustomization(uri, text);
      const previous = this.kustomizations.get(uri);
      patchesChanged = !previous || !sameList(previous.patches, kustomization.patches);
      if (!previous || JSON.stringify({ ...previous, patches: [] }) !== JSON.stringify({ ...kustomization, patches: [] })) this.kustomizeChanged();
      this.kustomizations.set(uri, kustomization);
      if (patchesChanged) this.patchCache = undefined;
    }
    return patchesChanged || this.store.generation !== before;
  }

  removeFile(uri: string): boolean {
    const before = this.store.generation;
    this.store.setWorkspaceCrds(uri, []);
    const had = this.kustomizations.delete(uri);
    if (had) {
      this.patchCache = undefined;
      this.kustomizeChanged();
    }
    return had || this.store.generation !== before;
  }

  /** Whether a file is named as a patch by some kustomization. */
  isKustomizePatch(uri: string): boolean {
    if (!this.patchCache) {
      this.patchCache = new Set();
      for (const kustomization of this.kustomizations.values()) kustomization.patches.forEach((patch) => this.patchCache!.add(patch));
    }
    return this.patchCache.size > 0 && this.patchCache.has(URI.parse(uri).toString());
  }

  /** The kustomizations that list a file (or folder) in their resources. */
  listing(uri: string): readonly Kustomization[] {
    if (!this.listedBy) {
      this.listedBy = new Map();
      for (const kustomization of this.kustomizations.values()) {
        for (const resource of kustomization.resources) {
          const list = this.listedBy.get(resource) ?? [];
          list.push(kustomization);
          this.listedBy.set(resource, list);
        }
      }
    }
    return this.listedBy.get(uri) ?? [];
  }

  /** Whether a kustomization is a base of others (its folder is listed by another one). */
  isBase(kustomization: Kustomization): boolean {
    return this.listing(folderOf(kustomization.uri)).length > 0;
  }

  allKustomizations(): IterableIterator<Kustomization> {
    return this.kustomizations.values();
  }

  private kustomizeChanged(): void {
    this.listedBy = undefined;
    this.kustomizeGeneration++;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function plainDocuments(text: string): unknown[] {
  const values: unknown[] = [];
  for (const chunk of splitDocuments(text)) {
    for (const { doc } of parseChunk(chunk)) {
      if (doc.errors.length > 0) continue;
      try {
        values.push(doc.toJS({ maxAliasCount: 100 }));
      } catch {
        // An alias bomb or an unresolvable alias: not a definition we can use.
      }
    }
  }
  return values;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The CRDs (apiextensions.k8s.io/v1, and the older v1beta1 form) a file defines. */
export function extractCrds(uri: string, text: string): WorkspaceCrd[] {
  const crds: WorkspaceCrd[] = [];
  for (const value of plainDocuments(text)) {
    const doc = asRecord(value);
    if (!doc || doc.kind !== 'CustomResourceDefinition' || typeof doc.apiVersion !== 'string' || !doc.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
    const spec = asRecord(doc.spec);
    const names = asRecord(spec?.names);
    if (!spec || typeof spec.group !== 'string' || typeof names?.kind !== 'string') continue;
    const versions: Record<string, Schema> = {};
    const sharedSchema = asRecord(asRecord(spec.validation)?.openAPIV3Schema);
    const list = Array.isArray(spec.versions) ? spec.versions : typeof spec.version === 'string' ? [{ name: spec.version }] : [];
    for (const entry of list) {
      const version = asRecord(entry);
      if (typeof version?.name !== 'string') continue;
      const schema = asRecord(asRecord(version.schema)?.openAPIV3Schema) ?? sharedSchema;
      // A version without a schema accepts anything: keep it known, but open.
      versions[version.name] = schema ? normalizeCrdSchema(schema) : { 'x-kubernetes-preserve-unknown-fields': true };
    }
    if (Object.keys(versions).length > 0) {
      crds.push({ group: spec.group, kind: names.kind, versions, sourceUri: uri, ...(spec.scope === 'Cluster' ? { clusterScoped: true } : {}) });
    }
  }
  return crds;
}
