import { Document, Node, isMap, isPair, isScalar, isSeq } from 'yaml';
import { SymbolKind } from 'vscode-languageserver-types';
import { keyText, stringValue } from '../yaml/nodes';

/**
 * The outline of one YAML document, taken from its syntax tree while the tree is at hand (when
 * the document is analyzed) and kept with the document's cache entry: the outline, breadcrumbs,
 * sticky scroll and folding of a file are then made from these without parsing anything again.
 *
 * Plain data with offsets relative to the document's text (so it stays true when the document
 * moves in the file): one entry per key and per list item that is a map or a list, in document
 * order, each with its nesting depth.
 */
export interface DocumentOutline {
  /** Where the document's content ends (its trailing whitespace left out). */
  contentEnd: number;
  /** The selection of the document's symbol: the `kind` value, else the whole root node; absent when the document is empty. */
  root?: { start: number; end: number };
  /** `FIELDS` numbers per entry: depth, flags and symbol kind, start, selection end, end, folding end. */
  entries: number[];
  /** Entry names: the key, `- <name>` or `[<index>]` for a list item. */
  names: string[];
  /** Entry details (a scalar value, at most 60 characters), by entry index. */
  details: Map<number, string>;
  /** How many entries give a symbol, by depth (index 0: depth 1, the document's top-level keys). */
  symbolLevels: number[];
  /** How many entries give a folding range, by depth. */
  foldingLevels: number[];
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

export function outlineOf(doc: Document, text: string): DocumentOutline {
  const outline: DocumentOutline = { contentEnd: trimEnd(text, 0, text.length), entries: [], names: [], details: new Map(), symbolLevels: [], foldingLevels: [] };
  const contents = doc.contents as Node | null;
  if (!contents) return outline;
  if (contents.range) {
    const kindPair = isMap(contents) ? contents.items.find((pair) => isPair(pair) && keyText(pair) === 'kind') : undefined;
    const selection = (kindPair?.value as Node | undefined)?.range ?? contents.range;
    outline.root = { start: selection[0], end: trimEnd(text, selection[0], selection[1]) };
  }
  const { entries, names, details, symbolLevels, foldingLevels } = outline;
  const add = (depth: number, symbol: boolean, folds: boolean, kind: SymbolKind, name: string, start: number, selectionEnd: number, end: number, foldEnd: number) => {
    const index = names.length;
    entries.push(depth, (symbol ? IS_SYMBOL : 0) | (folds ? FOLDS : 0) | (kind << KIND_SHIFT), start, trimEnd(text, start, selectionEnd), trimEnd(text, start, end), foldEnd);
    names.push(name);
    if (symbol) count(symbolLevels, depth);
    if (folds) count(foldingLevels, depth);
    return index;
  };
  // In document order (each entry followed by its descendants), iteratively, so that a deeply
  // nested document cannot exhaust the stack: a frame per open map or list, with its next item.
  const frames: { node: Node; depth: number; symbols: boolean; next: number }[] = [];
  if (isMap(contents) || isSeq(contents)) frames.push({ node: contents, depth: 1, symbols: contents.range !== undefined, next: 0 });
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    const { node, depth, symbols } = frame;
    const items = (node as { items: unknown[] }).items;
    if (frame.next >= items.length) {
      frames.pop();
      continue;
    }
    const index = frame.next++;
    let child: Node | null = null;
    let childSymbols = false;
    if (isMap(node)) {
      const pair = items[index];
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const value = pair.value as Node | null;
      const key = keyText(pair);
      const symbol = symbols && key !== undefined && keyNode?.range != null;
      const folds = keyNode?.range != null && value?.range != null
        && (isMap(value) || isSeq(value) || (isScalar(value) && (value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED')));
      if (symbol || folds) {
        const start = keyNode!.range![0];
        const kind = isMap(value) ? SymbolKind.Object : isSeq(value) ? SymbolKind.Array : SymbolKind.Field;
        const end = value?.range ? value.range[1] : keyNode!.range![1];
        const at = add(depth, symbol, folds, kind, key || '""', start, keyNode!.range![1], end, folds ? Math.max(value!.range![1] - 1, start) : start);
        if (symbol && isScalar(value) && value.value !== null && value.value !== undefined) details.set(at, String(value.value).slice(0, 60));
      }
      // A value under a key without a symbol (a complex key) still folds, but is not in the outline.
      child = value;
      childSymbols = symbol;
    } else {
      const itemNode = items[index] as Node | null;
      if (!itemNode?.range || !(isMap(itemNode) || isSeq(itemNode))) continue;
      const name = isMap(itemNode) ? stringValue(itemNode.get('name', true)) : undefined;
      const [start, end] = itemNode.range;
      add(depth, symbols, true, SymbolKind.Object, name ? `- ${name}` : `[${index}]`, start, start, end, Math.max(end - 1, start));
      child = itemNode;
      childSymbols = symbols;
    }
    if (isMap(child) || isSeq(child)) frames.push({ node: child, depth: depth + 1, symbols: childSymbols, next: 0 });
  }
  return outline;
}
