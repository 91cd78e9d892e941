import { Alias, Document, Node, Pair, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';

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

/** The node an alias points to (one hop; `undefined` when the anchor is missing). */
export function resolveAlias(node: unknown, doc: Document): Node | undefined {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 16; hops++) current = (current as Alias).resolve(doc);
  return isAlias(current) ? undefined : (current as Node | undefined);
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

export function isMergeKey(pair: Pair): boolean {
  return isScalar(pair.key) && pair.key.value === '<<' && (pair.key.type === 'PLAIN' || pair.key.type === undefined);
}

/**
 * The pairs of a map, with YAML merge keys (`<<: *anchor`) expanded: explicit keys win over merged
 * ones, as in YAML 1.1 (which Kubernetes' decoder follows).
 */
export function mapEntries(map: YAMLMap, doc: Document): Pair[] {
  let merges = false;
  const items = map.items;
  for (let i = 0; i < items.length; i++) {
    // The key's value first: a cheap read that rules out nearly every pair (this runs for every map read).
    const item = items[i];
    if ((item?.key as Scalar | null)?.value === '<<' && isPair(item) && isMergeKey(item)) {
      merges = true;
      break;
    }
  }
  if (!merges) return items as Pair[];
  const explicit: Pair[] = [];
  const merged: Pair[] = [];
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (isMergeKey(item)) {
      const sources = isSeq(item.value) ? item.value.items : [item.value];
      for (const source of sources) {
        const target = resolveAlias(source, doc);
        if (isMap(target)) merged.push(...mapEntries(target, doc));
      }
    } else {
      explicit.push(item);
    }
  }
  if (merged.length === 0) return explicit;
  const seen = new Set(explicit.map(keyText));
  const result = [...explicit];
  for (const pair of merged) {
    const key = keyText(pair);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(pair);
  }
  return result;
}

/** The pair of a map with the given key (merge keys honoured). */
export function findPair(map: unknown, key: string, doc: Document): Pair | undefined {
  if (!isMap(map)) return undefined;
  let merges = false;
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (isMergeKey(item)) merges = true;
    else if (keyText(item) === key) return item;
  }
  if (!merges) return undefined;
  for (const pair of mapEntries(map, doc)) if (keyText(pair) === key) return pair;
  return undefined;
}

/** The value node at a key (aliases resolved). */
export function getValue(map: unknown, key: string, doc: Document): Node | undefined {
  const pair = findPair(map, key, doc);
  return pair ? resolveAlias(pair.value, doc) : undefined;
}

/** Nesting beyond this is cut (undefined): no manifest comes near, and an alias cycle would recurse until the stack overflows. */
const MAX_PLAIN_DEPTH = 1000;

/**
 * A node's plain JS value (aliases followed, merge keys applied), without yaml's toJS machinery,
 * which is much slower on the small lookups rules make. `budget` bounds alias expansion, `depth`
 * the nesting (an alias that refers to its own ancestor).
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
  if (--budget.left < 0 || depth > MAX_PLAIN_DEPTH) return undefined;
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
