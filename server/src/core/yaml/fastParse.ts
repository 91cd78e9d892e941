import { Document, Pair, Scalar, Schema, YAMLMap, YAMLSeq } from 'yaml';
import { MAP, NODE_TYPE, PAIR, SCALAR, SEQ } from './nodes';
import { MAX_NESTING } from './limits';

/**
 * A fast path for the YAML that manifests are made of.
 *
 * Parsing is most of the time Kubesmith spends on a file, and the `yaml` library, made for every
 * corner of the YAML specification, is several times slower than the plain block style of
 * Kubernetes manifests needs. This parser reads only that style — block maps and lists, plain,
 * quoted and block scalars, one-line flow collections, comments — and builds the very same
 * syntax tree the library builds (same node classes, values, types and ranges), resolving
 * scalars with the library's own YAML 1.1 tags. Anything else (anchors, aliases, tags, multi-line
 * plain or quoted scalars, multi-line flow collections, tabs, odd whitespace, CRLF, errors of any
 * kind) makes it give up, and the library parses the document instead. A differential test
 * (test/unit/fastParse.test.ts) compares both on every manifest of the test corpus.
 */

/** Characters this parser leaves to the library: tabs, carriage returns, controls, odd spaces, byte order marks. */
// eslint-disable-next-line no-control-regex
const ODD_CHARACTERS = /[\t\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** Thrown to give up: one instance, made once (an Error per give-up would capture a stack trace each time). */
const GIVE_UP = Object.freeze({ giveUp: true });

/**
 * The library's node classes, made without their constructors. Each constructor tags the new
 * node with `Object.defineProperty` (its type, and a collection's schema), which costs more than
 * the rest of parsing a scalar; here the tag sits on a prototype shared by every node of its kind,
 * below the class's own. `isScalar`, `instanceof Scalar`, `clone()` and the rest work unchanged.
 */
const kindPrototype = (base: object, type: symbol, extra: PropertyDescriptorMap = {}) =>
  Object.create(base, { [NODE_TYPE]: { value: type }, ...extra }) as object;

class NodeFactory {
  private readonly scalarPrototype = kindPrototype(Scalar.prototype, SCALAR);
  private readonly pairPrototype = kindPrototype(Pair.prototype, PAIR);
  private readonly mapPrototype: object;
  private readonly seqPrototype: object;

  constructor(schema: Schema) {
    const schemaProperty = { schema: { value: schema, configurable: true, enumerable: false, writable: true } };
    this.mapPrototype = kindPrototype(YAMLMap.prototype, MAP, schemaProperty);
    this.seqPrototype = kindPrototype(YAMLSeq.prototype, SEQ, schemaProperty);
  }

  scalar(value: unknown): Scalar {
    const node = Object.create(this.scalarPrototype) as Scalar;
    node.value = value;
    return node;
  }

  pair(key: Scalar, value: Scalar | YAMLMap | YAMLSeq): Pair<Scalar, Scalar | YAMLMap | YAMLSeq> {
    const node = Object.create(this.pairPrototype) as Pair<Scalar, Scalar | YAMLMap | YAMLSeq>;
    node.key = key;
    node.value = value;
    return node;
  }

  map(): YAMLMap {
    const node = Object.create(this.mapPrototype) as YAMLMap;
    node.items = [];
    return node;
  }

  seq(): YAMLSeq {
    const node = Object.create(this.seqPrototype) as YAMLSeq;
    node.items = [];
    return node;
  }
}

function giveUp(): never {
  throw GIVE_UP;
}

interface ScalarTag {
  tag: string;
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (message: string) => void, options: object): unknown;
}

/**
 * The characters YAML 1.1 nulls (`~`, `null`), booleans (`yes`, `No`, `on`, `TRUE`...) and numbers
 * (`-1`, `+2`, `.5`, `.inf`, `0x1F`, and `e3`, which the library's float pattern accepts) start
 * with. `test/unit/fastParse.test.ts` checks that no other first character matches a tag.
 */
export const TAGGED_FIRST_CHARACTERS = new Set('~nNyYtTfFoOeE+-.0123456789'.split(''));

/**
 * A source starting with a letter other than `e`/`E` matches a tag only as one of YAML 1.1's null
 * and boolean words (`null`, `False`, `off`...), five letters at most: a longer one is a string
 * (`namespace`, `targetPort`). `test/unit/fastParse.test.ts` checks it against the tags.
 */
export const LONGEST_TAGGED_WORD = 5;

export function isWordStart(code: number): boolean {
  return ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) && code !== 69 && code !== 101;
}

/** Characters that cannot start a plain scalar (or would make it something else). */
const NOT_PLAIN_START = new Set(['&', '*', '!', '%', '@', '`', '|', '>', '\'', '"', '[', ']', '{', '}', ',', '#']);

export class FastParser {
  private readonly tags: ScalarTag[];
  private readonly stringTag: ScalarTag;
  /** YAML 1.1's merge key type (`<<`), which the library applies to plain `<<` keys. */
  private readonly mergeTag: ScalarTag | undefined;
  private readonly nodes: NodeFactory;
  private readonly documentOptions: object;
  /** Tag of each plain scalar source seen (keys and values repeat across manifests). */
  private readonly tagOf = new Map<string, ScalarTag>();
  private text = '';
  /** Start offset and end offset (of the line's content, without the newline) of each line. */
  private starts: number[] = [];
  private ends: number[] = [];
  /** Offset of the first character of each line that is not a space. */
  private contents: number[] = [];
  /**
   * What the last parseBlock/parseMap/parseSeq/parseValue call leaves besides its node (fields,
   * not a result object per value: the parser makes one call per key and value): the line after
   * it, and where the value's node ends. parseKey leaves the offset of its `:`.
   */
  private next = 0;
  private end = 0;
  private colon = 0;
  /** Set when a tag's resolve reports an error (through `onTagError`, one function for every scalar). */
  private tagFailed = false;
  /** Collections open around the one being read (deeper than MAX_NESTING: the library's job, and reader.ts declines it). */
  private depth = 0;
  /** Whether the last document parsed holds a merge key (`<<`). */
  sawMergeKey = false;
  /** The documents this parser made (without merge keys): what `reparseAfterEdit` may update. */
  private readonly made = new WeakSet<Document>();
  private readonly onTagError = () => {
    this.tagFailed = true;
  };

  constructor(schema: Schema, private readonly options: object) {
    this.nodes = new NodeFactory(schema);
    this.documentOptions = { ...options, schema };
    const tags = schema.tags as unknown as ScalarTag[];
    this.tags = tags.filter((tag) => tag.default === true && tag.test);
    const scalarKey = Object.getOwnPropertySymbols(schema).find((symbol) => symbol.description === 'yaml.scalar');
    this.mergeTag = tags.find((tag) => tag.tag === 'tag:yaml.org,2002:merge');
    this.stringTag = (scalarKey ? (schema as unknown as Record<symbol, ScalarTag>)[scalarKey] : undefined)
      ?? tags.find((tag) => tag.tag === 'tag:yaml.org,2002:str')!;
  }

  /** The parsed document, or undefined when the text needs the full parser. */
  parse(text: string): Document.Parsed | undefined {
    if (ODD_CHARACTERS.test(text)) return undefined;
    this.index(text);
    this.depth = 0;
    this.sawMergeKey = false;
    try {
      const doc = this.parseDocument();
      if (doc && !this.sawMergeKey) this.made.add(doc);
      return doc;
    } catch (error) {
      if (error === GIVE_UP) return undefined;
      throw error;
    }
  }

  /**
   * Reads a text's lines from the one holding `from` on (numbered from 0 there): where each starts,
   * ends, and has its first character that is not a space.
   */
  private index(text: string, from = 0): void {
    this.text = text;
    this.starts = [];
    this.ends = [];
    this.contents = [];
    for (let start = text.lastIndexOf('\n', from - 1) + 1; start <= text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let content = start;
      while (content < end && text.charCodeAt(content) === 32) content++;
      this.starts.push(start);
      this.ends.push(end);
      this.contents.push(content);
      if (end === text.length) break;
      start = end + 1;
    }
  }

  // ---- after an edit ----------------------------------------------------------------------

  /**
   * Updates `doc`, which this parser made from a text, in place into the parse of `text`: that
   * text with `start`..`oldEnd` replaced by what is now `start`..`newEnd`. Only the entries of the
   * block map or list around the change are read again, from the entry the change is in (the one
   * before it when the change touches that entry's first characters, which the entry before reads
   * to know where it ends; only the new entries when the change adds entries after the last one);
   * what follows keeps its nodes, moved by the change's length. The result is the tree
   * `parse(text)` builds: each entry of a block collection is read from its own lines and the
   * indentation and first characters of the next line with content (which a line added after the
   * last entry, at the collection's column and of its kind, does not change for it), and the
   * collection is read again up to where it ends now, which must be where it ended before plus the
   * change's length (otherwise the collection around it is tried). Returns false when it cannot
   * tell (a document the library parsed or with merge keys, text the library must read, a change
   * outside the entries of any block collection): the caller parses the whole text.
   * (test/property/treeCheck.ts compares both after every edit of the Harden, quick-fix and
   * property tests.)
   */
  reparseAfterEdit(doc: Document.Parsed, text: string, start: number, oldEnd: number, newEnd: number): boolean {
    if (!this.made.has(doc) || ODD_CHARACTERS.test(text.slice(start, newEnd))) return false;
    const delta = newEnd - oldEnd;
    this.text = text;
    // The block collections around the change, outermost first, and the entry of each it is in
    // (the last that starts before it; the text before the change is the same in both).
    const chain: { node: YAMLMap | YAMLSeq; item: number; start: number }[] = [];
    let node: unknown = doc.contents;
    while (node instanceof YAMLMap || node instanceof YAMLSeq) {
      const range = node.range!;
      // (Its first characters unchanged: what the collection around it read to find it.)
      if (node.flow || start < range[0] + 2 || oldEnd > range[2] || node.items.length === 0) break;
      let item = node.items.length - 1;
      while (item > 0 && firstOffset(node.items[item]) > start) item--;
      const itemStart = this.entryStart(node, item);
      if (itemStart === undefined || itemStart > start) return false;
      chain.push({ node, item, start: itemStart });
      node = node instanceof YAMLMap ? (node.items[item] as Pair).value : node.items[item];
    }
    if (chain.length === 0) return false;
    // Lines added after a line's end (`\n` and what follows it): the column and first character of the first.
    const added = start === oldEnd && text.charCodeAt(newEnd) === 10 && text.charCodeAt(start) === 10 ? /^\n( *)([^ #\n])/.exec(text.slice(start, Math.min(newEnd, start + 200))) : null;
    for (let level = chain.length - 1; level >= 0; level--) {
      const { node: collection, item, start: itemStart } = chain[level];
      const column = collection.range![0] - (text.lastIndexOf('\n', collection.range![0] - 1) + 1);
      // New entries after the last one, at its column and of its kind: only they are read.
      const appended = added !== null && item === collection.items.length - 1 && collection.range![1] === start + 1 && added[1].length === column
        && (collection instanceof YAMLSeq) === (added[2] === '-' && /^-(?: |\n|$)/.test(text.slice(start + 1 + column, start + 3 + column)));
      const from = appended ? item + 1 : start >= itemStart + 2 ? item : item - 1;
      const at = appended ? start + 1 + column : from === item ? itemStart : this.entryStart(collection, from);
      if (at === undefined) return false;
      this.index(text, at);
      let tail: YAMLMap | YAMLSeq;
      this.depth = level;
      this.sawMergeKey = false;
      try {
        tail = collection instanceof YAMLMap ? this.parseMap(0, at, column) : this.parseSeq(0, at, column);
      } catch (error) {
        if (error === GIVE_UP) return false;
        throw error;
      }
      if (this.sawMergeKey) return false;
      if (tail.range![1] !== collection.range![1] + delta) continue; // it ends elsewhere now: the collection around it
      if (level === 0 && this.nextContent(this.next) < this.starts.length) return false;
      if (collection instanceof YAMLMap && duplicates(collection.items as Pair<Scalar>[], from, tail.items as Pair<Scalar>[])) return false;
      collection.items.splice(from, collection.items.length - from);
      for (const entry of tail.items) collection.items.push(entry as never);
      collection.range = [collection.range![0], tail.range![1], tail.range![2]];
      for (let outer = level - 1; outer >= 0; outer--) {
        const { node: around, item: within } = chain[outer];
        around.range![1] += delta;
        around.range![2] += delta;
        for (let i = within + 1; i < around.items.length; i++) moveNode(around.items[i], delta);
      }
      doc.range = [0, text.length, text.length];
      return true;
    }
    return false;
  }

  /** Where entry `index` of a block collection starts: its key, or its `-` (undefined when it is not on the `-`'s line). */
  private entryStart(collection: YAMLMap | YAMLSeq, index: number): number | undefined {
    if (collection instanceof YAMLMap) return ((collection.items[index] as Pair).key as Scalar).range![0];
    const first = (collection.items[index] as Scalar | YAMLMap | YAMLSeq).range![0];
    const dashColumn = collection.range![0] - (this.text.lastIndexOf('\n', collection.range![0] - 1) + 1);
    const lineStart = this.text.lastIndexOf('\n', first - 1) + 1;
    const dash = lineStart + dashColumn;
    if (dash >= first || this.text.charCodeAt(dash) !== 45 /* - */) return undefined;
    for (let i = lineStart; i < dash; i++) if (this.text.charCodeAt(i) !== 32) return undefined;
    for (let i = dash + 1; i < first; i++) if (this.text.charCodeAt(i) !== 32) return undefined;
    return dash;
  }


  // ---- lines ------------------------------------------------------------------------------

  /** Offset of the first character that is not a space on a line. */
  private contentStart(line: number): number {
    return this.contents[line];
  }

  /** Whether a line is blank or only a comment. */
  private isTrivia(line: number): boolean {
    const at = this.contentStart(line);
    return at === this.ends[line] || this.text.charCodeAt(at) === 35;
  }

  /** The next line at or after `line` that has content (not blank, not only a comment). */
  private nextContent(line: number): number {
    while (line < this.starts.length && this.isTrivia(line)) line++;
    return line;
  }

  /** Offset just after a line's newline (or the end of the text). */
  private afterLine(line: number): number {
    return Math.min(this.ends[line] + 1, this.text.length);
  }

  /** After a value ending at `at` on `line`: only spaces and a comment may follow. */
  private expectLineEnd(at: number, line: number): void {
    const end = this.ends[line];
    while (at < end && this.text.charCodeAt(at) === 32) at++;
    if (at < end && !(this.text.charCodeAt(at) === 35 && this.text.charCodeAt(at - 1) === 32)) giveUp();
  }

  // ---- document ---------------------------------------------------------------------------

  private parseDocument(): Document.Parsed | undefined {
    let line = 0;
    // A leading `---` (alone, or with a comment) starts the document; anything else on it does not fit.
    const first = this.nextContent(0);
    if (first < this.starts.length && this.text.startsWith('---', this.contentStart(first)) && this.contentStart(first) === this.starts[first]) {
      const rest = this.starts[first] + 3;
      if (rest < this.ends[first] && this.text.charCodeAt(rest) !== 32) giveUp();
      this.expectLineEnd(rest, first);
      line = first + 1;
    }
    for (let l = 0; l < first; l++) if (this.text.charCodeAt(this.contentStart(l)) === 37 /* % */) giveUp();
    line = this.nextContent(line);
    if (line >= this.starts.length) return undefined; // an empty document: the library says what it is
    const indent = this.contentStart(line) - this.starts[line];
    const node = this.parseBlock(line, this.contentStart(line), indent, -1);
    if (this.nextContent(this.next) < this.starts.length) giveUp();
    // (No value: `null` would have the constructor make a node for it, replaced just below.)
    const doc = new Document(undefined, this.documentOptions) as Document.Parsed;
    doc.contents = node as Document.Parsed['contents'];
    doc.range = [0, this.text.length, this.text.length];
    return doc;
  }

  /** A block map or list starting at `at` on `line`, whose entries sit at column `indent`. */
  private parseBlock(line: number, at: number, indent: number, parentIndent: number): YAMLMap | YAMLSeq {
    if (indent <= parentIndent) giveUp();
    if (this.isSeqItem(at, this.ends[line])) return this.parseSeq(line, at, indent);
    return this.parseMap(line, at, indent);
  }

  private isSeqItem(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === 45 /* - */ && (at + 1 === end || this.text.charCodeAt(at + 1) === 32);
  }

  // ---- block map --------------------------------------------------------------------------

  private parseMap(firstLine: number, firstAt: number, indent: number): YAMLMap {
    if (++this.depth > MAX_NESTING) giveUp();
    const map = this.nodes.map();
    const items = map.items as Pair<Scalar, unknown>[];
    // Duplicate keys are the library's to report: found by a scan while the map is small (most
    // are), by a set once it is large.
    let keys: Set<unknown> | undefined;
    let line = firstLine;
    let at = firstAt;
    let lastEnd = firstAt;
    for (;;) {
      const end = this.ends[line];
      if (this.isSeqItem(at, end)) giveUp();
      const key = this.parseKey(at, end);
      const keyValue = key.value;
      if (keys) {
        if (keys.has(keyValue)) giveUp();
        keys.add(keyValue);
      } else {
        for (let i = 0; i < items.length; i++) {
          const other = items[i].key.value;
          if (other === keyValue || (other !== other && keyValue !== keyValue)) giveUp();
        }
        if (items.length >= 16) keys = new Set([...items.map((item) => item.key.value), keyValue]);
      }
      const value = this.parseValue(line, this.colon + 1, indent, true);
      // A merge key whose value is not a map (or a list of maps) is an error for Kubernetes: the library's.
      if (typeof keyValue === 'symbol' && !(value instanceof YAMLMap || (value instanceof YAMLSeq && value.items.every((item) => item instanceof YAMLMap)))) giveUp();
      items.push(this.nodes.pair(key, value) as Pair<Scalar, unknown>);
      lastEnd = this.end;
      line = this.nextContent(this.next);
      if (line >= this.starts.length) break;
      at = this.contentStart(line);
      const column = at - this.starts[line];
      if (column < indent) break;
      if (column > indent) giveUp();
    }
    map.range = [firstAt, lastEnd, lastEnd];
    this.depth--;
    this.next = line;
    return map;
  }

  /** A key on a line: plain or quoted, then `:` followed by a space or the end of the line. */
  private parseKey(at: number, end: number): Scalar {
    const text = this.text;
    const first = text[at];
    if (first === '"' || first === '\'') {
      const quoted = this.parseQuoted(at, end);
      if (text.charCodeAt(quoted.end) !== 58 /* : */) giveUp();
      const after = quoted.end + 1;
      if (after < end && text.charCodeAt(after) !== 32) giveUp();
      this.colon = quoted.end;
      return quoted.node;
    }
    if (NOT_PLAIN_START.has(first) || first === '?' || first === ':' || (first === '-' && text.charCodeAt(at + 1) === 32)) giveUp();
    let colon = -1;
    for (let i = at; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 58 /* : */ && (i + 1 === end || text.charCodeAt(i + 1) === 32)) {
        colon = i;
        break;
      }
      if (c === 35 /* # */ && text.charCodeAt(i - 1) === 32) giveUp();
    }
    if (colon < 0) giveUp();
    const keyEnd = colon;
    if (keyEnd === at || text.charCodeAt(keyEnd - 1) === 32) giveUp(); // `key :`: the library
    const source = text.slice(at, keyEnd);
    this.colon = colon;
    if (source === '<<') {
      // A merge key (`<<: {...}`): the library's merge type, resolved as the library resolves it.
      if (!this.mergeTag) giveUp();
      this.sawMergeKey = true;
      return this.taggedScalar(this.mergeTag, source, at, keyEnd, keyEnd);
    }
    return this.plainScalar(source, at, keyEnd, keyEnd);
  }

  /**
   * The value after a `:` (or a `- `) at `from` on `line`: a scalar, a one-line flow collection,
   * a block scalar, or the block below (more indented, or a list at the same column for a map's
   * value). `end` is where the value's node ends (for the parent's range), `next` the line after it.
   */
  private parseValue(line: number, from: number, indent: number, inMap: boolean): Scalar | YAMLMap | YAMLSeq {
    const text = this.text;
    const end = this.ends[line];
    let at = from;
    while (at < end && text.charCodeAt(at) === 32) at++;
    const c = text[at];

    if (at === end || (c === '#' && at > from)) {
      // Nothing on this line: the value is the block below, or nothing (null).
      const below = this.nextContent(line + 1);
      if (below < this.starts.length) {
        const start = this.contentStart(below);
        const column = start - this.starts[below];
        if (column > indent || (inMap && column === indent && this.isSeqItem(start, this.ends[below]))) {
          const block = this.parseBlock(below, start, column, inMap && column === indent ? indent - 1 : indent);
          this.end = block.range![1];
          return block;
        }
      }
      const position = this.emptyPosition(from, at, end);
      // With a comment after it, the empty value's node runs to the end of the line.
      const nodeEnd = at < end ? this.afterLine(line) : position;
      this.end = nodeEnd;
      this.next = line + 1;
      return this.plainScalar('', position, position, nodeEnd);
    }
    if (c === '|' || c === '>') {
      const block = this.parseBlockScalar(line, at, indent);
      this.end = block.end;
      this.next = block.next;
      return block.node;
    }
    if (c === '[' || c === '{') {
      const flow = this.parseFlow(at, end);
      this.expectLineEnd(flow.end, line);
      const nodeEnd = this.afterLine(line);
      flow.node.range = [at, flow.end, nodeEnd];
      this.end = nodeEnd;
      this.next = line + 1;
      return flow.node;
    }
    if (c === '"' || c === '\'') {
      const quoted = this.parseQuoted(at, end);
      this.expectLineEnd(quoted.end, line);
      const nodeEnd = this.afterLine(line);
      quoted.node.range = [at, quoted.end, nodeEnd];
      this.noContinuation(line, indent);
      this.end = nodeEnd;
      this.next = line + 1;
      return quoted.node;
    }
    if (!inMap && (this.isSeqItem(at, end))) giveUp(); // `- - x`: nested compact lists
    if (!inMap && this.looksLikeKey(at, end)) {
      // `- key: value`: a map whose entries sit at this column.
      const map = this.parseMap(line, at, at - this.starts[line]);
      this.end = map.range![1];
      return map;
    }
    const afterFirst = text.charCodeAt(at + 1);
    if (NOT_PLAIN_START.has(c) || ((c === '-' || c === '?' || c === ':') && (at + 1 === end || afterFirst === 32))) giveUp();
    // A plain scalar: up to a comment or the end of the line; `: ` inside is an error (library).
    let valueEnd = end;
    for (let i = at; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 35 /* # */ && text.charCodeAt(i - 1) === 32) {
        valueEnd = i;
        break;
      }
      if (ch === 58 /* : */ && (i + 1 === end || text.charCodeAt(i + 1) === 32)) giveUp();
    }
    while (valueEnd > at && text.charCodeAt(valueEnd - 1) === 32) valueEnd--;
    const nodeEnd = this.afterLine(line);
    this.noContinuation(line, indent);
    this.end = nodeEnd;
    this.next = line + 1;
    return this.plainScalar(text.slice(at, valueEnd), at, valueEnd, nodeEnd);
  }

  /** A scalar followed by a more indented line would be a multi-line scalar: the library's job. */
  private noContinuation(line: number, indent: number): void {
    const next = this.nextContent(line + 1);
    if (next < this.starts.length && this.contentStart(next) - this.starts[next] > indent) giveUp();
  }

  private looksLikeKey(at: number, end: number): boolean {
    const text = this.text;
    const first = text[at];
    if (first === '"' || first === '\'') {
      const close = text.indexOf(first, at + 1);
      return close > 0 && close < end && text.charCodeAt(close + 1) === 58;
    }
    for (let i = at; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 58 && (i + 1 === end || text.charCodeAt(i + 1) === 32)) return true;
      if (c === 35 && text.charCodeAt(i - 1) === 32) return false;
    }
    return false;
  }

  /** Where the library places an empty value: after the spaces that follow the indicator. */
  private emptyPosition(from: number, at: number, end: number): number {
    return at === end ? (at > from && this.text.charCodeAt(at - 1) === 32 ? at : from) : at;
  }

  // ---- block list -------------------------------------------------------------------------

  private parseSeq(firstLine: number, firstAt: number, indent: number): YAMLSeq {
    if (++this.depth > MAX_NESTING) giveUp();
    const seq = this.nodes.seq();
    let line = firstLine;
    let at = firstAt;
    let lastEnd = firstAt;
    for (;;) {
      seq.items.push(this.parseValue(line, at + 1, indent, false));
      lastEnd = this.end;
      line = this.nextContent(this.next);
      if (line >= this.starts.length) break;
      at = this.contentStart(line);
      const column = at - this.starts[line];
      if (column < indent || (column === indent && !this.isSeqItem(at, this.ends[line]))) break;
      if (column > indent) giveUp();
    }
    seq.range = [firstAt, lastEnd, lastEnd];
    this.depth--;
    this.next = line;
    return seq;
  }

  // ---- scalars ----------------------------------------------------------------------------

  /** A plain scalar resolved the way the library resolves it (its own YAML 1.1 tags). */
  private plainScalar(source: string, start: number, valueEnd: number, nodeEnd: number): Scalar {
    // Most scalars are names and images: a first character no null, boolean or number can start
    // with makes them strings without trying every tag's pattern.
    const tag = source !== '' && (!TAGGED_FIRST_CHARACTERS.has(source[0]) || (source.length > LONGEST_TAGGED_WORD && isWordStart(source.charCodeAt(0))))
      ? this.stringTag
      : this.tagFor(source);
    if (tag === this.stringTag) {
      const scalar = this.nodes.scalar(source); // (the library's string tag resolves a source to itself)
      scalar.range = [start, valueEnd, nodeEnd];
      scalar.source = source;
      scalar.type = 'PLAIN';
      return scalar;
    }
    return this.taggedScalar(tag, source, start, valueEnd, nodeEnd);
  }

  /** A plain scalar resolved by one of the library's tags. */
  private taggedScalar(tag: ScalarTag, source: string, start: number, valueEnd: number, nodeEnd: number): Scalar {
    this.tagFailed = false;
    const value = tag.resolve(source, this.onTagError, this.options);
    if (this.tagFailed) giveUp();
    const scalar = value instanceof Scalar ? value : this.nodes.scalar(value);
    scalar.range = [start, valueEnd, nodeEnd];
    scalar.source = source;
    scalar.type = 'PLAIN';
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }

  /** The first of the library's tags whose pattern matches (remembered for short sources). */
  private tagFor(source: string): ScalarTag {
    let tag = this.tagOf.get(source);
    if (tag === undefined) {
      tag = this.tags.find((candidate) => candidate.test!.test(source)) ?? this.stringTag;
      if (source.length <= 40) {
        if (this.tagOf.size >= 20_000) this.tagOf.clear();
        this.tagOf.set(source, tag);
      }
    }
    return tag;
  }

  /** A quoted scalar that closes on the same line. */
  private parseQuoted(at: number, end: number): { node: Scalar; end: number } {
    const text = this.text;
    const quote = text[at];
    let value = '';
    let i = at + 1;
    for (;;) {
      if (i >= end) giveUp(); // multi-line or unclosed: the library
      const c = text[i];
      if (quote === '\'') {
        if (c === '\'') {
          if (text[i + 1] === '\'') {
            value += '\'';
            i += 2;
            continue;
          }
          break;
        }
        value += c;
        i++;
        continue;
      }
      if (c === '"') break;
      if (c === '\\') {
        const escape = DOUBLE_QUOTE_ESCAPES[text[i + 1]];
        if (escape !== undefined) {
          value += escape;
          i += 2;
          continue;
        }
        const width = text[i + 1] === 'x' ? 2 : text[i + 1] === 'u' ? 4 : text[i + 1] === 'U' ? 8 : 0;
        const hex = text.slice(i + 2, i + 2 + width);
        if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) giveUp();
        value += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + width;
        continue;
      }
      value += c;
      i++;
    }
    const close = i + 1;
    const scalar = this.nodes.scalar(value);
    scalar.range = [at, close, close];
    scalar.source = value;
    scalar.type = quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    return { node: scalar, end: close };
  }

  /** `|` and `>` block scalars, with chomping and indentation indicators. */
  private parseBlockScalar(line: number, at: number, indent: number): { node: Scalar; end: number; next: number } {
    const text = this.text;
    const folded = text[at] === '>';
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    let explicit = 0;
    let i = at + 1;
    for (let n = 0; n < 2; n++) {
      const c = text[i];
      if (c === '-' || c === '+') {
        chomp = c === '-' ? 'strip' : 'keep';
        i++;
      } else if (c >= '1' && c <= '9') {
        explicit = Number(c);
        i++;
      }
    }
    this.expectLineEnd(i, line);
    // Content: the following lines more indented than the parent (blank lines included).
    let last = line;
    let contentIndent = explicit ? indent + explicit : 0;
    let probe = line + 1;
    for (; probe < this.starts.length; probe++) {
      const start = this.contentStart(probe);
      const blank = start === this.ends[probe];
      if (blank) continue;
      const column = start - this.starts[probe];
      if (column <= indent) break;
      if (!contentIndent) contentIndent = column;
      if (column < contentIndent) giveUp();
      last = probe;
    }
    if (!contentIndent || last === line) giveUp(); // empty block scalars: the library
    // Leading blank lines may not be longer than the content indentation (an error otherwise).
    const lines: string[] = [];
    for (let l = line + 1; l <= last; l++) {
      const raw = text.slice(this.starts[l], this.ends[l]);
      if (raw.trim() === '') {
        if (raw.length > contentIndent) giveUp();
        lines.push('');
      } else {
        lines.push(raw.slice(contentIndent));
      }
    }
    // Trailing blank lines (before the next content at a lower indentation).
    let trailing = 0;
    let after = last + 1;
    while (after < this.starts.length && this.contentStart(after) === this.ends[after] && this.ends[after] - this.starts[after] <= indent) {
      // blank lines (no content): keep counts them, the others drop them
      trailing++;
      after++;
    }
    if (after < this.starts.length && this.contentStart(after) === this.ends[after]) giveUp(); // blank line longer than the indent
    if (chomp === 'keep' && trailing > 0) giveUp(); // where its range ends is the library's business

    let value: string;
    if (folded) {
      if (lines.some((content) => content.startsWith(' '))) giveUp(); // more-indented lines: the library
      value = '';
      let blanks = 0;
      let started = false;
      for (const content of lines) {
        if (content === '') {
          blanks++;
          continue;
        }
        if (started) value += blanks > 0 ? '\n'.repeat(blanks) : ' ';
        else if (blanks > 0) value += '\n'.repeat(blanks);
        value += content;
        blanks = 0;
        started = true;
      }
    } else {
      value = lines.join('\n');
    }
    if (chomp !== 'strip') value += '\n';
    const nodeEnd = this.afterLine(last);
    const scalar = this.nodes.scalar(value);
    scalar.range = [at, nodeEnd, nodeEnd];
    scalar.source = value;
    scalar.type = folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
    return { node: scalar, end: nodeEnd, next: last + 1 };
  }

  // ---- flow collections (one line) --------------------------------------------------------

  private parseFlow(at: number, end: number): { node: YAMLMap | YAMLSeq; end: number } {
    if (++this.depth > MAX_NESTING) giveUp();
    const text = this.text;
    const skip = (i: number) => {
      while (i < end && text.charCodeAt(i) === 32) i++;
      return i;
    };
    const isSeq = text[at] === '[';
    const close = isSeq ? ']' : '}';
    const node = isSeq ? this.nodes.seq() : this.nodes.map();
    node.flow = true;
    let i = skip(at + 1);
    if (text[i] === close) {
      node.range = [at, i + 1, i + 1];
      this.depth--;
      return { node, end: i + 1 };
    }
    for (;;) {
      if (isSeq) {
        const item = this.flowItem(i, end, false);
        (node as YAMLSeq).items.push(item.node);
        i = skip(item.end);
      } else {
        const key = this.flowItem(i, end, true);
        if (!(key.node instanceof Scalar)) giveUp();
        i = key.end;
        if (text[i] !== ':') giveUp();
        i = skip(i + 1);
        if (text[i] === ',' || text[i] === close) giveUp(); // `{a:}`: the library
        const value = this.flowItem(i, end, false);
        // Duplicate keys are the library's to report, as in block maps.
        const keyValue = (key.node as Scalar).value;
        for (const pair of (node as YAMLMap).items as Pair<Scalar>[]) if (pair.key.value === keyValue) giveUp();
        (node as YAMLMap).items.push(this.nodes.pair(key.node as Scalar, value.node));
        i = skip(value.end);
      }
      if (text[i] === ',') {
        i = skip(i + 1);
        if (text[i] === close) giveUp(); // a trailing comma: the library
        continue;
      }
      if (text[i] === close) break;
      giveUp();
    }
    node.range = [at, i + 1, i + 1];
    this.depth--;
    return { node, end: i + 1 };
  }

  private flowItem(at: number, end: number, isKey: boolean): { node: Scalar | YAMLMap | YAMLSeq; end: number } {
    const text = this.text;
    const c = text[at];
    if (c === '[' || c === '{') {
      if (isKey) giveUp();
      const flow = this.parseFlow(at, end);
      flow.node.range = [at, flow.end, this.skipSpaces(flow.end, end)];
      return flow;
    }
    if (c === '"' || c === '\'') {
      const quoted = this.parseQuoted(at, end);
      quoted.node.range = [at, quoted.end, this.skipSpaces(quoted.end, end)];
      return { node: quoted.node, end: quoted.end };
    }
    if (at >= end || NOT_PLAIN_START.has(c) || c === '?' || c === ':' || c === '-' && text.charCodeAt(at + 1) === 32) giveUp();
    if (isKey && text.startsWith('<<', at)) giveUp(); // a merge key in a flow map: the library
    let i = at;
    for (; i < end; i++) {
      const ch = text[i];
      if (ch === ',' || ch === ']' || ch === '}' || ch === '[' || ch === '{') break;
      if (ch === ':' && (text[i + 1] === ' ' || text[i + 1] === ',' || text[i + 1] === ']' || text[i + 1] === '}')) break;
      if (ch === '#' && text[i - 1] === ' ') giveUp();
    }
    let valueEnd = i;
    while (valueEnd > at && text.charCodeAt(valueEnd - 1) === 32) valueEnd--;
    if (valueEnd === at) giveUp();
    if (!isKey && text[i] === ':') giveUp(); // `[a: b]`: a pair in a list, the library
    return { node: this.plainScalar(text.slice(at, valueEnd), at, valueEnd, i), end: valueEnd };
  }

  private skipSpaces(at: number, end: number): number {
    while (at < end && this.text.charCodeAt(at) === 32) at++;
    return at;
  }
}

/** Whether an entry of `tail` has the key of one of the first `count` entries of `items` (the library would report it). */
function duplicates(items: readonly Pair<Scalar>[], count: number, tail: readonly Pair<Scalar>[]): boolean {
  if (count * tail.length > 256) {
    // (A set's equality is the parser's: NaN equals NaN.)
    const keys = new Set<unknown>();
    for (let i = 0; i < count; i++) keys.add(items[i].key.value);
    return tail.some((pair) => keys.has(pair.key.value));
  }
  for (const pair of tail) {
    const key = pair.key.value;
    for (let i = 0; i < count; i++) {
      const other = items[i].key.value;
      if (other === key || (other !== other && key !== key)) return true;
    }
  }
  return false;
}

/** Where an entry of a collection starts: its key, or its node. */
function firstOffset(item: unknown): number {
  return ((item instanceof Pair ? item.key : item) as Scalar).range![0];
}

/** Moves a node and everything in it by `delta` characters. */
function moveNode(node: unknown, delta: number): void {
  if (node instanceof Pair) {
    moveNode(node.key, delta);
    moveNode(node.value, delta);
    return;
  }
  const range = (node as Scalar | null)?.range;
  if (!range) return;
  range[0] += delta;
  range[1] += delta;
  range[2] += delta;
  if (node instanceof YAMLMap || node instanceof YAMLSeq) for (const item of node.items) moveNode(item, delta);
}

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
