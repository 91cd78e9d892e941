import { Document, Node, Pair, isMap, isScalar, isSeq, stringify } from 'yaml';
import { indentUnit } from '../validation/whitespace';
import { parseManifest } from '../yaml/documents';
import { PathSegment, getNodeAt, keyText, resolveAlias } from '../yaml/nodes';

/**
 * Edits one YAML document the way a careful person would: it finds what to change through the
 * parsed document (positions of keys and values), then changes only those characters. Comments,
 * key order, quoting and formatting of everything else stay exactly as written; new content is
 * rendered by the yaml library (so strings that YAML 1.1 would misread get quoted) and indented
 * like the rest of the document. After each operation the text is parsed again, so operations
 * compose.
 */
export class DocumentEditor {
  private current: string;
  private parsed!: Document.Parsed;
  private readonly unit: number;
  private readonly compactSequences: boolean;

  constructor(text: string) {
    this.current = text;
    this.reparse();
    this.unit = indentUnit(text);
    this.compactSequences = detectCompactSequences(this.parsed, text);
  }

  get text(): string {
    return this.current;
  }

  get document(): Document.Parsed {
    return this.parsed;
  }

  private reparse(): void {
    this.parsed = parseManifest(this.current);
  }

  private splice(start: number, end: number, replacement: string): void {
    this.current = this.current.slice(0, start) + replacement + this.current.slice(end);
    this.reparse();
  }

  node(path: readonly PathSegment[]): Node | undefined {
    return getNodeAt(this.parsed.contents, path, this.parsed);
  }

  has(path: readonly PathSegment[]): boolean {
    return this.node(path) !== undefined || this.pair(path) !== undefined;
  }

  /** The pair at `path` (whose last segment is a key). */
  pair(path: readonly PathSegment[]): Pair | undefined {
    const key = path[path.length - 1];
    if (typeof key !== 'string') return undefined;
    const map = this.node(path.slice(0, -1));
    if (!isMap(map)) return undefined;
    return map.items.find((item) => keyText(item) === key);
  }

  /** Column of a node's first character. */
  private columnOf(offset: number): number {
    return offset - (this.current.lastIndexOf('\n', offset - 1) + 1);
  }

  private lineEndAfter(offset: number): number {
    // A block value's range may end at the start of the next line: step back onto its last line.
    let at = offset;
    if (at > 0 && this.current[at - 1] === '\n') at--;
    const end = this.current.indexOf('\n', at);
    return end < 0 ? this.current.length : end;
  }

  private render(value: unknown, indent: number): string[] {
    const text = stringify(value, { version: '1.1', indent: this.unit, indentSeq: !this.compactSequences, lineWidth: 0 }).replace(/\n$/, '');
    return text.split('\n').map((line) => ' '.repeat(indent) + line);
  }

  private renderScalar(value: unknown): string {
    return stringify(value, { version: '1.1', lineWidth: 0 }).replace(/\n$/, '');
  }

  /** Text for `key: value` placed at column `indent` (a multi-line block when value is a collection). */
  private renderPair(key: string, value: unknown, indent: number): string {
    const keyPart = ' '.repeat(indent) + this.renderScalar(key);
    if (value !== null && typeof value === 'object' && !(Array.isArray(value) && value.length === 0) && Object.keys(value).length > 0) {
      const childIndent = Array.isArray(value) && this.compactSequences ? indent : indent + this.unit;
      return `${keyPart}:\n${this.render(value, childIndent).join('\n')}`;
    }
    return `${keyPart}: ${this.renderScalar(value)}`;
  }

  /** Sets the value at `path`, creating missing parent objects. */
  set(path: readonly PathSegment[], value: unknown): void {
    const existing = this.pair(path);
    if (existing) {
      const node = existing.value as Node | null;
      if (node && isScalar(node) && (value === null || typeof value !== 'object') && node.range) {
        this.splice(node.range[0], node.range[1], this.renderScalar(value));
        return;
      }
      this.removeKey(path.slice(0, -1), path[path.length - 1] as string);
    } else if (typeof path[path.length - 1] === 'number') {
      const node = this.node(path);
      if (node && isScalar(node) && node.range) this.splice(node.range[0], node.range[1], this.renderScalar(value));
      return;
    }
    this.insertPair(path.slice(0, -1), path[path.length - 1] as string, value);
  }

  /** Makes sure an object exists at `path` (creating it and its parents as needed). */
  ensureMap(path: readonly PathSegment[]): void {
    if (path.length === 0) return;
    const node = this.node(path);
    if (isMap(node)) return;
    const pair = this.pair(path);
    if (pair && pair.value !== null && !(isScalar(pair.value) && pair.value.value === null)) return; // something else is there
    if (!pair) {
      this.ensureMap(path.slice(0, -1));
      this.insertPair(path.slice(0, -1), path[path.length - 1] as string, {});
    }
  }

  /**
   * Adds `key: value` to the object at `mapPath` (after its last entry, or before the first of
   * `before` that exists). The object is created if missing.
   */
  insertPair(mapPath: readonly PathSegment[], key: string, value: unknown, options: { before?: string[] } = {}): void {
    const holder = mapPath.length > 0 ? this.pair(mapPath) : undefined;
    const held = holder?.value as Node | null | undefined;
    const emptyValue = holder && (held === null || (isScalar(held) && held.value === null) || (isMap(held) && held.flow && held.items.length === 0));
    if (holder && emptyValue) {
      // `key:` with no value (or `{}`): the new pair goes on the next line, one level deeper.
      const keyNode = holder.key as Node;
      const column = this.columnOf(keyNode.range![0]);
      const lineEnd = this.lineEndAfter(held?.range ? held.range[1] : keyNode.range![2]);
      const colon = this.current.indexOf(':', keyNode.range![1]);
      this.splice(colon + 1, lineEnd, `${this.trailingComment(colon + 1, lineEnd)}\n${this.renderPair(key, value, column + this.unit)}`);
      return;
    }
    if (mapPath.length > 0 && !holder && !isMap(this.node(mapPath))) {
      const last = mapPath[mapPath.length - 1];
      if (typeof last !== 'string') throw new Error(`no object at ${mapPath.join('.')}`);
      this.insertPair(mapPath.slice(0, -1), last, { [key]: value });
      return;
    }
    const map = this.node(mapPath);
    if (!isMap(map) || !map.range) throw new Error(`no object at ${mapPath.join('.')}`);

    if (map.flow) {
      this.rewriteFlow(map, { ...(resolveAlias(map, this.parsed)?.toJSON() as object), [key]: value });
      return;
    }
    const pairs = map.items;
    const firstKey = pairs[0]?.key as Node | undefined;
    const column = firstKey?.range ? this.columnOf(firstKey.range[0]) : this.columnOf(map.range[0]);
    const anchor = options.before?.map((name) => pairs.find((pair) => keyText(pair) === name)).find((pair) => pair);
    if (anchor && (anchor.key as Node).range) {
      const lineStart = this.current.lastIndexOf('\n', (anchor.key as Node).range![0] - 1) + 1;
      // Keep comment lines directly above the anchor attached to it.
      let insertAt = lineStart;
      while (insertAt > 0) {
        const prevStart = this.current.lastIndexOf('\n', insertAt - 2) + 1;
        if (!/^\s*#/.test(this.current.slice(prevStart, insertAt - 1))) break;
        insertAt = prevStart;
      }
      this.splice(insertAt, insertAt, `${this.renderPair(key, value, column)}\n`);
      return;
    }
    const last = pairs[pairs.length - 1];
    const lastNode = (last?.value as Node | null) ?? (last?.key as Node | null);
    const end = lastNode?.range ? lastNode.range[1] : map.range[1];
    const lineEnd = this.lineEndAfter(end);
    this.splice(lineEnd, lineEnd, `\n${this.renderPair(key, value, column)}`);
  }

  /** A `# comment` between two offsets of one line, to keep when the line is rewritten. */
  private trailingComment(from: number, to: number): string {
    const match = /\s#.*$/.exec(this.current.slice(from, to));
    return match ? ` ${match[0].trim()}` : '';
  }

  private rewriteFlow(node: Node, value: unknown): void {
    const text = stringify(value, { version: '1.1', lineWidth: 0, collectionStyle: 'flow', flowCollectionPadding: false }).replace(/\n$/, '');
    this.splice(node.range![0], node.range![1], text);
  }

  renameKey(mapPath: readonly PathSegment[], from: string, to: string): void {
    const map = this.node(mapPath);
    if (!isMap(map)) return;
    const pair = map.items.find((item) => keyText(item) === from);
    const keyNode = pair?.key as Node | undefined;
    if (keyNode?.range) this.splice(keyNode.range[0], keyNode.range[1], this.renderScalar(to));
  }

  /** Removes `key` (and its whole value) from the object at `mapPath`. Returns the removed text. */
  removeKey(mapPath: readonly PathSegment[], key: string): string | undefined {
    const map = this.node(mapPath);
    if (!isMap(map)) return undefined;
    const index = map.items.findIndex((item) => keyText(item) === key);
    if (index < 0) return undefined;
    const pair = map.items[index];
    const keyNode = pair.key as Node;
    if (map.flow) {
      const value = { ...(map.toJSON() as object) } as Record<string, unknown>;
      delete value[key];
      this.rewriteFlow(map, value);
      return undefined;
    }
    const start = this.current.lastIndexOf('\n', keyNode.range![0] - 1) + 1;
    const nextKey = map.items[index + 1]?.key as Node | undefined;
    if (index === 0 && nextKey?.range && /^\s*-\s+$/.test(this.current.slice(start, keyNode.range![0]))) {
      // The first key of a list item (`- key: v`): the dash stays, the next key moves up to it,
      // and a comment at the end of the removed line moves along to the end of that line.
      const at = keyNode.range![0];
      const removed = this.current.slice(at, nextKey.range[0]);
      const firstLineEnd = removed.indexOf('\n');
      const comment = firstLineEnd < 0 ? undefined : /\s(#.*)$/.exec(removed.slice(0, firstLineEnd))?.[1];
      this.splice(at, nextKey.range[0], '');
      if (comment) {
        const lineEnd = this.lineEndAfter(at + 1);
        if (!/\s#/.test(this.current.slice(at, lineEnd))) this.splice(lineEnd, lineEnd, ` ${comment}`);
      }
      return removed;
    }
    const valueNode = pair.value as Node | null;
    const end = this.lineEndAfter(valueNode?.range ? valueNode.range[1] : keyNode.range![2]);
    const removed = this.current.slice(start, end);
    if (map.items.length === 1 && start === this.current.lastIndexOf('\n', map.range![0] - 1) + 1 && mapPath.length > 0) {
      // The only entry, and it starts the object's line: leave an empty object behind.
      this.splice(map.range![0], end, '{}');
      return removed;
    }
    this.splice(start, Math.min(end + 1, this.current.length), '');
    return removed;
  }

  /** Appends an item to the list at `seqPath` (the list is created if missing). */
  appendItem(seqPath: readonly PathSegment[], value: unknown): void {
    const seq = this.node(seqPath);
    if (!isSeq(seq)) {
      this.set(seqPath, [value]);
      return;
    }
    if (seq.flow || !seq.range) {
      this.rewriteFlow(seq, [...(seq.toJSON() as unknown[]), value]);
      return;
    }
    const first = seq.items[0] as Node | undefined;
    const column = first?.range ? this.columnOf(this.current.lastIndexOf('-', first.range[0])) : this.columnOf(seq.range[0]);
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    const lineEnd = this.lineEndAfter(last?.range ? last.range[1] : seq.range[1]);
    this.splice(lineEnd, lineEnd, `\n${this.render([value], column).join('\n')}`);
  }

  /**
   * Removes item `index` of the block list at `seqPath` with its lines (comment lines above it
   * stay; a comment at the end of its last line goes with it). Returns whether it was removed.
   */
  removeItem(seqPath: readonly PathSegment[], index: number): boolean {
    const seq = this.node(seqPath);
    if (!isSeq(seq) || index < 0 || index >= seq.items.length) return false;
    if (seq.flow) {
      this.rewriteFlow(seq, (seq.toJSON() as unknown[]).filter((_, i) => i !== index));
      return true;
    }
    const item = seq.items[index] as Node | undefined;
    if (!item?.range) return false;
    const dash = this.current.lastIndexOf('-', item.range[0]);
    if (dash < 0) return false;
    const start = this.current.lastIndexOf('\n', dash - 1) + 1;
    if (this.current.slice(start, dash).trim() !== '') return false; // `- - x` and the like: leave it to a person
    const end = this.lineEndAfter(item.range[1]);
    this.splice(start, Math.min(end + 1, this.current.length), '');
    return true;
  }

  /** Replaces a scalar value in place (keeps the rest of the line, comments included). */
  replaceScalar(path: readonly PathSegment[], value: unknown): void {
    const node = this.node(path);
    if (node && isScalar(node) && node.range) this.splice(node.range[0], node.range[1], this.renderScalar(value));
  }
}

/**
 * Whether the document writes list items at the same column as their parent key
 * (`containers:` / `- name: x`), as kubectl and most Kubernetes docs do.
 */
function detectCompactSequences(doc: Document.Parsed, text: string): boolean {
  let compact: boolean | undefined;
  const visit = (node: unknown): void => {
    if (compact !== undefined) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (isSeq(value) && !value.flow && value.items.length > 0 && keyNode?.range) {
          const keyColumn = keyNode.range[0] - (text.lastIndexOf('\n', keyNode.range[0] - 1) + 1);
          const dash = text.lastIndexOf('-', (value.items[0] as Node).range![0]);
          const dashColumn = dash - (text.lastIndexOf('\n', dash - 1) + 1);
          compact = dashColumn === keyColumn;
          return;
        }
        visit(value);
      }
    } else if (isSeq(node)) {
      node.items.forEach(visit);
    }
  };
  visit(doc.contents);
  return compact ?? true;
}

/** One minimal edit turning `before` into `after`: the changed middle, common ends kept. */
export function minimalChange(before: string, after: string): { start: number; end: number; text: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}
