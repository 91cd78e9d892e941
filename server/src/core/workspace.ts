import { URI, Utils } from 'vscode-uri';
import { normalizeCrdSchema } from './schema/normalize';
import { Schema } from './schema/types';
import { SchemaStore, WorkspaceCrd } from './schema/store';
import { parseChunk, splitDocuments } from './yaml/documents';

/**
 * What Kubesmith learns from the workspace as a whole: CustomResourceDefinitions (whose schemas
 * validate the team's own custom resources) and kustomizations (whose patches are partial
 * resources). The editor and the CLI feed it file contents; it never reads files itself.
 */
export class WorkspaceIndex {
  /** kustomization file → the patch files it names. */
  private readonly patchesByKustomization = new Map<string, Set<string>>();
  private patchCache: Set<string> | undefined;

  constructor(private readonly store: SchemaStore) {}

  /** Whether a file might define something the index cares about (cheap pre-filter). */
  static isInteresting(uri: string, text: string): boolean {
    return isKustomization(uri) || text.includes('CustomResourceDefinition');
  }

  /** Records (or forgets) what a file defines. Returns whether anything changed. */
  updateFile(uri: string, text: string): boolean {
    const before = this.store.generation;
    const crds = text.includes('CustomResourceDefinition') ? extractCrds(uri, text) : [];
    this.store.setWorkspaceCrds(uri, crds);
    let patchesChanged = false;
    if (isKustomization(uri)) {
      const patches = extractPatchFiles(uri, text);
      const previous = this.patchesByKustomization.get(uri);
      patchesChanged = !previous || previous.size !== patches.size || [...patches].some((p) => !previous.has(p));
      this.patchesByKustomization.set(uri, patches);
      if (patchesChanged) this.patchCache = undefined;
    }
    return patchesChanged || this.store.generation !== before;
  }

  removeFile(uri: string): boolean {
    const before = this.store.generation;
    this.store.setWorkspaceCrds(uri, []);
    const hadPatches = this.patchesByKustomization.delete(uri);
    if (hadPatches) this.patchCache = undefined;
    return hadPatches || this.store.generation !== before;
  }

  /** Whether a file is named as a patch by some kustomization. */
  isKustomizePatch(uri: string): boolean {
    if (!this.patchCache) {
      this.patchCache = new Set();
      for (const patches of this.patchesByKustomization.values()) patches.forEach((patch) => this.patchCache!.add(patch));
    }
    return this.patchCache.size > 0 && this.patchCache.has(normalizeUri(uri));
  }
}

const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

function isKustomization(uri: string): boolean {
  return KUSTOMIZATION_NAMES.has(Utils.basename(URI.parse(uri)));
}

function normalizeUri(uri: string): string {
  return URI.parse(uri).toString();
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
    if (Object.keys(versions).length > 0) crds.push({ group: spec.group, kind: names.kind, versions, sourceUri: uri });
  }
  return crds;
}

/** Files a kustomization applies as patches (strategic merge or JSON 6902). */
export function extractPatchFiles(uri: string, text: string): Set<string> {
  const patches = new Set<string>();
  const base = Utils.dirname(URI.parse(uri));
  const add = (path: unknown) => {
    if (typeof path === 'string' && path && !/^[a-z]+:\/\//i.test(path) && !path.includes('\n')) patches.add(Utils.joinPath(base, path).toString());
  };
  for (const value of plainDocuments(text)) {
    const doc = asRecord(value);
    if (!doc) continue;
    for (const key of ['patchesStrategicMerge', 'patches', 'patchesJson6902']) {
      const list = doc[key];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (typeof entry === 'string') add(entry);
        else add(asRecord(entry)?.path);
      }
    }
  }
  return patches;
}

