import { DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import type { KubesmithSettings } from '../../../../protocol/settings';
import { AnalyzedDocument, KubesmithService, positionAt } from '../service';
import { lineIndexAt } from '../yaml/documents';
import { DEPTH, DocumentOutline, END, FIELDS, FLAGS, FOLDS, FOLD_END, IS_SYMBOL, SELECTION_END, START, symbolKindOf } from './outline';

/**
 * Outline and folding: one symbol per YAML document (`Deployment api-server`) with its keys nested
 * below, which VS Code also uses for breadcrumbs and sticky scroll; folding per document and per
 * multi-line block.
 *
 * Both are made from each document's outline (authoring/outline.ts), taken when the document was
 * analyzed and cached with it, and placed at the document's line; a placed document is kept until
 * it moves or changes, so after an edit only the documents it touched (or moved) are made again,
 * and a request on an unchanged file makes nothing.
 */

/**
 * At most this many symbols per file. A full outline of a 1,200-document file is ~34,000 symbols
 * (8 MB of JSON: ~90 ms only to write and read it); above the limit the outline keeps whole levels
 * from the top (every resource, then their top-level keys, ...) as deep as fits, as VS Code's own
 * JSON support limits its outline (`json.maxItemsComputed`). See docs/performance.md.
 */
export const MAX_OUTLINE_SYMBOLS = 10_000;

/** Folding ranges when the client states no limit (VS Code's own limit is 5,000, `editor.foldingMaximumRegions`). */
export const MAX_FOLDING_RANGES = 20_000;

export interface OutlineOptions {
  /** Symbols at most (default MAX_OUTLINE_SYMBOLS). */
  maxSymbols?: number;
  /** Called between documents; throws to abandon the request (a newer version, a cancellation). */
  checkpoint?: () => void;
}

export interface FoldingOptions {
  /** The client's `foldingRange.rangeLimit`: ranges at most, outer ones first. */
  rangeLimit?: number;
  checkpoint?: () => void;
}

interface Placed<T> {
  startLine: number;
  depth: number;
  name: string;
  value: T;
}

const placedSymbols = new WeakMap<DocumentOutline, Placed<DocumentSymbol>>();
const placedFolding = new WeakMap<DocumentOutline, Placed<{ ranges: FoldingRange[]; depths: number[] }>>();

/** A position in a document's text, as a file position. */
function at(document: AnalyzedDocument, offset: number) {
  return positionAt(document.yaml, offset);
}

/** The deepest level whose symbols, with all the levels above, fit in `limit` (Infinity: all of them). */
function depthWithin(levels: number[], limit: number): number {
  let total = 0;
  for (let depth = 0; depth < levels.length; depth++) {
    total += levels[depth];
    if (total > limit) return depth;
  }
  return Number.POSITIVE_INFINITY;
}

function sumLevels(outlines: DocumentOutline[], key: 'symbolLevels' | 'foldingLevels', extraPerDocument: number): number[] {
  const levels: number[] = [0];
  for (const outline of outlines) {
    levels[0] += extraPerDocument;
    outline[key].forEach((count, i) => { levels[i + 1] = (levels[i + 1] ?? 0) + count; });
  }
  return levels;
}

function documentName(document: AnalyzedDocument): string {
  const resource = document.analysis.resources[0];
  return resource ? `${resource.kind}${resource.name ? ` ${resource.name}` : ''}` : `Document ${document.yaml.index + 1}`;
}

/** A document's symbol with its entries down to `depth`, placed at its line. */
function documentSymbol(document: AnalyzedDocument, outline: DocumentOutline, root: { start: number; end: number }, depth: number): DocumentSymbol {
  const resource = document.analysis.resources[0];
  const { entries, names, details } = outline;
  const symbol: DocumentSymbol = {
    name: documentName(document),
    ...(resource ? { detail: resource.namespace ? `${resource.apiVersion} · ${resource.namespace}` : resource.apiVersion } : {}),
    kind: resource ? SymbolKind.Class : SymbolKind.Module,
    range: { start: at(document, 0), end: at(document, outline.contentEnd) },
    selectionRange: { start: at(document, root.start), end: at(document, root.end) },
  };
  // Entries are in document order, each followed by its descendants: the parent of an entry at
  // depth d is the last symbol made at depth d - 1.
  const parents: DocumentSymbol[] = [symbol];
  for (let i = 0, e = 0; e < entries.length; i++, e += FIELDS) {
    const level = entries[e + DEPTH];
    const flags = entries[e + FLAGS];
    if (!(flags & IS_SYMBOL) || level > depth) continue;
    const start = at(document, entries[e + START]);
    const child: DocumentSymbol = {
      name: names[i],
      ...(details.has(i) ? { detail: details.get(i) } : {}),
      kind: symbolKindOf(flags),
      range: { start, end: at(document, entries[e + END]) },
      selectionRange: { start, end: at(document, entries[e + SELECTION_END]) },
    };
    const parent = parents[level - 1];
    (parent.children ??= []).push(child);
    parents[level] = child;
  }
  return symbol;
}

export function getDocumentSymbols(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings, options: OutlineOptions = {}): DocumentSymbol[] {
  const file = service.analyze(uri, text, settings);
  const documents = file.documents;
  const outlines = documents.map((document, i) => {
    if (i % 64 === 63) options.checkpoint?.();
    return service.outline(document);
  });
  // Level 0: the documents' own symbols, always there; then as many levels of keys as fit.
  const depth = Math.max(0, depthWithin(sumLevels(outlines, 'symbolLevels', 1), options.maxSymbols ?? MAX_OUTLINE_SYMBOLS) - 1);
  const symbols: DocumentSymbol[] = [];
  for (let i = 0; i < documents.length; i++) {
    const document = documents[i];
    const outline = outlines[i];
    if (!outline.root) continue;
    const name = documentName(document);
    let placed = placedSymbols.get(outline);
    if (!placed || placed.startLine !== document.yaml.startLine || placed.depth !== depth || placed.name !== name) {
      if (i % 64 === 63) options.checkpoint?.();
      placed = { startLine: document.yaml.startLine, depth, name, value: documentSymbol(document, outline, outline.root, depth) };
      placedSymbols.set(outline, placed);
    }
    symbols.push(placed.value);
  }
  return symbols;
}

/** A document's folding ranges (the document itself, then each multi-line block), with their depths. */
function documentFolding(document: AnalyzedDocument, outline: DocumentOutline): { ranges: FoldingRange[]; depths: number[] } {
  const ranges: FoldingRange[] = [];
  const depths: number[] = [];
  const { startLine, lineStarts } = document.yaml;
  const lineOf = (offset: number) => startLine + lineIndexAt(lineStarts, offset);
  if (outline.contentEnd > 0) {
    const end = lineOf(outline.contentEnd);
    if (end > startLine) {
      ranges.push({ startLine, endLine: end, kind: FoldingRangeKind.Region });
      depths.push(0);
    }
  }
  const { entries } = outline;
  for (let e = 0; e < entries.length; e += FIELDS) {
    if (!(entries[e + FLAGS] & FOLDS)) continue;
    const first = lineOf(entries[e + START]);
    const last = lineOf(entries[e + FOLD_END]);
    if (last > first) {
      ranges.push({ startLine: first, endLine: last });
      depths.push(entries[e + DEPTH]);
    }
  }
  return { ranges, depths };
}

export function getFoldingRanges(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings, options: FoldingOptions = {}): FoldingRange[] {
  const file = service.analyze(uri, text, settings);
  const perDocument = file.documents.map((document, i) => {
    if (i % 64 === 63) options.checkpoint?.();
    const outline = service.outline(document);
    let placed = placedFolding.get(outline);
    if (!placed || placed.startLine !== document.yaml.startLine) {
      placed = { startLine: document.yaml.startLine, depth: 0, name: '', value: documentFolding(document, outline) };
      placedFolding.set(outline, placed);
    }
    return placed.value;
  });
  const total = perDocument.reduce((sum, document) => sum + document.ranges.length, 0);
  const limit = options.rangeLimit ?? MAX_FOLDING_RANGES;
  if (total <= limit) return perDocument.flatMap((document) => document.ranges);
  // Over the limit: outer ranges first, as VS Code keeps them (every range of the levels that fit
  // whole, then the next level's in document order until the limit).
  const levels: number[] = [];
  for (const { depths } of perDocument) for (const depth of depths) levels[depth] = (levels[depth] ?? 0) + 1;
  const whole = depthWithin(Array.from(levels, (count) => count ?? 0), limit);
  let room = limit - levels.slice(0, whole).reduce((sum, count) => sum + (count ?? 0), 0);
  const ranges: FoldingRange[] = [];
  for (const { ranges: documentRanges, depths } of perDocument) {
    for (let i = 0; i < documentRanges.length; i++) {
      if (depths[i] < whole || (depths[i] === whole && room-- > 0)) ranges.push(documentRanges[i]);
    }
  }
  return ranges;
}
