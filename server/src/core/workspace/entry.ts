import type { Range } from 'vscode-languageserver-types';
import type { ResourceSummary } from '../resource';
import { splitApiVersion } from '../schema/types';
import { lineIndexAt } from '../yaml/documents';
import type { PathSegment } from '../yaml/nodes';
import type { ResourceFacts, Span, SuppressionSet } from './types';

/**
 * A file as the workspace model keeps it: its resources with the facts their documents' analyses
 * recorded (the very objects the analysis cache holds: nothing is copied), and each document's
 * first line and line table, so that a position is worked out only when something is reported or
 * navigated to — for a file that is not open too. Plain data: a CLI worker thread sends it to the
 * main thread.
 */

export interface EntryDocument {
  /** The document's first line in the file. */
  startLine: number;
  /** Offsets in the document's text where each line starts. */
  lineStarts: readonly number[];
  /** The document's last line in the file (a `# kubesmith-disable` comment reaches it). */
  endLine: number;
  suppressions?: SuppressionSet;
}

/** A resource of a file. `origin` says whether a manifest defines it or something else makes it. */
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
  /** Offsets of the resource in its document. */
  span: Span;
  /** Its path in the document (`[]`, or `['items', 2]` in a List). */
  path: PathSegment[];
  facts: ResourceFacts;
}

export interface FileEntry {
  uri: string;
  documents: EntryDocument[];
  resources: EntryResource[];
}

/** What the entry is made from: a file's analyzed documents (service.ts's FileAnalysis has this shape). */
export interface EntrySource {
  uri: string;
  documents: readonly {
    yaml: { index: number; startLine: number; lineStarts: readonly number[] };
    analysis: { resources: readonly ResourceSummary[]; suppressions?: SuppressionSet };
  }[];
}

/** The file position of an offset in a document of an entry. */
export function placeSpan(document: Pick<EntryDocument, 'startLine' | 'lineStarts'>, span: Span): Range {
  const position = (offset: number) => {
    const line = lineIndexAt(document.lineStarts, offset);
    return { line: document.startLine + line, character: offset - document.lineStarts[line] };
  };
  return { start: position(span[0]), end: position(span[1]) };
}

/** Each resource's facts as text, kept with the facts object (an unchanged document keeps its facts). */
const factSignatures = new WeakMap<ResourceFacts, string>();
const POSITIONS = new Set(['span', 'nameSpan', 'targetPortSpan', 'path']);
const withoutPositions = (key: string, value: unknown) => (POSITIONS.has(key) ? undefined : value);

/**
 * What other files can see of a resource, without positions, as text: equal signatures, equal
 * findings and answers elsewhere. The text of its facts is made once per facts object.
 */
export function resourceSignature(resource: Pick<EntryResource, 'apiVersion' | 'kind' | 'name' | 'ownNamespace' | 'origin' | 'facts'>): string {
  let facts = factSignatures.get(resource.facts);
  if (facts === undefined) {
    facts = JSON.stringify(resource.facts, withoutPositions);
    factSignatures.set(resource.facts, facts);
  }
  return `${JSON.stringify([resource.apiVersion, resource.kind, resource.name, resource.ownNamespace ?? null, resource.origin])}${facts}`;
}

const EMPTY_FACTS: ResourceFacts = { references: [], selectors: [] };

export function buildEntry(source: EntrySource): FileEntry {
  const resources: EntryResource[] = [];
  const documents: EntryDocument[] = [];
  source.documents.forEach((document, i) => {
    const { startLine, lineStarts, index } = document.yaml;
    const { analysis } = document;
    const endLine = i + 1 < source.documents.length ? source.documents[i + 1].yaml.startLine - 1 : startLine + lineStarts.length - 1;
    documents[index] = { startLine, lineStarts, endLine, ...(analysis.suppressions ? { suppressions: analysis.suppressions } : {}) };
    for (const summary of analysis.resources) {
      const facts = summary.facts;
      if (!facts || !summary.name) continue;
      const group = splitApiVersion(summary.apiVersion).group;
      resources.push({
        document: index, apiVersion: summary.apiVersion, kind: summary.kind, group, name: summary.name, origin: 'manifest', span: summary.range, path: summary.path, facts,
        ...(summary.namespace !== undefined ? { ownNamespace: summary.namespace } : {}),
      });
      for (const provided of facts.provides ?? []) {
        resources.push({
          document: index, apiVersion: 'v1', kind: provided.kind, group: '', name: provided.name, origin: 'provided', span: provided.span, path: summary.path,
          facts: { ...EMPTY_FACTS, nameSpan: provided.span, ...(provided.keys ? { keys: provided.keys.map((name) => ({ name, span: provided.span })) } : {}) },
          ...(summary.namespace !== undefined ? { ownNamespace: summary.namespace } : {}),
        });
      }
    }
  });
  return { uri: source.uri, documents, resources };
}
