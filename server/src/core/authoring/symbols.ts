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
 * At most this many symbols per file: the default limit of VS Code's JSON support for a file's
 * outline (`json.maxItemsComputed`; yaml-language-server applies the same default to each YAML
 * document of a file). A full outline of a 1,200-document file is ~34,000 symbols (8 MB of JSON:
 * ~90 ms only to write and read it); above the limit the outline keeps whole levels from the top
 * (every resource, then their top-level keys, ...) as deep as fits. See docs/performance.md.
 */
export const MAX_OUTLINE_SYMBOLS = 5_000;

/** Folding ranges when the client states no limit (VS Code states 5,000, its `editor.foldingMaximumRegions`). */
export const MAX_FOLDING_RANGES = 20_000;

export interface OutlineOptions {
  /** Symbols at most (default MAX_OUTLINE_SYMBOLS). */
  maxSymbols?: number;
  /** Called between documents; throws to abandon the request (a newer version, a cancellation). */
  checkpoint?: () => void;
}

export interface FoldingOptions {
  /** The client's `foldingRange.rangeLimit`: ranges at most, whole levels from the outside in. */
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

/** The deepest level whose entries, with all the levels above, fit in `limit` (Infinity: all of them). */
function depthWithin(levels: number[], limit: number): number {
  let total = 0;
  for (let depth = 0; depth < levels.length; depth++) {
    total += levels[depth] ?? 0;
    if (total > limit) return depth - 1;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * The outlines of a file's documents, deep enough for the whole levels that fit in `limit` (level
 * 0: one entry per document), and that depth. The outlines kept from the analysis count one level
 * more than they hold: when the levels they hold are all that fit, nothing is parsed; otherwise
 * the documents' whole outlines are taken (and kept).
 */
function outlinesWithin(
  service: KubesmithService, documents: AnalyzedDocument[], levelsOf: (outline: DocumentOutline) => number[], limit: number, checkpoint?: () => void,
): { outlines: DocumentOutline[]; depth: number } {
  const depthOf = (outlines: DocumentOutline[]) => {
    const levels: number[] = [documents.length];
    for (const outline of outlines) levelsOf(outline).forEach((count, i) => { levels[i + 1] = (levels[i + 1] ?? 0) + count; });
    return Math.max(0, depthWithin(levels, limit));
  };
  let outlines = documents.map((document, i) => {
    if (i % 64 === 63) checkpoint?.();
    return service.outline(document);
  });
  let depth = depthOf(outlines);
  if (outlines.some((outline) => !outline.complete && outline.depth < depth)) {
    outlines = documents.map((document, i) => {
      if (i % 16 === 15) checkpoint?.();
      return service.outline(document, depth);
    });
    depth = depthOf(outlines);
  }
  return { outlines, depth };
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
      ...(details[i] !== undefined ? { detail: details[i] } : {}),
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
  const { documents } = service.analyze(uri, text, settings);
  // The documents' own symbols are always there; then as many whole levels of keys as fit.
  const { outlines, depth } = outlinesWithin(service, documents, (outline) => outline.symbolLevels, options.maxSymbols ?? MAX_OUTLINE_SYMBOLS, options.checkpoint);
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
  const { documents } = service.analyze(uri, text, settings);
  // Over the limit, whole levels from the outside in (as the outline).
  const { outlines, depth } = outlinesWithin(service, documents, (outline) => outline.foldingLevels, options.rangeLimit ?? MAX_FOLDING_RANGES, options.checkpoint);
  const ranges: FoldingRange[] = [];
  documents.forEach((document, i) => {
    if (i % 64 === 63) options.checkpoint?.();
    const outline = outlines[i];
    let placed = placedFolding.get(outline);
    if (!placed || placed.startLine !== document.yaml.startLine) {
      placed = { startLine: document.yaml.startLine, depth: outline.depth, name: '', value: documentFolding(document, outline) };
      placedFolding.set(outline, placed);
    }
    const { ranges: documentRanges, depths } = placed.value;
    for (let r = 0; r < documentRanges.length; r++) if (depths[r] <= depth) ranges.push(documentRanges[r]);
  });
  return ranges;
}
