import { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isPair, isScalar, isSeq, stringify } from 'yaml';
import { indentUnit } from '../validation/whitespace';
import { workMeter } from '../work';
import { parseStructure, reparseStructure } from '../yaml/documents';
import { PathSegment, getNodeAt, keyText, plainValue } from '../yaml/nodes';

/**
 * Edits one YAML document the way a careful person would: it finds what to change through the
 * parsed document (positions of keys and values), then changes only those characters. Comments,
 * key order, quoting and formatting of everything else stay exactly as written; new content is
 * rendered by the yaml library (so strings that YAML 1.1 would misread get quoted) and indented
 * like the rest of the document. After each operation the text is parsed again, so operations
 * compose.
 *
 * New content takes the style of where it goes: block YAML in a block collection; inside a flow
 * collection (`{...}`, `[...]`), flow syntax written in place next to the other entries — JSON
 * (quoted keys, JSON values, one entry per line when the others are) in a JSON manifest or a
 * collection whose keys are double-quoted, so a JSON file stays JSON. A flow collection is never
 * rewritten as a whole: its comments, aliases and other entries stay as they are.
 */
export class DocumentEditor {
  private current: string;
  private parsed!: Document.Parsed;
  private readonly unit: number;
  private readonly compactSequences: boolean;
  /** Whether the document is JSON: everything it gets is written as JSON. */
  private readonly json: boolean;

  constructor(text: string) {
    this.current = text;
    this.reparse();
    this.unit = indentUnit(text);
    this.compactSequences = detectCompactSequences(this.parsed, text);
    this.json = isJsonDocument(text);
  }

  get text(): string {
    return this.current;
  }

  get document(): Document.Parsed {
    return this.parsed;
  }

  /** The editor's state, to go back to (an operation that failed half-way). */
  save(): { text: string } {
    return { text: this.current };
  }

  restore(state: { text: string }): void {
    if (state.text === this.current) return;
    this.current = state.text;
    // (The tree is updated in place by each change: the saved text is parsed again.)
    this.reparse();
  }

  private reparse(): void {
    // Positions and structure are all an edit needs (comments stay in the text): the fast parser
    // reads most documents, the library the rest.
    this.parsed = parseStructure(this.current);
    workMeter.steps += this.current.length;
  }

  private splice(start: number, end: number, replacement: string): void {
    this.current = this.current.slice(0, start) + replacement + this.current.slice(end);
    // Only what the change touched is read again (the tree is updated in place where it can be).
    this.parsed = reparseStructure(this.parsed, this.current, start, end, start + replacement.length);
    workMeter.steps += this.current.length;
  }

  node(path: readonly PathSegment[]): Node | undefined {
    return getNodeAt(this.parsed.contents, path, this.parsed);
  }

  /** The plain value at `path` (aliases followed, merge keys applied), undefined when absent. */
  value(path: readonly PathSegment[]): unknown {
    const node = this.node(path);
    return node === undefined ? undefined : plainValue(node, this.parsed);
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

  /** The indentation (spaces) of the line holding `offset`. */
  private lineIndentAt(offset: number): number {
    const start = this.current.lastIndexOf('\n', offset - 1) + 1;
    let at = start;
    while (this.current[at] === ' ') at++;
    return at - start;
  }

  private lineEndAfter(offset: number): number {
    // A block value's range may end at the start of the next line: step back onto its last line.
    let at = offset;
    if (at > 0 && this.current[at - 1] === '\n') at--;
    const end = this.current.indexOf('\n', at);
    return end < 0 ? this.current.length : end;
  }

  private sameLine(a: number, b: number): boolean {
    const [from, to] = a < b ? [a, b] : [b, a];
    return !this.current.slice(from, to).includes('\n');
  }

  // ---- rendering -------------------------------------------------------------------------

  private render(value: unknown, indent: number): string[] {
    const text = rendered(value, `block ${this.unit} ${this.compactSequences}`, () => stringify(value, { version: '1.1', indent: this.unit, indentSeq: !this.compactSequences, lineWidth: 0 }));
    return text.split('\n').map((line) => ' '.repeat(indent) + line);
  }

  private renderScalar(value: unknown): string {
    return rendered(value, 'scalar', () => stringify(value, { version: '1.1', lineWidth: 0 }));
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

  /** Whether entries of a flow collection are written as JSON (a JSON document, or double-quoted keys). */
  private jsonStyle(collection: YAMLMap | YAMLSeq): boolean {
    if (this.json) return true;
    if (!isMap(collection) || collection.items.length === 0) return false;
    return collection.items.every((pair) => isScalar(pair.key) && pair.key.type === 'QUOTE_DOUBLE');
  }

  /**
   * A value written in flow style: JSON, or YAML flow on one line. With `indent`, a JSON
   * collection is laid out one entry per line, its lines indented from that column.
   */
  private renderFlow(value: unknown, json: boolean, indent?: number): string {
    if (json) {
      if (indent === undefined) return inlineJson(value, /[,:] "/.test(this.current));
      return JSON.stringify(value, null, this.unit).split('\n').join(`\n${' '.repeat(indent)}`);
    }
    // (Rendered inside a list, so a scalar gets the quotes a flow context needs: `a,b` is not plain there.)
    const text = rendered(value, 'flow', () => stringify([value], { version: '1.1', lineWidth: 0, collectionStyle: 'flow', flowCollectionPadding: false }));
    return text.slice(1, -1);
  }

  private renderFlowKey(key: string, json: boolean): string {
    return json ? JSON.stringify(key) : this.renderFlow(key, false);
  }

  /** A scalar written over the one at `node`, in its context's style. */
  private renderScalarFor(node: Scalar, value: unknown): string {
    if (this.json || node.type === 'QUOTE_DOUBLE' && typeof value === 'string') return JSON.stringify(value);
    return this.inFlow(node) ? this.renderFlow(value, false) : this.renderScalar(value);
  }

  /** Whether a node sits inside a flow collection (its parent, found by position). */
  private inFlow(node: Node): boolean {
    const at = node.range?.[0];
    if (at === undefined) return false;
    let flow = false;
    const visit = (current: unknown): void => {
      const range = (current as Node | null)?.range;
      if (!range || at < range[0] || at >= range[1]) return;
      if ((isMap(current) || isSeq(current)) && current !== node) {
        if (current.flow) flow = true;
        for (const item of current.items) {
          if (isPair(item)) {
            visit(item.key);
            visit(item.value);
          } else {
            visit(item);
          }
        }
      }
    };
    visit(this.parsed.contents);
    return flow;
  }

  /** Replaces a scalar node, keeping what follows it (a block scalar's range holds its line break). */
  private replaceScalarNode(node: Scalar, value: unknown): void {
    const [start, end] = node.range!;
    let stop = end;
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      while (stop > start && /\s/.test(this.current[stop - 1])) stop--;
    }
    this.splice(start, stop, this.renderScalarFor(node, value));
  }

  // ---- operations ------------------------------------------------------------------------

  /** Sets the value at `path`, creating missing parent objects. */
  set(path: readonly PathSegment[], value: unknown): void {
    const existing = this.pair(path);
    if (existing) {
      const node = existing.value as Node | null;
      const scalarValue = value === null || typeof value !== 'object';
      if (node && isScalar(node) && scalarValue && node.range) {
        this.replaceScalarNode(node, value);
        return;
      }
      if (node?.range && this.inFlow(node)) {
        // In a flow collection the value is replaced where it is.
        const json = this.json || (isScalar(existing.key) && existing.key.type === 'QUOTE_DOUBLE');
        this.splice(node.range[0], node.range[1], this.renderFlow(value, json));
        return;
      }
      this.removeKey(path.slice(0, -1), path[path.length - 1] as string);
    } else if (typeof path[path.length - 1] === 'number') {
      const node = this.node(path);
      if (node && isScalar(node) && node.range) this.replaceScalarNode(node, value);
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
    const emptyValue = holder && (held === null || held === undefined || (isScalar(held) && held.value === null));
    if (holder && emptyValue && held?.range && this.inFlow(held)) {
      // `"metadata": null` in a flow map: the null becomes a one-entry map, in its style.
      const json = this.json || (isScalar(holder.key) && holder.key.type === 'QUOTE_DOUBLE');
      this.splice(held.range[0], held.range[1], this.renderFlow({ [key]: value }, json));
      return;
    }
    if (holder && (emptyValue || (isMap(held) && held.flow && held.items.length === 0 && !this.inFlow(held) && !this.json))) {
      // `key:` with no value (or `{}` in block style): the new pair goes on the next line, one level deeper.
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
      const json = this.jsonStyle(map);
      this.insertIntoFlow(map, `${this.renderFlowKey(key, json)}: `, value, json);
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
      if (this.current.slice(lineStart, (anchor.key as Node).range![0]).trim() === '') {
        this.splice(insertAt, insertAt, `${this.renderPair(key, value, column)}\n`);
        return;
      }
    }
    const last = pairs[pairs.length - 1];
    const lastNode = (last?.value as Node | null) ?? (last?.key as Node | null);
    const end = lastNode?.range ? lastNode.range[1] : map.range[1];
    const lineEnd = this.lineEndAfter(end);
    this.splice(lineEnd, lineEnd, `\n${this.renderPair(key, value, column)}`);
  }

  /**
   * Adds an entry to a flow collection, after its last one: on the same line (`, entry`), or on a
   * line of its own, indented as the others, when they each have one.
   */
  private insertIntoFlow(collection: YAMLMap | YAMLSeq, prefix: string, value: unknown, json: boolean): void {
    const [open, end] = collection.range!;
    const close = end - 1;
    const items = collection.items as (Pair | Node | null)[];
    const itemStart = (item: Pair | Node | null) => ((isPair(item) ? item.key : item) as Node | null)?.range?.[0];
    const itemEnd = (item: Pair | Node | null) => {
      const node = (isPair(item) ? (item.value ?? item.key) : item) as Node | null;
      return node?.range?.[1];
    };
    const first = items.length > 0 ? itemStart(items[0]) : undefined;
    const multiline = first !== undefined ? !this.sameLine(open, first) : !this.sameLine(open, close);
    if (items.length === 0 || first === undefined) {
      const lineIndent = this.lineIndentAt(open);
      // An empty JSON object or list gets one entry per line where its own entry stands on a line
      // of its own (its siblings are laid out so), and stays on one line inside a one-line collection.
      const before = this.current.slice(this.current.lastIndexOf('\n', open - 1) + 1, open);
      const ownLine = /^\s*(?:"(?:[^"\\]|\\.)*"\s*:\s*)?$/.test(before);
      if (multiline || (json && this.json && ownLine && !this.sameLine(0, this.current.length - 1))) {
        const indent = lineIndent + this.unit;
        const entry = `${prefix}${this.renderFlow(value, json, json ? indent : undefined)}`;
        this.splice(open + 1, close, `\n${' '.repeat(indent)}${entry}\n${' '.repeat(lineIndent)}`);
      } else {
        this.splice(open + 1, close, `${prefix}${this.renderFlow(value, json)}`);
      }
      return;
    }
    const lastEnd = itemEnd(items[items.length - 1]) ?? close;
    if (multiline) {
      const indent = this.columnOf(first);
      this.splice(lastEnd, lastEnd, `,\n${' '.repeat(indent)}${prefix}${this.renderFlow(value, json, json ? indent : undefined)}`);
    } else {
      this.splice(lastEnd, lastEnd, `, ${prefix}${this.renderFlow(value, json)}`);
    }
  }

  /**
   * Removes an entry of a flow collection (`start`..`end`) and one comma next to it; the line it
   * leaves empty goes too. Comments stay.
   */
  private removeFromFlow(collection: YAMLMap | YAMLSeq, index: number, start: number, end: number): void {
    const items = collection.items as (Pair | Node | null)[];
    let from = start;
    let to = end;
    const skipSpace = (at: number) => {
      while (at < this.current.length && /[ \t\r\n]/.test(this.current[at])) at++;
      return at;
    };
    const after = skipSpace(to);
    if (this.current[after] === ',') {
      to = after + 1;
    } else if (index > 0) {
      // The last entry: the comma before it goes.
      let before = from - 1;
      while (before > 0 && /[ \t\r\n]/.test(this.current[before])) before--;
      if (this.current[before] === ',') from = before;
    }
    // Spaces after the comma on the same line go too, unless a comment follows.
    while (to < this.current.length && this.current[to] === ' ') to++;
    if (this.current[to] === '#') to = Math.max(to - 1, end);
    const lineStart = this.current.lastIndexOf('\n', from - 1) + 1;
    const lineEnd = this.current.indexOf('\n', to);
    const rest = this.current.slice(lineStart, from) + this.current.slice(to, lineEnd < 0 ? this.current.length : lineEnd);
    if (items.length > 1 && rest.trim() === '' && lineEnd >= 0) {
      this.splice(lineStart, lineEnd + 1, '');
      return;
    }
    this.splice(from, to, '');
  }

  /** A `# comment` between two offsets of one line, to keep when the line is rewritten. */
  private trailingComment(from: number, to: number): string {
    const match = /\s#.*$/.exec(this.current.slice(from, to));
    return match ? ` ${match[0].trim()}` : '';
  }

  renameKey(mapPath: readonly PathSegment[], from: string, to: string): void {
    const map = this.node(mapPath);
    if (!isMap(map)) return;
    const pair = map.items.find((item) => keyText(item) === from);
    const keyNode = pair?.key as Node | undefined;
    if (keyNode?.range && isScalar(keyNode)) this.splice(keyNode.range[0], keyNode.range[1], this.renderScalarFor(keyNode, to));
  }

  /** Removes `key` (and its whole value) from the object at `mapPath`. Returns the removed text. */
  removeKey(mapPath: readonly PathSegment[], key: string): string | undefined {
    const map = this.node(mapPath);
    if (!isMap(map)) return undefined;
    const index = map.items.findIndex((item) => keyText(item) === key);
    if (index < 0) return undefined;
    const pair = map.items[index];
    const keyNode = pair.key as Node;
    const valueNode = pair.value as Node | null;
    if (map.flow) {
      const start = keyNode.range![0];
      const end = valueNode?.range ? valueNode.range[1] : keyNode.range![1];
      const removed = this.current.slice(start, end);
      this.removeFromFlow(map, index, start, end);
      return removed;
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
    const end = this.lineEndAfter(valueNode?.range ? valueNode.range[1] : keyNode.range![2]);
    const removed = this.current.slice(start, end);
    if (map.items.length === 1 && start === this.current.lastIndexOf('\n', map.range![0] - 1) + 1 && mapPath.length > 0) {
      // The only entry, and it starts the object's line: leave an empty object behind, on its
      // key's line (`b: {}`) when the object is a key's value.
      let from = map.range![0];
      let at = from - 1;
      while (at >= 0 && /\s/.test(this.current[at])) at--;
      if (this.current[at] === ':' && !this.current.slice(at + 1, from).includes('#')) from = at + 1;
      this.splice(from, end, from === map.range![0] ? '{}' : ' {}');
      return removed;
    }
    this.splice(start, Math.min(end + 1, this.current.length), '');
    return removed;
  }

  /**
   * Moves `key` from the object at `from` to the object at `to` (created if missing). Between block
   * objects its text moves as written, re-indented (comments, anchors and quoting kept); otherwise
   * its value is written anew in the target's style.
   */
  moveKey(from: readonly PathSegment[], key: string, to: readonly PathSegment[]): void {
    const source = this.node(from);
    const target = this.node(to);
    const pair = isMap(source) ? source.items.find((item) => keyText(item) === key) : undefined;
    if (!pair || !isMap(source)) return;
    const keyNode = pair.key as Node;
    const valueNode = pair.value as Node | null;
    const lastTarget = isMap(target) ? target.items[target.items.length - 1] : undefined;
    const lastTargetNode = (lastTarget?.value as Node | null) ?? (lastTarget?.key as Node | null);
    const verbatim = !source.flow && isMap(target) && !target.flow && lastTargetNode?.range && keyNode.range
      && !(keyNode.range[0] <= target.range![0] && target.range![1] <= (valueNode?.range?.[1] ?? keyNode.range[1]));
    if (!verbatim) {
      const value = valueNode ? plainValue(valueNode, this.parsed) ?? null : null;
      this.removeKey(from, key);
      const last = to[to.length - 1];
      if (typeof last === 'number' && !this.node(to)) this.set(to.slice(0, -1), [{ [key]: value }]);
      else this.insertPair(to, key, value);
      return;
    }
    // The pair's lines, from its key to the end of its value, re-indented to the target's column.
    const keyColumn = this.columnOf(keyNode.range![0]);
    const end = this.lineEndAfter(valueNode?.range ? valueNode.range[1] : keyNode.range![2]);
    const lines = this.current.slice(keyNode.range![0], end).split('\n');
    const firstTargetKey = (target as YAMLMap).items[0].key as Node;
    const targetColumn = this.columnOf(firstTargetKey.range![0]);
    const shift = targetColumn - keyColumn;
    const moved = lines.map((line, i) => {
      if (i === 0) return ' '.repeat(targetColumn) + line;
      if (shift >= 0) return line.trim() === '' ? line : ' '.repeat(shift) + line;
      const cut = Math.min(-shift, /^ */.exec(line)![0].length);
      return line.slice(cut);
    }).join('\n');
    // Insert first (where the target ends), then remove the original (found again after the insert).
    const insertAt = this.lineEndAfter(lastTargetNode!.range![1]);
    const removeFirst = insertAt > keyNode.range![0];
    if (removeFirst) {
      const before = this.current.length;
      this.removeKey(from, key);
      const delta = this.current.length - before;
      const at = insertAt + delta;
      this.splice(at, at, `\n${moved}`);
    } else {
      this.splice(insertAt, insertAt, `\n${moved}`);
      this.removeKey(from, key);
    }
  }

  /** Appends an item to the list at `seqPath` (the list is created if missing). */
  appendItem(seqPath: readonly PathSegment[], value: unknown): void {
    const seq = this.node(seqPath);
    if (!isSeq(seq)) {
      this.set(seqPath, [value]);
      return;
    }
    if (seq.flow || !seq.range) {
      this.insertIntoFlow(seq, '', value, this.jsonStyle(seq));
      return;
    }
    const first = seq.items[0] as Node | undefined;
    const column = first?.range ? this.columnOf(this.dashBefore(first.range[0])) : this.columnOf(seq.range[0]);
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    const lineEnd = this.lineEndAfter(last?.range ? last.range[1] : seq.range[1]);
    this.splice(lineEnd, lineEnd, `\n${this.render([value], column).join('\n')}`);
  }

  /** The `-` of the block list item starting at `offset` (props such as tags may stand between). */
  private dashBefore(offset: number): number {
    let at = offset - 1;
    // A list item's value may start on the dash's line or below it (after a tag or anchor).
    for (;;) {
      const dash = this.current.lastIndexOf('-', at);
      if (dash < 0) return offset;
      const after = this.current[dash + 1];
      const lineStart = this.current.lastIndexOf('\n', dash - 1) + 1;
      if ((after === ' ' || after === '\n' || after === '\r') && this.current.slice(lineStart, dash).trim() === '') return dash;
      at = dash - 1;
    }
  }

  /**
   * Removes item `index` of the list at `seqPath` with its lines (comment lines above it stay; a
   * comment at the end of its last line goes with it). Returns whether it was removed.
   */
  removeItem(seqPath: readonly PathSegment[], index: number): boolean {
    const seq = this.node(seqPath);
    if (!isSeq(seq) || index < 0 || index >= seq.items.length) return false;
    const item = seq.items[index] as Node | undefined;
    if (!item?.range) return false;
    if (seq.flow) {
      this.removeFromFlow(seq, index, item.range[0], item.range[1]);
      return true;
    }
    const dash = this.dashBefore(item.range[0]);
    if (dash === item.range[0] && this.current[dash] !== '-') return false;
    const start = this.current.lastIndexOf('\n', dash - 1) + 1;
    if (this.current.slice(start, dash).trim() !== '') return false; // `- - x` and the like: leave it to a person
    const end = this.lineEndAfter(item.range[1]);
    this.splice(start, Math.min(end + 1, this.current.length), '');
    return true;
  }

  /** Replaces a scalar value in place (keeps the rest of the line, comments included). */
  replaceScalar(path: readonly PathSegment[], value: unknown): void {
    const node = this.node(path);
    if (node && isScalar(node) && node.range) this.replaceScalarNode(node, value);
  }
}

/**
 * The yaml library's rendering of a value (its last line break dropped), kept by the value and
 * the style: fixes write the same few values (a security context, resource requests, a key name)
 * into thousands of documents, and the library builds a whole document to render each one. The
 * rendering depends on nothing else, so a kept one is the same text.
 */
const renderings = new Map<string, string>();
const MAX_RENDERINGS = 2000;

function rendered(value: unknown, style: string, render: () => string): string {
  const key = valueKey(value, 0);
  if (key === undefined) return render().replace(/\n$/, '');
  const full = `${style}|${key}`;
  let text = renderings.get(full);
  if (text === undefined) {
    text = render().replace(/\n$/, '');
    if (renderings.size >= MAX_RENDERINGS) renderings.clear();
    renderings.set(full, text);
  }
  return text;
}

/**
 * A key telling plain values apart exactly (types included: `1` and `"1"`, `0` and `-0`), or
 * undefined for what is not worth keeping or not plain data (large values, class instances,
 * functions, undefined inside a collection).
 */
function valueKey(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return value.length > 200 ? undefined : JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? 'n-0' : `n${value}`;
    case 'boolean':
      return value ? 't' : 'f';
    case 'object': {
      if (value === null) return 'z';
      if (depth > 8) return undefined;
      const parts: string[] = [];
      if (Array.isArray(value)) {
        if (value.length > 20) return undefined;
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) return undefined;
          const item = valueKey(value[i], depth + 1);
          if (item === undefined) return undefined;
          parts.push(item);
        }
        return `[${parts.join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      const keys = Object.keys(value);
      if (keys.length > 20 || Object.getOwnPropertySymbols(value).length > 0) return undefined;
      for (const name of keys) {
        const item = valueKey((value as Record<string, unknown>)[name], depth + 1);
        if (item === undefined) return undefined;
        parts.push(`${JSON.stringify(name)}:${item}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined;
  }
}

/** JSON on one line, with a space after `:` and `,` when the document writes them so. */
function inlineJson(value: unknown, spaced: boolean): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const [comma, colon] = spaced ? [', ', ': '] : [',', ':'];
  if (Array.isArray(value)) return `[${value.map((item) => inlineJson(item, spaced)).join(comma)}]`;
  return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}${colon}${inlineJson(item, spaced)}`).join(comma)}}`;
}

/**
 * Whether the document writes list items at the same column as their parent key
 * (`containers:` / `- name: x`), as kubectl and most Kubernetes docs do.
 */
function detectCompactSequences(doc: Document.Parsed, text: string): boolean {
  // (Iterative: the first block list under a key decides.)
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i];
        const keyNode = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (isSeq(value) && !value.flow && value.items.length > 0 && keyNode?.range && (value.items[0] as Node | null)?.range) {
          const keyColumn = keyNode.range[0] - (text.lastIndexOf('\n', keyNode.range[0] - 1) + 1);
          const dash = text.lastIndexOf('-', (value.items[0] as Node).range![0]);
          const dashColumn = dash - (text.lastIndexOf('\n', dash - 1) + 1);
          return dashColumn === keyColumn;
        }
      }
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i].value);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return true;
}

/** Whether a document's text is JSON (after an optional byte order mark and `---` line): edits must keep it JSON. */
export function isJsonDocument(text: string): boolean {
  const body = text.replace(/^\ufeff?(?:---[^\n]*\n)?\s*/, '');
  if (body[0] !== '{' && body[0] !== '[') return false;
  try {
    JSON.parse(text.replace(/^\ufeff?(?:---[^\n]*\n)?/, ''));
    return true;
  } catch {
    return false;
  }
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
