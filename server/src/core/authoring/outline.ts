import { Document, Node, Pair, YAMLMap, isPair } from 'yaml';
import { SymbolKind } from 'vscode-languageserver-types';
import { MAP, NODE_TYPE, PAIR, SCALAR, SEQ, keyText, stringValue } from '../yaml/nodes';

/**
 * The outline of one YAML document: plain data with offsets relative to the document's text (so
 * it stays true when the document moves in the file), one entry per key and per list item that is
 * a map or a list, in document order, each with its nesting depth. The outline, breadcrumbs,
 * sticky scroll and folding of a file are made from these (authoring/symbols.ts).
 *
 * When a document is analyzed its syntax tree is at hand, and its outline is taken then: whole
 * for a small file; for a large one only its top (`SHALLOW_DEPTH` levels, and how many entries the
 * next level has), which is all the outline of a large file shows (it keeps whole levels within a
 * limit) and costs little. A deeper outline is taken when a request needs it, and kept.
 */
export interface DocumentOutline {
  /** The deepest level of entries taken (Infinity: all of them). */
  depth: number;
  /** Whether every entry is taken (nothing deeper than `depth`). */
  complete: boolean;
  /** Where the document's content ends (its trailing whitespace left out). */
  contentEnd: number;
  /** The selection of the document's symbol: the `kind` value, else the whole root node; absent when the document is empty. */
  root?: { start: number; end: number };
  /** `FIELDS` numbers per entry: depth, flags and symbol kind, start, selection end, end, folding end. */
  entries: number[];
  /** Entry names: the key, `- <name>` or `[<index>]` for a list item. */
  names: string[];
  /** Entry details (a scalar value, at most 60 characters), by entry index. */
  details: (string | undefined)[];
  /** How many entries give a symbol, by depth (index 0: depth 1, the document's top-level keys), one level deeper than `depth` when not complete. */
  symbolLevels: number[];
  /** How many entries give a folding range, by depth (as `symbolLevels`). */
  foldingLevels: number[];
}

/** The levels of the outline taken when a document of a large file is analyzed: its top-level keys. */
export const SHALLOW_DEPTH = 1;

/**
 * Files up to this many characters get their whole outline when analyzed: small enough for the
 * outline to show all of it (about 5,000 symbols for manifests like the benchmark's), and it
 * costs little.
 */
export const WHOLE_OUTLINE_UP_TO = 160 * 1024;

/** How deep the outline taken when a file's documents are analyzed goes. */
export function outlineDepthFor(fileLength: number): number {
  return fileLength <= WHOLE_OUTLINE_UP_TO ? Number.POSITIVE_INFINITY : SHALLOW_DEPTH;
}

export const FIELDS = 6;
export const DEPTH = 0;
export const FLAGS = 1;
export const START = 2;
export const SELECTION_END = 3;
export const END = 4;
export const FOLD_END = 5;

/** Flags: the entry is a symbol (it and its parents have a key or are list items); it folds; its symbol kind above. */
export const IS_SYMBOL = 1;
export const FOLDS = 2;
const KIND_SHIFT = 2;

export function symbolKindOf(flags: number): SymbolKind {
  return (flags >> KIND_SHIFT) as SymbolKind;
}

function trimEnd(text: string, start: number, end: number): number {
  let last = Math.max(end, start);
  while (last > start && isSpace(text.charCodeAt(last - 1))) last--;
  return last;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 12 || code === 11 || (code > 127 && /\s/.test(String.fromCharCode(code)));
}

function count(levels: number[], depth: number): void {
  while (levels.length < depth) levels.push(0);
  levels[depth - 1]++;
}

type Tagged = Node & { [NODE_TYPE]?: symbol; range?: [number, number, number]; items?: unknown[]; value?: unknown; type?: string; key?: unknown };

/** The key of a pair as text: a scalar's value (null: ""), none for a complex key. */
function keyOf(keyNode: Tagged | null): string | undefined {
  if (keyNode?.[NODE_TYPE] !== SCALAR) return undefined;
  return keyNode.value === null || keyNode.value === undefined ? '' : String(keyNode.value);
}

/** IS_SYMBOL and FOLDS of a pair whose parent is in the outline (`symbols`) or not. */
function pairFlags(pair: Tagged, symbols: boolean): number {
  const keyNode = pair.key as Tagged | null;
  const value = pair.value as Tagged | null;
  const keyRange = keyNode?.range;
  let flags = symbols && keyRange !== undefined && keyOf(keyNode) !== undefined ? IS_SYMBOL : 0;
  if (keyRange !== undefined && value?.range !== undefined) {
    const type = value[NODE_TYPE];
    if (type === MAP || type === SEQ || (type === SCALAR && (value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED'))) flags |= FOLDS;
  }
  return flags;
}

/** Whether a list item is an entry (a map or a list). */
function itemIsEntry(item: Tagged | null): boolean {
  const type = item?.[NODE_TYPE];
  return item?.range !== undefined && (type === MAP || type === SEQ);
}

/** A document's outline down to `depth` (with the number of entries one level deeper), or all of it. */
export function outlineOf(doc: Document, text: string, depth = Number.POSITIVE_INFINITY): DocumentOutline {
  const outline: DocumentOutline = { depth, complete: true, contentEnd: trimEnd(text, 0, text.length), entries: [], names: [], details: [], symbolLevels: [], foldingLevels: [] };
  const contents = doc.contents as Tagged | null;
  if (!contents) return outline;
  const rootType = contents[NODE_TYPE];
  if (contents.range) {
    const kindPair = rootType === MAP ? (contents.items as Pair[]).find((pair) => isPair(pair) && keyText(pair) === 'kind') : undefined;
    const selection = (kindPair?.value as Node | undefined)?.range ?? contents.range;
    outline.root = { start: selection[0], end: trimEnd(text, selection[0], selection[1]) };
  }
  if (rootType !== MAP && rootType !== SEQ) return outline;
  const symbols = contents.range !== undefined;
  if (depth >= Number.POSITIVE_INFINITY) walk(outline, text, contents, rootType === MAP, symbols);
  else walkTop(outline, text, contents, rootType === MAP, symbols, depth);
  return outline;
}

/** Adds an entry for a pair or a list item (its flags as `pairFlags` gives them). */
function addEntry(outline: DocumentOutline, text: string, depth: number, flags: number, node: Tagged, map: boolean, index: number): void {
  let kind: SymbolKind;
  let name: string;
  let start: number;
  let selectionEnd: number;
  let end: number;
  let foldEnd: number;
  let detail: string | undefined;
  if (map) {
    const keyRange = (node.key as Tagged).range!;
    const value = node.value as Tagged | null;
    const type = value?.[NODE_TYPE];
    kind = type === MAP ? SymbolKind.Object : type === SEQ ? SymbolKind.Array : SymbolKind.Field;
    name = keyOf(node.key as Tagged) || '""';
    start = keyRange[0];
    selectionEnd = keyRange[1];
    end = value?.range ? value.range[1] : keyRange[1];
    foldEnd = flags & FOLDS ? Math.max(value!.range![1] - 1, start) : start;
    if (flags & IS_SYMBOL && type === SCALAR && value!.value !== null && value!.value !== undefined) detail = String(value!.value).slice(0, 60);
  } else {
    const itemName = node[NODE_TYPE] === MAP ? stringValue((node as unknown as YAMLMap).get('name', true)) : undefined;
    kind = SymbolKind.Object;
    name = itemName ? `- ${itemName}` : `[${index}]`;
    [start, end] = node.range!;
    selectionEnd = start;
    foldEnd = Math.max(end - 1, start);
  }
  outline.entries.push(depth, flags | (kind << KIND_SHIFT), start, trimEnd(text, start, selectionEnd), trimEnd(text, start, end), foldEnd);
  outline.names.push(name);
  outline.details.push(detail);
  if (flags & IS_SYMBOL) count(outline.symbolLevels, depth);
  if (flags & FOLDS) count(outline.foldingLevels, depth);
}

/** Counts an entry one level below those taken. */
function countEntry(outline: DocumentOutline, depth: number, flags: number): void {
  outline.complete = false;
  if (flags & IS_SYMBOL) count(outline.symbolLevels, depth);
  if (flags & FOLDS) count(outline.foldingLevels, depth);
}

/**
 * The whole outline, in document order (each entry followed by its descendants), iteratively so
 * that a deeply nested document cannot exhaust the stack: a frame per open map or list.
 */
function walk(outline: DocumentOutline, text: string, root: Tagged, rootIsMap: boolean, rootSymbols: boolean): void {
  const frames: { items: unknown[]; map: boolean; depth: number; symbols: boolean; next: number }[] = [{ items: root.items!, map: rootIsMap, depth: 1, symbols: rootSymbols, next: 0 }];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    if (frame.next >= frame.items.length) {
      frames.pop();
      continue;
    }
    const index = frame.next++;
    const node = frame.items[index] as Tagged | null;
    let child: Tagged | null;
    let flags: number;
    if (frame.map) {
      if (node?.[NODE_TYPE] !== PAIR) continue;
      flags = pairFlags(node, frame.symbols);
      if (flags !== 0) addEntry(outline, text, frame.depth, flags, node, true, index);
      child = node.value as Tagged | null;
    } else {
      if (!itemIsEntry(node)) continue;
      flags = (frame.symbols ? IS_SYMBOL : 0) | FOLDS;
      addEntry(outline, text, frame.depth, flags, node!, false, index);
      child = node;
    }
    const type = child?.[NODE_TYPE];
    // (A value under a key without a symbol, a complex key, still folds but is not in the outline.)
    if (type === MAP || type === SEQ) frames.push({ items: child!.items!, map: type === MAP, depth: frame.depth + 1, symbols: (flags & IS_SYMBOL) !== 0, next: 0 });
  }
}

/** The outline's first `depth` levels (1 or 2: the top of a large file's documents), and the count of the next. */
function walkTop(outline: DocumentOutline, text: string, root: Tagged, rootIsMap: boolean, rootSymbols: boolean, depth: number): void {
  const visit = (items: unknown[], map: boolean, level: number, symbols: boolean) => {
    for (let index = 0; index < items.length; index++) {
      const node = items[index] as Tagged | null;
      let flags: number;
      let child: Tagged | null;
      if (map) {
        if (node?.[NODE_TYPE] !== PAIR) continue;
        flags = pairFlags(node, symbols);
        child = node.value as Tagged | null;
      } else {
        if (!itemIsEntry(node)) continue;
        flags = (symbols ? IS_SYMBOL : 0) | FOLDS;
        child = node;
      }
      const type = child?.[NODE_TYPE];
      if (level > depth) {
        countEntry(outline, level, flags);
        continue;
      }
      if (flags !== 0) addEntry(outline, text, level, flags, node!, map, index);
      if (type === MAP || type === SEQ) visit(child!.items!, type === MAP, level + 1, (flags & IS_SYMBOL) !== 0);
    }
  };
  visit(root.items!, rootIsMap, 1, rootSymbols);
}
