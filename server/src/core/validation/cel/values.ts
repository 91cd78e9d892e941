import { Document, Node, isAlias, isMap, isScalar, isSeq } from 'yaml';
import { Schema, ValidationRule } from '../../schema/types';
import { PathSegment, ValueKind, keyText, mapEntries, resolveAlias, valueKind } from '../../yaml/nodes';
import { escapePropertyName } from './escaping';

/**
 * A resource as its CEL rules see it, the way Kubernetes maps a structural schema to CEL
 * (apiserver's `SchemaDeclType` and its unstructured values):
 *
 * - `integer` → int (a bigint), `number` → double (a JS number, even for `1`), `boolean`, `string`;
 *   strings of format `byte` → bytes, `duration` → duration, `date`/`date-time` → timestamp;
 * - `x-kubernetes-int-or-string` → an int or a string (dyn);
 * - `array` → a list of its items; `object` with `properties` → an object whose fields are the
 *   properties present (escaped names: `x-y` is `x__dash__y`; `has(self.x)` tests presence),
 *   with the schema's `default`s filled in, as the API server does before validating;
 *   `object` with `additionalProperties` → a map with the keys as written;
 * - the root of a resource (and an embedded resource) also has `apiVersion`, `kind` and a
 *   `metadata` with only `name` and `generateName`;
 * - an explicit `null` is "not set" (unless the schema is `nullable`), fields that are not in the
 *   schema are dropped (pruned), and a schema without a type is not visible to CEL.
 *
 * The walk also records every node whose schema has rules: the places to evaluate them.
 */

/** A place where rules apply: a node of the document, its schema's rules and its CEL value. */
export interface RuleSite {
  node: Node;
  keyNode?: Node;
  path: PathSegment[];
  rules: ValidationRule[];
  value: unknown;
}

export interface ConversionResult {
  sites: RuleSite[];
  /** Whether the node budget ran out (an alias bomb): the rest of the resource was not read. */
  truncated: boolean;
}

/** Nodes read per resource at most (aliases can make a small file a huge tree). */
const NODE_BUDGET = 200_000;

/** The rules of a schema node and of its `allOf` parts (Kubernetes evaluates both). */
const rulesCache = new WeakMap<Schema, ValidationRule[]>();
export function rulesOf(schema: Schema): ValidationRule[] {
  let rules = rulesCache.get(schema);
  if (!rules) {
    rules = [...(schema['x-kubernetes-validations'] ?? [])];
    for (const part of schema.allOf ?? []) rules.push(...rulesOf(part));
    rulesCache.set(schema, rules);
  }
  return rules;
}

/** Whether a schema or anything below it has rules (worked out once per schema object). */
const hasRulesCache = new WeakMap<Schema, boolean>();
export function hasRules(schema: Schema): boolean {
  let found = hasRulesCache.get(schema);
  if (found === undefined) {
    hasRulesCache.set(schema, false); // (a guard: bundle schemas are trees, but shared subtrees repeat)
    found = rulesOf(schema).length > 0
      || Object.values(schema.properties ?? {}).some(hasRules)
      || (schema.items !== undefined && hasRules(schema.items))
      || (typeof schema.additionalProperties === 'object' && hasRules(schema.additionalProperties));
    hasRulesCache.set(schema, found);
  }
  return found;
}

type CelShape = 'int-or-string' | 'integer' | 'number' | 'boolean' | 'string' | 'list' | 'object' | 'map' | undefined;

function shapeOf(schema: Schema): CelShape {
  if (schema['x-kubernetes-int-or-string']) return 'int-or-string';
  switch (schema.type) {
    case 'integer': return 'integer';
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'string': return 'string';
    case 'array': return schema.items ? 'list' : undefined;
    case 'object': return schema.properties === undefined && typeof schema.additionalProperties === 'object' ? 'map' : 'object';
    default: return undefined;
  }
}

/** Escaped CEL names of an object schema's properties (null: not visible to CEL). */
const namesCache = new WeakMap<Schema, Map<string, string | null>>();
function celNames(schema: Schema): Map<string, string | null> {
  let names = namesCache.get(schema);
  if (!names) {
    names = new Map(Object.keys(schema.properties ?? {}).map((name) => [name, escapePropertyName(name) ?? null]));
    namesCache.set(schema, names);
  }
  return names;
}

/** What the converter needs of a value: a YAML node, or plain JSON (a schema's `default`). */
interface Source<T> {
  kind(value: T): ValueKind;
  scalar(value: T): unknown;
  items(value: T): T[];
  entries(value: T): [string, T, Node | undefined][];
}

function yamlSource(doc: Document): Source<Node | undefined> {
  return {
    kind: (node) => valueKind(node),
    scalar: (node) => (isScalar(node) ? node.value : undefined),
    items: (node) => (isSeq(node) ? node.items.map((item) => resolveAlias(item, doc)) : []),
    entries: (node) => {
      if (!isMap(node)) return [];
      const entries: [string, Node | undefined, Node | undefined][] = [];
      for (const pair of mapEntries(node, doc)) {
        const key = keyText(pair);
        if (key !== undefined) entries.push([key, resolveAlias(pair.value, doc), (pair.key ?? undefined) as Node | undefined]);
      }
      return entries;
    },
  };
}

const jsonSource: Source<unknown> = {
  kind: (value) => {
    if (value === null || value === undefined) return 'null';
    if (Array.isArray(value)) return 'array';
    if (typeof value === 'object') return 'object';
    if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
    if (typeof value === 'boolean') return 'boolean';
    return 'string';
  },
  scalar: (value) => value,
  items: (value) => (Array.isArray(value) ? value : []),
  entries: (value) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value).map(([k, v]) => [k, v, undefined]) : []),
};

/** Strings of these formats are other CEL types; the converter is given how to make them. */
export interface FormatConverters {
  duration(text: string): unknown;
  timestamp(text: string): unknown;
}

interface Walk<T> {
  source: Source<T>;
  formats: FormatConverters;
  budget: { left: number };
  /** Called with every visible value whose schema has rules (YAML only). */
  onSite?: (source: T, schema: Schema, value: unknown, path: PathSegment[], keyNode: Node | undefined) => void;
  path: PathSegment[];
}

function decodeBase64(text: string): Uint8Array | undefined {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0 ? new Uint8Array(Buffer.from(text, 'base64')) : undefined;
}

function stringValue(text: string, schema: Schema, formats: FormatConverters): unknown {
  switch (schema.format) {
    case 'byte': return decodeBase64(text) ?? text;
    case 'duration': return formats.duration(text) ?? text;
    case 'date': return formats.timestamp(`${text}T00:00:00Z`) ?? text;
    case 'date-time': return formats.timestamp(text) ?? text;
    default: return text;
  }
}

/** The CEL value of `value` under `schema`; `undefined` when it is absent or not visible to CEL. */
function convert<T>(value: T, schema: Schema, walk: Walk<T>, keyNode: Node | undefined, resourceRoot: boolean): unknown {
  if (--walk.budget.left < 0) return undefined;
  const { source } = walk;
  const kind = source.kind(value);
  // An explicit null is kept only where the schema allows it; elsewhere the API server prunes it.
  if (kind === 'null') return schema.nullable && value !== undefined ? null : undefined;
  const shape = shapeOf(schema);
  let result: unknown;
  switch (shape) {
    case undefined:
      return undefined;
    case 'int-or-string':
    case 'integer':
    case 'number': {
      const scalar = source.scalar(value);
      if (typeof scalar === 'number' || typeof scalar === 'bigint') {
        result = shape === 'number' ? Number(scalar) : Number.isInteger(Number(scalar)) ? BigInt(scalar) : Number(scalar);
      } else {
        result = scalar; // (a string: int-or-string's other half, or a type error the schema check reports)
      }
      break;
    }
    case 'boolean':
    case 'string': {
      const scalar = source.scalar(value);
      result = shape === 'string' && typeof scalar === 'string' ? stringValue(scalar, schema, walk.formats) : scalar;
      break;
    }
    case 'list': {
      const items = source.items(value);
      const list: unknown[] = [];
      items.forEach((item, i) => {
        walk.path.push(i);
        const converted = convert(item, schema.items!, walk, undefined, schema.items!['x-kubernetes-embedded-resource'] === true);
        walk.path.pop();
        list.push(converted === undefined ? null : converted);
      });
      result = list;
      break;
    }
    case 'map': {
      const map = new Map<string, unknown>();
      const itemSchema = schema.additionalProperties as Schema;
      for (const [key, item, itemKey] of source.entries(value)) {
        walk.path.push(key);
        const converted = convert(item, itemSchema, walk, itemKey, itemSchema['x-kubernetes-embedded-resource'] === true);
        walk.path.pop();
        if (converted !== undefined) map.set(key, converted);
      }
      result = map;
      break;
    }
    case 'object':
      result = convertObject(value, schema, walk, resourceRoot);
      break;
  }
  if (walk.onSite && result !== undefined && rulesOf(schema).length > 0) walk.onSite(value, schema, result, [...walk.path], keyNode);
  return result;
}

/** Defaults are JSON: converted once per schema (they hold no node to report on). */
const defaultsCache = new WeakMap<Schema, unknown>();
function defaultValue(schema: Schema, formats: FormatConverters): unknown {
  if (!defaultsCache.has(schema)) {
    const walk: Walk<unknown> = { source: jsonSource, formats, budget: { left: 10_000 }, path: [] };
    defaultsCache.set(schema, convert(schema.default, schema, walk, undefined, schema['x-kubernetes-embedded-resource'] === true));
  }
  return defaultsCache.get(schema);
}

function convertObject<T>(value: T, schema: Schema, walk: Walk<T>, resourceRoot: boolean): Map<string, unknown> | undefined {
  if (walk.source.kind(value) !== 'object') return undefined;
  const object = new Map<string, unknown>();
  const names = celNames(schema);
  const properties = schema.properties ?? {};
  for (const [key, item, itemKey] of walk.source.entries(value)) {
    if (resourceRoot && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) {
      const meta = rootField(key, item, walk);
      if (meta !== undefined) object.set(key, meta);
      continue;
    }
    const name = names.get(key);
    const property = properties[key];
    if (!name || !property) continue;
    walk.path.push(key);
    const converted = convert(item, property, walk, itemKey, property['x-kubernetes-embedded-resource'] === true);
    walk.path.pop();
    if (converted !== undefined) object.set(name, converted);
  }
  for (const [key, property] of Object.entries(properties)) {
    const name = names.get(key);
    if (!name || object.has(name) || property.default === undefined) continue;
    const defaulted = defaultValue(property, walk.formats);
    if (defaulted !== undefined) object.set(name, defaulted);
  }
  return object;
}

/** `apiVersion`, `kind` and `metadata` (only its `name` and `generateName`) at a resource's root. */
function rootField<T>(key: string, value: T, walk: Walk<T>): unknown {
  const { source } = walk;
  if (key !== 'metadata') {
    const scalar = source.scalar(value);
    return typeof scalar === 'string' ? scalar : undefined;
  }
  if (source.kind(value) !== 'object') return undefined;
  const metadata = new Map<string, unknown>();
  for (const [name, item] of source.entries(value)) {
    const scalar = source.scalar(item);
    if ((name === 'name' || name === 'generateName') && typeof scalar === 'string') metadata.set(name, scalar);
  }
  return metadata;
}

/**
 * Converts a resource (the YAML node of a custom resource and its kind's schema) to its CEL value,
 * and returns every place that has rules, with its value.
 */
export function collectRuleSites(root: Node, schema: Schema, doc: Document, basePath: PathSegment[], formats: FormatConverters): ConversionResult {
  const sites: RuleSite[] = [];
  const walk: Walk<Node | undefined> = {
    source: yamlSource(doc), formats, budget: { left: NODE_BUDGET }, path: [...basePath],
    onSite: (node, nodeSchema, value, path, keyNode) => {
      if (node && node.range && !isAlias(node)) sites.push({ node, keyNode, path, rules: rulesOf(nodeSchema), value });
    },
  };
  convert(resolveAlias(root, doc), schema, walk, undefined, true);
  return { sites, truncated: walk.budget.left < 0 };
}
