import { Document, Node, isMap, isScalar, isSeq } from 'yaml';
import { URI, Utils } from 'vscode-uri';
import type { Range } from 'vscode-languageserver-types';
import { lineIndexAt, parseChunk, splitDocuments } from '../yaml/documents';
import { getNodeAt, keyText, mapEntries, scalarText } from '../yaml/nodes';

/**
 * What a kustomization (`kustomization.yaml`, `kustomization.yml`, `Kustomization`) tells the
 * workspace: the files it applies as patches (partial resources), and the namespace, name prefix
 * and suffix it gives the resources it lists, and the ConfigMaps and Secrets it generates.
 * Kustomizations are small: each is parsed here, on its own.
 */

export interface GeneratedResource {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** The keys, when the generator lists them (`literals`, `files`); unknown with `envs`. */
  keys?: string[];
  /** Where the generator's `name` is written. */
  range: Range;
}

export interface Kustomization {
  uri: string;
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  /** URIs of the files and folders its `resources`, `bases` and `components` name. */
  resources: string[];
  /** URIs of the files it applies as patches. */
  patches: string[];
  generators: GeneratedResource[];
}

const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export function isKustomization(uri: string): boolean {
  return KUSTOMIZATION_NAMES.has(Utils.basename(URI.parse(uri)));
}

/** A folder's URI, without a trailing slash, as kustomizations name folders. */
export function folderOf(uri: string): string {
  return Utils.dirname(URI.parse(uri)).toString();
}

function localPath(value: string | undefined): boolean {
  return value !== undefined && value !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.includes('\n') && !value.startsWith('github.com/');
}

export function parseKustomization(uri: string, text: string): Kustomization {
  const base = Utils.dirname(URI.parse(uri));
  const resolve = (path: string) => Utils.joinPath(base, path).toString().replace(/\/$/, '');
  const result: Kustomization = { uri, resources: [], patches: [], generators: [] };
  for (const chunk of splitDocuments(text)) {
    for (const { doc, lineStarts, startLine } of parseChunk(chunk)) {
      if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
      const at = (key: string) => getNodeAt(doc.contents, [key], doc);
      const text = (node: Node | undefined) => (isScalar(node) ? scalarText(node) : undefined);
      const list = (key: string): Node[] => {
        const node = at(key);
        return isSeq(node) ? (node.items as Node[]) : [];
      };
      const rangeOf = (node: Node): Range => {
        const [start, end] = node.range ?? [0, 0];
        const line = lineIndexAt(lineStarts, start);
        const endLine = lineIndexAt(lineStarts, end);
        return { start: { line: startLine + line, character: start - lineStarts[line] }, end: { line: startLine + endLine, character: end - lineStarts[endLine] } };
      };
      const namespace = text(at('namespace'));
      if (namespace) result.namespace = namespace;
      const prefix = text(at('namePrefix'));
      if (prefix) result.namePrefix = prefix;
      const suffix = text(at('nameSuffix'));
      if (suffix) result.nameSuffix = suffix;
      for (const key of ['resources', 'bases', 'components']) {
        for (const item of list(key)) {
          const path = text(item);
          if (localPath(path)) result.resources.push(resolve(path!));
        }
      }
      for (const key of ['patchesStrategicMerge', 'patches', 'patchesJson6902']) {
        for (const item of list(key)) {
          const path = isMap(item) ? text(getNodeAt(item, ['path'], doc)) : text(item);
          if (localPath(path)) result.patches.push(resolve(path!));
        }
      }
      for (const [key, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
        for (const item of list(key)) generator(doc, item, kind, result, rangeOf);
      }
    }
  }
  return result;
}

function generator(doc: Document, item: Node, kind: 'ConfigMap' | 'Secret', result: Kustomization, rangeOf: (node: Node) => Range): void {
  if (!isMap(item)) return;
  const nameNode = getNodeAt(item, ['name'], doc);
  const name = isScalar(nameNode) ? scalarText(nameNode) : undefined;
  if (!name || !nameNode) return;
  // `behavior: merge` / `replace` changes a ConfigMap defined elsewhere: not a new one.
  const behavior = getNodeAt(item, ['behavior'], doc);
  if (isScalar(behavior) && behavior.value !== 'create') return;
  let keys: string[] | undefined = [];
  for (const pair of mapEntries(item, doc)) {
    const key = keyText(pair);
    const values = isSeq(pair.value) ? pair.value.items.map((value) => (isScalar(value) ? scalarText(value) : undefined)) : [];
    if (key === 'envs' || key === 'env') keys = undefined;
    if (!keys) continue;
    if (key === 'literals') for (const value of values) if (value?.includes('=')) keys.push(value.slice(0, value.indexOf('=')));
    if (key === 'files') for (const value of values) if (value) keys.push(value.includes('=') ? value.slice(0, value.indexOf('=')) : value.slice(value.lastIndexOf('/') + 1));
  }
  result.generators.push({ kind, name, range: rangeOf(nameNode), ...(keys ? { keys } : {}) });
}
