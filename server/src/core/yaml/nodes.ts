import { Alias, Document, Node, Pair, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { workMeter } from '../work';
import { MAX_NESTING } from './limits';

/** Helpers over yaml's AST: the JSON-like view of a node, paths, and navigation. */

/**
 * The tag yaml puts on its nodes (what isScalar, isMap... read) and its values: for reading it once
 * in hot paths, and for the fast parser's node prototypes.
 */
export const NODE_TYPE = Symbol.for('yaml.node.type');
export const ALIAS = Symbol.for('yaml.alias');
export const SCALAR = Symbol.for('yaml.scalar');
export const SEQ = Symbol.for('yaml.seq');
export const MAP = Symbol.for('yaml.map');
export const PAIR = Symbol.for('yaml.pair');

export type ValueKind = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

export type PathSegment = string | number;

/** The node each alias of a document points to, found once per document (see resolveAlias). */
const aliasTargets = new WeakMap<Alias, Node | null>();

/**
 * Every alias of a document and its anchor: the last node with that anchor before the alias, in
 * document order (the yaml library's own rule). One pass over the document; the library's
 * `Alias.resolve` walks the whole document for each alias, which made a document of many aliases
 * quadratic.
 */
function findAliasTargets(doc: Document): void {
  const anchors = new Map<string, Node>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      aliasTargets.set(node, anchors.get(node.source) ?? null);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const anchor = (node as Node).anchor;
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (isScalar(node) || isMap(node) || isSeq(node)) {
      if (anchor) anchors.set(anchor, node);
      if (!isScalar(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
}

/** The node an alias points to (`undefined` when the anchor is missing); any other node as it is. */
export function resolveAlias(node: unknown, doc: Document): Node | undefined {
  if (!isAlias(node)) return node as Node | undefined;
  let target = aliasTargets.get(node);
  if (target === undefined) {
    findAliasTargets(doc);
    target = aliasTargets.get(node);
    // (An alias outside the document's tree: the library's own lookup.)
    if (target === undefined) target = (node.resolve(doc) as Node | undefined) ?? null;
  }
  return target === null || isAlias(target) ? undefined : target;
}

/** How Kubernetes sees a node's value (a float literal like `1.0` is a number, not an integer). */
export function valueKind(node: unknown): ValueKind {
  if (node === null || node === undefined) return 'null';
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'boolean') return 'boolean';
    if (typeof value === 'number' || typeof value === 'bigint') {
      if (typeof value === 'bigint') return 'integer';
      if (!Number.isInteger(value)) return 'number';
      const source = typeof node.source === 'string' ? node.source : '';
      return !hasFloatMark(source) || /^[-+]?0[xob]/i.test(source) ? 'integer' : 'number';
    }
    return 'string';
  }
  return 'string';
}

/** Whether a number's source has a decimal point or an exponent (`1.0`, `1e3`). */
function hasFloatMark(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 46 /* . */ || c === 101 /* e */ || c === 69 /* E */) return true;
  }
  return false;
}

/** A scalar's value as a string for messages and comparisons. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (value === null || value === undefined) return undefined;
  return typeof node.source === 'string' && node.type === 'PLAIN' ? node.source : String(value);
}

/** A scalar's value when it is a string (keys and string fields). */
export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** The key text of a pair (`undefined` for complex keys). */
export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  return undefined;
}

/**
 * Whether a pair is a YAML merge key (`<<: *defaults`): a plain `<<` key, or one tagged `!!merge`.
 * The yaml library's YAML 1.1 schema reads those keys as its merge symbol; a quoted `"<<"` is an
 * ordinary string key, as in Kubernetes' reader.
 */
export function isMergeKey(pair: Pair): boolean {
  const key = pair.key;
  if (!isScalar(key)) return false;
  const value = key.value;
  if (typeof value === 'symbol') return value.description === '<<';
  return value === '<<' && (key.type === 'PLAIN' || key.type === undefined);
}

/** The maps a merge key's value merges, in the order they are applied (the last of a list first). */
export function mergeSources(value: unknown, doc: Document): YAMLMap[] {
  const source = resolveAlias(value, doc);
  if (isMap(source)) return [source];
  if (!isSeq(source)) return [];
  const maps: YAMLMap[] = [];
  for (let i = source.items.length - 1; i >= 0; i--) {
    const item = resolveAlias(source.items[i], doc);
    if (isMap(item)) maps.push(item);
  }
  return maps;
}

/** Each map's entries with its merge keys resolved (computed once per map: its nodes belong to one document). */
const resolvedEntries = new WeakMap<YAMLMap, Pair[]>();

/**
 * The pairs of a map, with YAML merge keys (`<<: *anchor`) resolved as Kubernetes' YAML reader
 * resolves them (sigs.k8s.io/yaml decodes with go-yaml v2): the entries are applied in the order
 * they are written, a merge key applying the entries of its map (of each map of its list, the last
 * first, so that earlier maps win), and an entry replaces an earlier one of the same key whether it
 * is written or merged. So keys written after `<<` win over merged ones, and — unlike YAML 1.1's
 * merge type — a key written before `<<` is replaced by a merged one. The result keeps the place
 * of each key's first appearance. Merge sources that are not maps are left out (the document check
 * reports them: Kubernetes rejects them). Iterative, and each map's result is kept, so merges that
 * refer to each other cost their size once, and a merge that reaches its own map stops there.
 */
export function mapEntries(map: YAMLMap, doc: Document): Pair[] {
  let merges = false;
  const items = map.items;
  for (let i = 0; i < items.length; i++) {
    // The key's value first: a cheap read that rules out nearly every pair (this runs for every map
    // read). The yaml library reads a plain `<<` as a symbol.
    const item = items[i];
    const key = (item?.key as Scalar | null)?.value;
    if ((key === '<<' || typeof key === 'symbol') && isPair(item) && isMergeKey(item)) {
      merges = true;
      break;
    }
  }
  if (!merges) return map.items as Pair[];
  const known = resolvedEntries.get(map);
  if (known) return known;
  const byKey = new Map<unknown, Pair>();
  const set = (pair: Pair) => {
    const key = keyText(pair);
    byKey.set(key === undefined ? pair : key, pair);
  };
  // Maps being applied, innermost last; each frame is where its map's items resume.
  const frames: { map: YAMLMap; next: number }[] = [{ map, next: 0 }];
  const applying = new Set<YAMLMap>([map]);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    if (frame.next >= frame.map.items.length) {
      frames.pop();
      applying.delete(frame.map);
      continue;
    }
    const item = frame.map.items[frame.next++];
    workMeter.steps++;
    if (!isPair(item)) continue;
    if (!isMergeKey(item)) {
      set(item);
      continue;
    }
    // The sources in reverse of the order they apply in, so the stack runs them in order.
    const sources = mergeSources(item.value, doc);
    for (let i = sources.length - 1; i >= 0; i--) {
      const source = sources[i];
      if (applying.has(source)) continue; // a merge that reaches its own map (Kubernetes rejects it)
      const done = resolvedEntries.get(source);
      if (done) {
        frames.push({ map: { items: done } as unknown as YAMLMap, next: 0 });
      } else {
        frames.push({ map: source, next: 0 });
        applying.add(source);
      }
    }
  }
  const entries = [...byKey.values()];
  resolvedEntries.set(map, entries);
  return entries;
}

/** The pair of a map with the given key (merge keys honoured). */
export function findPair(map: unknown, key: string, doc: Document): Pair | undefined {
  if (!isMap(map)) return undefined;
  let found: Pair | undefined;
  for (const item of map.items) {
    if (!isPair(item)) continue;
    // (A merge key may replace a key written before it: only the resolved entries tell.)
    if (isMergeKey(item)) return mapEntries(map, doc).find((pair) => keyText(pair) === key);
    if (found === undefined && keyText(item) === key) found = item;
  }
  return found;
}

/** The value node at a key (aliases resolved). */
export function getValue(map: unknown, key: string, doc: Document): Node | undefined {
  const pair = findPair(map, key, doc);
  return pair ? resolveAlias(pair.value, doc) : undefined;
}

/**
 * A node's plain JS value (aliases followed, merge keys applied), without yaml's toJS machinery,
 * which is much slower on the small lookups rules make. `budget` bounds the nodes visited (aliases
 * can make a small text describe a huge tree), and nothing deeper than MAX_NESTING levels (through
 * aliases) is read: what lies beyond either bound is `undefined`.
 */
export function plainValue(node: unknown, doc: Document, budget?: { left: number }, depth = 0): unknown {
  if (budget === undefined) {
    // A whole value asked for (not a part of one being converted): inside withPlainValues,
    // converted once per node. The server checks and the rules read the same resources.
    if (plainScope === undefined || node === null || typeof node !== 'object') return convertPlain(node, doc, { left: 200_000 }, 0);
    if (plainScope.has(node)) return plainScope.get(node);
    const value = convertPlain(node, doc, { left: 200_000 }, 0);
    plainScope.set(node, value);
    return value;
  }
  return convertPlain(node, doc, budget, depth);
}

/** Plain values of whole nodes while a withPlainValues call runs. */
let plainScope: Map<object, unknown> | undefined;

/**
 * Runs `work` with each node's plain value converted once and shared by everything inside (no
 * reader changes what it gets). The values are dropped afterwards: kept for longer, they would
 * outlive the young generation and cost the garbage collector more than a second conversion.
 */
export function withPlainValues<T>(work: () => T): T {
  if (plainScope !== undefined) return work();
  plainScope = new Map();
  try {
    return work();
  } finally {
    plainScope = undefined;
  }
}

function convertPlain(node: unknown, doc: Document, budget: { left: number }, depth: number): unknown {
  if (--budget.left < 0 || depth > MAX_NESTING) return undefined;
  workMeter.steps++;
  if (node === null || node === undefined || typeof node !== 'object') return node === null ? null : undefined;
  // One read of the node's type tag (yaml's isScalar/isMap/... each read it again).
  let type = (node as Record<symbol, unknown>)[NODE_TYPE];
  let target = node;
  if (type === ALIAS) {
    const resolved = resolveAlias(node, doc);
    if (resolved === undefined) return undefined;
    target = resolved;
    type = (target as Record<symbol, unknown>)[NODE_TYPE];
  }
  if (type === SCALAR) return (target as Scalar).value;
  if (type === SEQ) {
    const items = (target as YAMLSeq).items;
    const result = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) {
      // A scalar is read in place (most nodes are); anything else converted.
      const item = items[i] as Scalar | null;
      result[i] = item !== null && typeof item === 'object' && (item as unknown as Record<symbol, unknown>)[NODE_TYPE] === SCALAR && budget.left-- > 0
        ? item.value : convertPlain(item, doc, budget, depth + 1);
    }
    return result;
  }
  if (type === MAP) {
    const result: Record<string, unknown> = {};
    const pairs = mapEntries(target as YAMLMap, doc);
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i];
      const keyNode = pair.key as Scalar | null;
      const rawKey = keyNode !== null && typeof keyNode === 'object' ? keyNode.value : undefined;
      const key = typeof rawKey === 'string' ? rawKey : keyText(pair);
      const item = pair.value as Scalar | null;
      const value = item !== null && typeof item === 'object' && (item as unknown as Record<symbol, unknown>)[NODE_TYPE] === SCALAR && budget.left-- > 0
        ? item.value : convertPlain(item, doc, budget, depth + 1);
      if (key === '__proto__') Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      else if (key !== undefined) result[key] = value;
    }
    return result;
  }
  return undefined;
}

/** Follows a path of keys and indexes from a node. */
export function getNodeAt(root: unknown, path: readonly PathSegment[], doc: Document): Node | undefined {
  let current = resolveAlias(root, doc);
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!isSeq(current)) return undefined;
      current = resolveAlias(current.items[segment], doc);
    } else {
      current = getValue(current, segment, doc);
    }
    if (current === undefined) return undefined;
  }
  return current;
}

/** `spec.template.spec.containers[0].image` */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (!/^[A-Za-z_$][\w$-]*$/.test(segment)) text += `[${JSON.stringify(segment)}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text;
}

export type { Node, Pair, Scalar, YAMLMap, YAMLSeq };
