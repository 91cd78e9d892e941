import type { Range } from 'vscode-languageserver-types';
import type { ResourceSummary } from '../resource';
import { splitApiVersion } from '../schema/types';
import { lineIndexAt } from '../yaml/documents';
import type { PathSegment } from '../yaml/nodes';
import type {
  ContainerPortFact, KeyFact, LabelExpression, PodFact, ReferenceFact, SelectorFact, ServicePortFact, Span, SuppressionSet,
} from './types';

/**
 * A file as the workspace model keeps it: its resources with their facts placed in the file
 * (line and character, so a file that is not open can be navigated and reported on without its
 * text), and its suppressions. Plain data: a CLI worker thread sends it to the main thread.
 */

export interface PlacedKey {
  name: string;
  range: Range;
}

export interface PlacedReference extends Omit<ReferenceFact, 'span' | 'keys' | 'port'> {
  range: Range;
  keys?: PlacedKey[];
  port?: { value: string | number; range: Range };
}

export interface PlacedSelector extends Omit<SelectorFact, 'span'> {
  range: Range;
}

export interface PlacedServicePort extends Omit<ServicePortFact, 'targetPortSpan'> {
  targetPortRange?: Range;
}

/** A resource of a file, placed. `origin` says whether a manifest defines it or something else makes it. */
export interface EntryResource {
  /** Its YAML document's index in the file. */
  document: number;
  apiVersion: string;
  kind: string;
  group: string;
  name: string;
  /** `metadata.namespace` as written. */
  ownNamespace?: string;
  origin: 'manifest' | 'provided' | 'generator';
  range: Range;
  nameRange?: Range;
  /** Its path in the document (`[]`, or `['items', 2]` in a List). */
  path: PathSegment[];
  labels?: Record<string, string>;
  references: PlacedReference[];
  selectors: PlacedSelector[];
  pod?: PodFact;
  replicas?: { value: unknown; range: Range; path: PathSegment[] };
  /** Its keys (ConfigMap, Secret); absent when they cannot be known. */
  keys?: PlacedKey[];
  servicePorts?: PlacedServicePort[];
  automount?: boolean;
  disruption?: { field: 'minAvailable' | 'maxUnavailable'; value: string | number; range: Range };
}

export interface PlacedSuppressions {
  /** The file lines of its document: `[first, last]`. */
  lines: [number, number];
  nextLine: [line: number, ids: string[]][];
  fromLine: [line: number, ids: string[]][];
  resources: { range: Range; ids: string[] }[];
}

export interface FileEntry {
  uri: string;
  resources: EntryResource[];
  suppressions: PlacedSuppressions[];
}

/** What the entry is made from: a file's analyzed documents (service.ts's FileAnalysis has this shape). */
export interface EntrySource {
  uri: string;
  documents: readonly {
    yaml: { index: number; startLine: number; lineStarts: readonly number[] };
    analysis: { resources: readonly ResourceSummary[]; suppressions?: SuppressionSet };
  }[];
}

const signatures = new WeakMap<FileEntry, string>();

/**
 * What other files can see of a file, without positions, as text: equal signatures, equal
 * findings and answers elsewhere. Made only when a file changes (not while indexing).
 */
export function entrySignature(entry: FileEntry): string {
  let signature = signatures.get(entry);
  if (signature === undefined) {
    signature = JSON.stringify(entry.resources.map((resource) => [
      resource.apiVersion, resource.kind, resource.name, resource.ownNamespace, resource.origin, resource.labels, resource.pod,
      resource.replicas?.value, resource.keys?.map((key) => key.name), resource.automount, resource.disruption?.field, resource.disruption?.value,
      resource.servicePorts?.map((port) => [port.name, port.port, port.targetPort]),
      resource.references.map((reference) => [
        reference.target, reference.kind, reference.group, reference.name, reference.namespace, reference.keys?.map((key) => key.name),
        reference.port?.value, reference.optional, reference.scales, reference.field,
      ]),
      resource.selectors.map((selector) => [selector.selects, selector.matchLabels, selector.expressions, selector.namespaces, selector.subset, selector.field]),
    ]));
    signatures.set(entry, signature);
  }
  return signature;
}

export function buildEntry(source: EntrySource): FileEntry {
  const resources: EntryResource[] = [];
  const suppressions: PlacedSuppressions[] = [];
  source.documents.forEach((document, i) => {
    const { startLine, lineStarts, index } = document.yaml;
    const position = (offset: number) => {
      const line = lineIndexAt(lineStarts, offset);
      return { line: startLine + line, character: offset - lineStarts[line] };
    };
    const place = (span: Span): Range => ({ start: position(span[0]), end: position(span[1]) });
    const placeKeys = (keys: readonly KeyFact[]): PlacedKey[] => keys.map((key) => ({ name: key.name, range: place(key.span) }));
    const { analysis } = document;
    const lastLine = i + 1 < source.documents.length ? source.documents[i + 1].yaml.startLine - 1 : startLine + lineStarts.length - 1;
    if (analysis.suppressions) {
      const set = analysis.suppressions;
      suppressions.push({
        lines: [startLine, lastLine],
        nextLine: set.nextLine.map(([line, ids]) => [startLine + line, ids]),
        fromLine: set.fromLine.map(([line, ids]) => [startLine + line, ids]),
        resources: set.resources.map(({ span, ids }) => ({ range: place(span), ids })),
      });
    }
    for (const summary of analysis.resources) {
      const facts = summary.facts;
      if (!facts || !summary.name) continue;
      const group = splitApiVersion(summary.apiVersion).group;
      const resource: EntryResource = {
        document: index, apiVersion: summary.apiVersion, kind: summary.kind, group, name: summary.name, origin: 'manifest',
        range: place(summary.range), path: summary.path,
        references: facts.references.map(({ span, keys, port, ...rest }) => ({
          ...rest, range: place(span),
          ...(keys ? { keys: placeKeys(keys) } : {}),
          ...(port ? { port: { value: port.value, range: place(port.span) } } : {}),
        })),
        selectors: facts.selectors.map(({ span, ...rest }) => ({ ...rest, range: place(span) })),
      };
      if (summary.namespace !== undefined) resource.ownNamespace = summary.namespace;
      if (facts.nameSpan) resource.nameRange = place(facts.nameSpan);
      if (facts.labels) resource.labels = facts.labels;
      if (facts.pod) resource.pod = facts.pod;
      if (facts.replicas) resource.replicas = { value: facts.replicas.value, range: place(facts.replicas.span), path: facts.replicas.path };
      if (facts.keys) resource.keys = placeKeys(facts.keys);
      if (facts.servicePorts) {
        resource.servicePorts = facts.servicePorts.map(({ targetPortSpan, ...rest }) => ({ ...rest, ...(targetPortSpan ? { targetPortRange: place(targetPortSpan) } : {}) }));
      }
      if (facts.automount !== undefined) resource.automount = facts.automount;
      if (facts.disruption) resource.disruption = { field: facts.disruption.field, value: facts.disruption.value, range: place(facts.disruption.span) };
      resources.push(resource);
      for (const provided of facts.provides ?? []) {
        resources.push({
          document: index, apiVersion: 'v1', kind: provided.kind, group: '', name: provided.name, origin: 'provided',
          range: place(provided.span), nameRange: place(provided.span), path: summary.path, references: [], selectors: [],
          ...(summary.namespace !== undefined ? { ownNamespace: summary.namespace } : {}),
          ...(provided.keys ? { keys: provided.keys.map((name) => ({ name, range: place(provided.span) })) } : {}),
        });
      }
    }
  });
  return { uri: source.uri, resources, suppressions };
}

export type { ContainerPortFact, LabelExpression, PodFact };
