import { Document, Node, Pair, YAMLMap, YAMLSeq, isAlias, isMap, isScalar, isSeq } from 'yaml';
import { Codes, DiagnosticSeverity, FixData, Problem } from '../diagnostics';
import { isQuantity } from '../quantity';
import { RefResolver, SchemaOrigin, deref } from '../schema/store';
import { QUANTITY_FORMAT, Schema, SchemaType } from '../schema/types';
import { schemaAtPath } from '../schema/navigate';
import {
  PathSegment, ValueKind, formatPath, getNodeAt, keyText, mapEntries, resolveAlias, scalarText, valueKind,
} from '../yaml/nodes';
import { workMeter } from '../work';
import { MAX_NESTING } from '../yaml/limits';
import { formatMismatch, isCheckedFormat } from './formats';
import { compileRegex, regexTest } from './regex';
import { closestMatch, listOfCode, onlyClosestMatch, preview } from './text';
import * as l10n from '@vscode/l10n';

/*
 * `path` is one array per validation, pushed and popped on the way down (no array per node);
 * whatever keeps a path (fix data) keeps a copy.
 */

/**
 * Step 4 of the pipeline: one resource's YAML tree checked against the schema of its kind.
 *
 * Kubernetes schemas are structural (types, properties, items, required, enums, formats and a
 * few value bounds), so the check walks the YAML tree and the schema side by side. That keeps
 * every problem attached to the exact key or value it is about, and lets the message say what a
 * person needs to know: the nearby field that was meant, where a misplaced field belongs, the
 * allowed values.
 */

export interface SchemaValidationOptions {
  resolve: RefResolver;
  origin: SchemaOrigin;
  /** A kustomize patch: a partial resource, so required fields are not demanded. */
  partial?: boolean;
  /** Name of the kind, for messages about the top level ("`specs` is not a field of Deployment"). */
  kindName: string;
  /** Where the resource sits in its document: `[]`, or `['items', 0]` inside a List. */
  basePath?: PathSegment[];
}

/** Bound on the nodes visited per resource: aliases can make a small file describe a huge tree. */
const NODE_BUDGET = 200_000;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

interface Context extends SchemaValidationOptions {
  doc: Document;
  /** What the check reads of each schema, worked out once (per resolver: `$ref`s differ by version). */
  facts: WeakMap<Schema, SchemaFacts>;
  problems: Problem[];
  budget: number;
  /** The deepest path checked (MAX_NESTING levels below the resource). */
  maxDepth: number;
  /** Schema of the whole resource, for finding where a misplaced field belongs. */
  rootSchema: Schema;
  /**
   * Inside an `anyOf`/`oneOf`/`not` branch: a value validation, whose `properties` constrain the
   * fields they name and close nothing (structural schemas: a branch cannot add or forbid fields).
   */
  inBranch?: boolean;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.start}:${problem.end}:${problem.code}:${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Offsets to highlight for a node: a scalar whole, a collection by its first line only. */
function spanOf(node: Node): [number, number] {
  const range = node.range ?? [0, 0, 0];
  if (isScalar(node) || isAlias(node)) return [range[0], range[1]];
  return [range[0], range[0] + 1];
}

function problem(node: Node, code: string, severity: DiagnosticSeverity, message: string, fixes?: FixData[]): Problem {
  const [start, end] = spanOf(node);
  return { code, severity, message, start, end: Math.max(end, start), ...(fixes ? { fixes } : {}) };
}

/** The resource's path in its document, for fix data. */
function resourcePath(ctx: Context): PathSegment[] {
  return [...(ctx.basePath ?? [])];
}

function where(path: readonly PathSegment[], ctx: Context): string {
  return path.length === (ctx.basePath?.length ?? 0) ? ctx.kindName : `\`${formatPath(path)}\``;
}

function fieldName(path: readonly PathSegment[], ctx: Context): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return `\`${path[i]}\``;
  return ctx.kindName;
}

function kindMatches(kind: ValueKind, types: SchemaType[]): boolean {
  for (const type of types) if (type === kind || (type === 'number' && kind === 'integer')) return true;
  return false;
}

/** The missing required fields (and the one of several alternatives it needs): each case one whole sentence. */
function missingFieldsMessage(where: string, missing: string[], oneOf: string[]): string {
  const fields = listOfCode(missing, 'and');
  if (oneOf.length) {
    return missing.length > 1
      ? l10n.t('{0} is missing the required fields {1} and one of {2}.', where, fields, listOfCode(oneOf))
      : l10n.t('{0} is missing the required field {1} and one of {2}.', where, fields, listOfCode(oneOf));
  }
  return missing.length > 1 ? l10n.t('{0} is missing the required fields {1}.', where, fields) : l10n.t('{0} is missing the required field {1}.', where, fields);
}

/** A value of a kind, as a message names it ("an integer"): a phrase of the messages below. */
function kindWord(kind: ValueKind): string {
  switch (kind) {
    case 'object': return l10n.t('an object');
    case 'array': return l10n.t('a list');
    case 'string': return l10n.t('a string');
    case 'integer': return l10n.t('an integer');
    case 'number': return l10n.t('a number');
    case 'boolean': return l10n.t('a boolean');
    default: return 'null';
  }
}

/** What a field of a schema type takes, as a message names it. */
function typeWord(type: SchemaType): string {
  switch (type) {
    case 'object': return l10n.t('an object (a map of fields)');
    case 'boolean': return l10n.t('true or false');
    default: return kindWord(type);
  }
}

/** The types a field takes, as a message names them ("an integer or a string"). */
function typeWords(types: SchemaType[]): string {
  return types.map(typeWord).reduce((all, word) => l10n.t('{0} or {1}', all, word));
}

function describeFound(node: Node, kind: ValueKind): string {
  const text = scalarText(node);
  if (kind === 'string') return l10n.t('the string "{0}"', preview(text ?? ''));
  if (kind === 'integer' || kind === 'number') return l10n.t('the number {0}', text ?? '');
  if (kind === 'boolean') return l10n.t('the boolean `{0}`', text ?? '');
  return kindWord(kind);
}

/** The wrong-type message, with advice for the classic YAML type surprises: each case one sentence. */
function wrongTypeMessage(where: string, node: Node, kind: ValueKind, types: SchemaType[]): string {
  const expected = typeWords(types);
  const found = describeFound(node, kind);
  const text = scalarText(node) ?? '';
  if (types.includes('string') && kind === 'boolean' && !/^(true|false)$/i.test(text)) {
    return l10n.t('{0} must be {1}, not {2} (YAML reads an unquoted {3} as a boolean); quote it: "{3}".', where, expected, found, text);
  }
  if (types.includes('string') && (kind === 'boolean' || kind === 'integer' || kind === 'number')) {
    return l10n.t('{0} must be {1}, not {2}; quote it: "{3}".', where, expected, found, text);
  }
  if (types.includes('array') && kind === 'object') {
    return l10n.t('{0} must be {1}, not {2}; write each item on its own line starting with `- `.', where, expected, found);
  }
  if ((types.includes('integer') || types.includes('number')) && kind === 'string' && /^[-+]?\d+(\.\d+)?$/.test(text.trim())) {
    return l10n.t('{0} must be {1}, not {2}; remove the quotes.', where, expected, found);
  }
  return l10n.t('{0} must be {1}, not {2}.', where, expected, found);
}

/**
 * What the check reads of a schema, with its `$ref` followed: read once per schema object into
 * one fixed shape. Schemas come from JSON in many shapes, and reading a dozen keywords of each
 * at every node of every document was most of the check's time.
 */
class SchemaFacts {
  readonly types: SchemaType[] | undefined;
  readonly allOf: Schema[] | undefined;
  readonly alternatives: boolean;
  readonly intOrString: boolean;
  readonly quantity: boolean;
  readonly enumValues: unknown[] | undefined;
  readonly properties: Map<string, Schema> | undefined;
  readonly additional: Schema | undefined;
  readonly closed: boolean;
  readonly items: Schema | undefined;
  /** Whether a string or number value can break a rule (format, pattern, length, bounds). */
  readonly stringChecks: boolean;
  readonly numberChecks: boolean;
  /** Whether a map or list has anything to count (required, min/max, list types). */
  readonly objectChecks: boolean;
  readonly arrayChecks: boolean;

  constructor(readonly schema: Schema) {
    const type = schema.type;
    this.types = type === undefined ? undefined : Array.isArray(type) ? (type.length ? type : undefined) : [type];
    this.allOf = schema.allOf;
    this.alternatives = Boolean(schema.anyOf || schema.oneOf || schema.not);
    this.intOrString = Boolean(schema['x-kubernetes-int-or-string']);
    this.quantity = schema.format === QUANTITY_FORMAT;
    this.enumValues = schema.enum;
    this.properties = schema.properties ? new Map(Object.entries(schema.properties)) : undefined;
    this.additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    this.closed = isClosed(schema);
    this.items = schema.items;
    this.stringChecks = schema.format === 'byte' || isCheckedFormat(schema.format) || schema.pattern !== undefined || schema.minLength !== undefined || schema.maxLength !== undefined;
    this.numberChecks = schema.format === 'int32' || schema.minimum !== undefined || schema.maximum !== undefined
      || typeof schema.exclusiveMinimum === 'number' || typeof schema.exclusiveMaximum === 'number' || schema.multipleOf !== undefined;
    this.objectChecks = schema.required !== undefined || schema.minProperties !== undefined || schema.maxProperties !== undefined;
    this.arrayChecks = schema.minItems !== undefined || schema.maxItems !== undefined || schema.uniqueItems === true
      || schema['x-kubernetes-list-type'] !== undefined;
  }
}

function factsOf(schema: Schema, ctx: Context): SchemaFacts {
  let facts = ctx.facts.get(schema);
  if (!facts) {
    const resolved = deref(schema, ctx.resolve);
    facts = (resolved !== schema ? ctx.facts.get(resolved) : undefined) ?? new SchemaFacts(resolved);
    ctx.facts.set(schema, facts);
    ctx.facts.set(resolved, facts);
  }
  return facts;
}

const factsByResolver = new WeakMap<RefResolver, WeakMap<Schema, SchemaFacts>>();
function factsCache(resolve: RefResolver): WeakMap<Schema, SchemaFacts> {
  let cache = factsByResolver.get(resolve);
  if (!cache) factsByResolver.set(resolve, (cache = new WeakMap()));
  return cache;
}

function validateNode(input: Node | null | undefined, schemaIn: Schema, path: PathSegment[], keyNode: Node | undefined, ctx: Context): void {
  if (--ctx.budget < 0) return;
  workMeter.steps++;
  // (Deeper than the text allows only through aliases: not followed further.)
  if (path.length > ctx.maxDepth) {
    ctx.budget = -1;
    return;
  }
  const facts = factsOf(schemaIn, ctx);
  const schema = facts.schema;
  const node = isAlias(input) ? resolveAlias(input, ctx.doc) : input;
  const kind = valueKind(node);
  // Kubernetes' decoder treats an explicit null as "not set"; the API server prunes it from
  // custom resources. Neither is an error (kubectl itself writes `creationTimestamp: null`).
  if (kind === 'null' || !node) return;

  if (facts.allOf) for (const part of facts.allOf) validateNode(node, part, path, keyNode, ctx);
  if (facts.alternatives) validateAlternatives(node, schema, path, keyNode, ctx);

  if (facts.intOrString) {
    if (kind !== 'integer' && kind !== 'string') {
      ctx.problems.push(problem(node, Codes.wrongType, DiagnosticSeverity.Error,
        l10n.t('{0} must be an integer or a string, not {1}.', where(path, ctx), describeFound(node, kind))));
    }
    return;
  }
  if (facts.quantity) {
    validateQuantity(node, kind, path, ctx);
    return;
  }

  const types = facts.types;
  if (types !== undefined && !kindMatches(kind, types)) {
    ctx.problems.push(problem(keyNode && !isScalar(node) ? keyNode : node, Codes.wrongType, DiagnosticSeverity.Error,
      wrongTypeMessage(where(path, ctx), node, kind, types)));
    return;
  }

  if (kind === 'object') validateObject(node as YAMLMap, facts, path, keyNode, ctx);
  else if (kind === 'array') validateArray(node as YAMLSeq, facts, path, keyNode, ctx);
  else if (isScalar(node)) {
    if (facts.enumValues) validateEnum(node, facts.enumValues, path, ctx);
    if (facts.stringChecks || facts.numberChecks) validateScalar(node, kind, schema, path, ctx);
  }
}

function validateQuantity(node: Node, kind: ValueKind, path: PathSegment[], ctx: Context): void {
  if ((kind === 'integer' || kind === 'number' || kind === 'string') && isScalar(node) && isQuantity(node.value)) return;
  const shown = kind === 'string' || kind === 'integer' || kind === 'number' ? `\`${preview(scalarText(node) ?? '')}\`` : kindWord(kind);
  ctx.problems.push(problem(node, Codes.invalidValue, DiagnosticSeverity.Error,
    l10n.t('{0} is not a valid quantity for {1}: write a number with an optional unit, such as 500m, 2, 0.5, 128Mi or 1Gi.', shown, fieldName(path, ctx))));
}

function validateEnum(node: Node, values: unknown[], path: PathSegment[], ctx: Context): void {
  const value = isScalar(node) ? node.value : undefined;
  if (values.some((allowed) => allowed === value)) return;
  // Built-in enum fields are defaulted by the API server: an empty string means "not set".
  if (ctx.origin === 'kubernetes' && value === '') return;
  const allowed = values.filter((v) => v !== '' && v !== null).map(String);
  const text = scalarText(node) ?? String(value);
  const near = closestMatch(text, allowed);
  const ordered = near ? [near, ...allowed.filter((v) => v !== near)] : allowed;

  // Safe when one value is evidently meant: the only near one, or the only one allowed.
  const meant = allowed.length === 1 ? allowed[0] : onlyClosestMatch(text, allowed);
  ctx.problems.push(problem(node, Codes.invalidEnum, DiagnosticSeverity.Error,
    near
      ? l10n.t('`{0}` is not a valid value for {1}; did you mean `{2}`? Allowed values: {3}.', preview(text), fieldName(path, ctx), near, allowed.join(', '))
      : l10n.t('`{0}` is not a valid value for {1}; use one of: {2}.', preview(text), fieldName(path, ctx), allowed.join(', ')),
    [{ fix: 'set-value', resource: resourcePath(ctx), path: [...path], values: ordered, ...(meant !== undefined && meant === ordered[0] ? { safe: true as const } : {}) }]));
}

function validateScalar(node: Node, kind: ValueKind, schema: Schema, path: PathSegment[], ctx: Context): void {
  if (!isScalar(node)) return;
  const value = node.value;
  // Most scalars pass every check: the field's name is only worked out for a message.
  const name = () => fieldName(path, ctx);
  if (typeof value === 'string') {
    if (schema.format === 'byte' && !BASE64.test(value.replace(/[\r\n]/g, ''))) {
      ctx.problems.push(problem(node, Codes.invalidValue, DiagnosticSeverity.Error, path.length === 2 && path[0] === 'data'
        ? l10n.t('{0} must be base64-encoded; `{1}` is not valid base64 (plain text goes under `stringData`).', name(), preview(value))
        : l10n.t('{0} must be base64-encoded; `{1}` is not valid base64.', name(), preview(value))));
    }
    // A custom resource's `format` (the API server checks them with kube-openapi's strfmt); built-in
    // kinds' formats are informational, their Go validation decides (step 5).
    if (ctx.origin !== 'kubernetes' && schema.format !== undefined && schema.format !== 'byte') {
      const wanted = formatMismatch(schema.format, value);
      if (wanted !== undefined) {
        ctx.problems.push(problem(node, Codes.invalidValue, DiagnosticSeverity.Error,
          l10n.t('`{0}` is not valid for {1}: it must be {2} (format `{3}`).', preview(value), name(), wanted, schema.format)));
      }
    }
    if (schema.pattern !== undefined) {
      // Linear time, RE2 semantics (regex.ts): a workspace CRD's pattern is untrusted input.
      const regex = compileRegex(schema.pattern);
      if (regex && !regexTest(regex, value)) {
        ctx.problems.push(problem(node, Codes.invalidValue, DiagnosticSeverity.Error,
          l10n.t('`{0}` does not have the form {1} requires (pattern `{2}`).', preview(value), name(), preview(schema.pattern, 80))));
      }
    }
    if (schema.minLength === undefined && schema.maxLength === undefined) return;
    const length = codePointLength(value);
    if (schema.minLength !== undefined && length < schema.minLength) {
      ctx.problems.push(problem(node, Codes.invalidValue, DiagnosticSeverity.Error,
        schema.minLength === 1 ? l10n.t('{0} must not be empty.', name()) : l10n.t('{0} must be at least {1} characters long.', name(), schema.minLength)));
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      ctx.problems.push(problem(node, Codes.invalidValue, DiagnosticSeverity.Error,
        l10n.t('{0} must be at most {1} characters long (it has {2}).', name(), schema.maxLength, length)));
    }
  } else if (typeof value === 'number' || typeof value === 'bigint') {
    const number = Number(value);
    if (schema.format === 'int32' && kind === 'integer' && (number < INT32_MIN || number > INT32_MAX)) {
      ctx.problems.push(problem(node, Codes.invalidValue, DiagnosticSeverity.Error,
        l10n.t('{0} must fit in a 32-bit integer ({1} to {2}).', name(), INT32_MIN, INT32_MAX)));
    }
    const exclusiveMin = schema.exclusiveMinimum === true || typeof schema.exclusiveMinimum === 'number';
    const minimum = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : schema.minimum;
    if (minimum !== undefined && (exclusiveMin ? number <= minimum : number < minimum)) {
      ctx.problems.push(problem(node, Codes.invalidValue, DiagnosticSeverity.Error,
        exclusiveMin ? l10n.t('{0} must be greater than {1}.', name(), minimum) : l10n.t('{0} must be at least {1}.', name(), minimum)));
    }
    const exclusiveMax = schema.exclusiveMaximum === true || typeof schema.exclusiveMaximum === 'number';
    const maximum = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : schema.maximum;
    if (maximum !== undefined && (exclusiveMax ? number >= maximum : number > maximum)) {
      ctx.problems.push(problem(node, Codes.invalidValue, DiagnosticSeverity.Error,
        exclusiveMax ? l10n.t('{0} must be less than {1}.', name(), maximum) : l10n.t('{0} must be at most {1}.', name(), maximum)));
    }
    if (schema.multipleOf !== undefined && schema.multipleOf > 0 && Math.abs(number / schema.multipleOf - Math.round(number / schema.multipleOf)) > 1e-9) {
      ctx.problems.push(problem(node, Codes.invalidValue, DiagnosticSeverity.Error,
        l10n.t('{0} must be a multiple of {1}.', name(), schema.multipleOf)));
    }
  }
}

/** Length in code points, as JSON Schema counts it (a surrogate pair is one character). */
function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

function isClosed(schema: Schema): boolean {
  if (schema['x-kubernetes-preserve-unknown-fields']) return false;
  if (schema.additionalProperties === true || typeof schema.additionalProperties === 'object') return false;
  return schema.properties !== undefined || schema.additionalProperties === false;
}

function validateObject(node: YAMLMap, facts: SchemaFacts, path: PathSegment[], keyNode: Node | undefined, ctx: Context): void {
  const schema = facts.schema;
  const entries = mapEntries(node, ctx.doc);
  const { properties, additional, closed } = facts;

  for (const pair of entries) {
    const key = keyText(pair);
    const pairKey = pair.key as Node | null;
    if (key === undefined) continue;
    const childSchema = properties?.get(key) ?? additional;
    if (childSchema) {
      path.push(key);
      validateNode(pair.value as Node | null, childSchema, path, pairKey ?? undefined, ctx);
      path.pop();
    } else if (closed && pairKey && !ctx.inBranch) {
      // Strategic-merge-patch directives (`$patch`, `$setElementOrder/...`) are valid in patches.
      if (ctx.partial && key.startsWith('$')) continue;
      reportUnknownField(pairKey, key, schema, path, presentKeys(entries), ctx);
    }
  }

  if (!facts.objectChecks) return;
  if (!ctx.partial && schema.required) {
    for (const name of schema.required) {
      // (A few required fields and keys: a scan costs less than a map of the keys.)
      let pair: Pair | undefined;
      for (const entry of entries) {
        if (keyText(entry) === name) pair = entry;
      }
      if (pair && valueKind(resolveAlias(pair.value, ctx.doc)) !== 'null') continue;
      const anchor = keyNode ?? firstKey(node) ?? node;
      const message = pair
        ? l10n.t('{0} is required but has no value.', where([...path, name], ctx))
        : l10n.t('{0} is missing the required field `{1}`.', where(path, ctx), name);
      ctx.problems.push(problem(anchor, Codes.missingRequired, DiagnosticSeverity.Error, message,
        pair ? undefined : [{ fix: 'insert-required', resource: resourcePath(ctx), path: [...path], fields: [name] }]));
    }
  }

  if (schema.minProperties !== undefined || schema.maxProperties !== undefined) {
    const count = presentKeys(entries).size;
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      ctx.problems.push(problem(keyNode ?? node, Codes.invalidValue, DiagnosticSeverity.Error,
        schema.minProperties === 1 ? l10n.t('{0} needs at least 1 field.', where(path, ctx)) : l10n.t('{0} needs at least {1} fields.', where(path, ctx), schema.minProperties)));
    }
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      ctx.problems.push(problem(keyNode ?? node, Codes.invalidValue, DiagnosticSeverity.Error,
        l10n.t('{0} may have at most {1} fields.', where(path, ctx), schema.maxProperties)));
    }
  }
}

/** The keys of a mapping's entries, by name (the last of duplicates wins). */
function presentKeys(entries: readonly Pair[]): Map<string, Pair> {
  const present = new Map<string, Pair>();
  for (const pair of entries) {
    const key = keyText(pair);
    if (key !== undefined) present.set(key, pair);
  }
  return present;
}

function firstKey(node: Node): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items[0];
  return (pair?.key as Node | undefined) ?? undefined;
}

function objectSchemaOf(schema: Schema | undefined, ctx: Context): Schema | undefined {
  if (!schema) return undefined;
  const resolved = deref(schema, ctx.resolve);
  if (resolved.properties) return resolved;
  if (resolved.items) {
    const items = deref(resolved.items, ctx.resolve);
    if (items.properties) return items;
  }
  return undefined;
}

/**
 * An unknown key: say what was probably meant. First a near name at the same level (a typo),
 * then the same name one level away: under a sibling field (or a sibling list's items), or in
 * the parent object.
 */
function reportUnknownField(keyNode: Node, key: string, schema: Schema, path: PathSegment[], present: Map<string, Pair>, ctx: Context): void {
  const properties = Object.keys(schema.properties ?? {});
  const container = where(path, ctx);
  const absent = properties.filter((name) => !present.has(name));
  const near = closestMatch(key, absent);
  if (near) {
    // Safe when no other field is as near: the typo has one meaning.
    ctx.problems.push(problem(keyNode, Codes.unknownField, DiagnosticSeverity.Error,
      l10n.t('`{0}` is not a field of {1}; did you mean `{2}`?', key, container, near),
      [{ fix: 'rename-key', resource: resourcePath(ctx), path: [...path], from: key, to: near, ...(onlyClosestMatch(key, absent) === near ? { safe: true as const } : {}) }]));
    return;
  }

  const target = findHome(key, schema, path, present, ctx);
  if (target) {
    const shown = target.some((segment) => typeof segment === 'number') || target.length === 0 ? formatPath(target) || l10n.t('the top level') : formatPath(target);
    ctx.problems.push(problem(keyNode, Codes.unknownField, DiagnosticSeverity.Error,
      l10n.t('`{0}` is not a field of {1}; it belongs under `{2}`.', key, container, shown),
      [{ fix: 'move-key', resource: resourcePath(ctx), path: [...path], key, to: target, safe: true }]));
    return;
  }
  ctx.problems.push(problem(keyNode, Codes.unknownField, DiagnosticSeverity.Error, l10n.t('`{0}` is not a field of {1}.', key, container)));
}

function findHome(key: string, schema: Schema, path: PathSegment[], present: Map<string, Pair>, ctx: Context): PathSegment[] | undefined {
  // A sibling's child (or a sibling list's last item): prefer siblings the document already has,
  // and never a place that already has that key.
  const candidates: { path: PathSegment[]; inDocument: boolean }[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const child = objectSchemaOf(property, ctx);
    if (!child?.properties?.[key]) continue;
    const resolved = deref(property, ctx.resolve);
    const isList = !resolved.properties && resolved.items !== undefined;
    const sibling = present.get(name);
    const value = sibling ? resolveAlias(sibling.value, ctx.doc) : undefined;
    const target = isList ? [...path, name, isSeq(value) ? Math.max(value.items.length - 1, 0) : 0] : [...path, name];
    const targetNode = isList && isSeq(value) ? resolveAlias(value.items[value.items.length - 1], ctx.doc) : value;
    if (isMap(targetNode) && mapEntries(targetNode, ctx.doc).some((pair) => keyText(pair) === key)) continue;
    candidates.push({ path: target, inDocument: sibling !== undefined });
  }
  const inDocument = candidates.filter((candidate) => candidate.inDocument);
  if (inDocument.length === 1) return inDocument[0].path;
  if (inDocument.length === 0 && candidates.length === 1) return candidates[0].path;
  if (candidates.length > 0) return undefined;

  // The parent object (when this object is a field of another object, not a list item).
  if (path.length > (ctx.basePath?.length ?? 0) && typeof path[path.length - 1] === 'string') {
    const parentPath = path.slice(0, -1);
    const parentSchema = schemaAtPath(ctx.rootSchema, parentPath.slice(ctx.basePath?.length ?? 0), ctx.resolve);
    const parentNode = getNodeAt(ctx.doc.contents, parentPath, ctx.doc);
    const taken = isMap(parentNode) && mapEntries(parentNode, ctx.doc).some((pair) => keyText(pair) === key);
    if (parentSchema && deref(parentSchema, ctx.resolve).properties?.[key] && !taken) return parentPath;
  }
  return undefined;
}

function validateArray(node: YAMLSeq, facts: SchemaFacts, path: PathSegment[], keyNode: Node | undefined, ctx: Context): void {
  const schema = facts.schema;
  const items = node.items as (Node | null)[];
  if (facts.items) {
    for (let i = 0; i < items.length; i++) {
      path.push(i);
      validateNode(items[i], facts.items, path, undefined, ctx);
      path.pop();
    }
  }
  if (!facts.arrayChecks) return;
  const anchor = keyNode ?? node;
  if (schema.minItems !== undefined && items.length < schema.minItems) {
    ctx.problems.push(problem(anchor, Codes.invalidValue, DiagnosticSeverity.Error,
      schema.minItems === 1 ? l10n.t('{0} needs at least 1 item.', where(path, ctx)) : l10n.t('{0} needs at least {1} items.', where(path, ctx), schema.minItems)));
  }
  if (schema.maxItems !== undefined && items.length > schema.maxItems) {
    ctx.problems.push(problem(anchor, Codes.invalidValue, DiagnosticSeverity.Error,
      l10n.t('{0} may have at most {1} items (it has {2}).', where(path, ctx), schema.maxItems, items.length)));
  }
  // Built-in kinds are checked by the API server's own code, not by list types in the OpenAPI
  // document; custom resources are checked by their structural schema, list types included.
  if (ctx.origin === 'kubernetes') return;
  const listType = schema['x-kubernetes-list-type'];
  if (schema.uniqueItems || listType === 'set') reportDuplicates(items, path, (item) => JSON.stringify(item?.toJSON?.() ?? null), ctx, 'value');
  if (listType === 'map' && schema['x-kubernetes-list-map-keys']?.length) {
    const keys = schema['x-kubernetes-list-map-keys'];
    reportDuplicates(items, path, (item) => {
      if (!isMap(item)) return undefined;
      const values = keys.map((key) => scalarText(mapEntries(item, ctx.doc).find((pair) => keyText(pair) === key)?.value));
      return values.every((value) => value === undefined) ? undefined : JSON.stringify(values);
    }, ctx, listOfCode(keys, 'and'));
  }
}

function reportDuplicates(items: (Node | null)[], path: PathSegment[], identity: (item: Node | null) => string | undefined, ctx: Context, what: string): void {
  const seen = new Set<string>();
  items.forEach((item) => {
    const id = identity(item);
    if (id === undefined || !item) return;
    if (seen.has(id)) {
      ctx.problems.push(problem(item, Codes.invalidValue, DiagnosticSeverity.Error,
        l10n.t('Duplicate item in {0}: another item has the same {1}.', where(path, ctx), what)));
    }
    seen.add(id);
  });
}

/** Names of the fields a branch only requires (the usual "one of these fields" idiom). */
function requiredOnly(schema: Schema): string[] | undefined {
  const keys = Object.keys(schema).filter((key) => key !== 'description');
  if (keys.length === 1 && keys[0] === 'required' && schema.required) return schema.required;
  return undefined;
}

function tryBranch(node: Node, branch: Schema, path: PathSegment[], keyNode: Node | undefined, ctx: Context): Problem[] {
  const sub: Context = { ...ctx, problems: [], inBranch: true };
  validateNode(node, branch, path, keyNode, sub);
  ctx.budget = sub.budget;
  return sub.problems;
}

function validateAlternatives(node: Node, schema: Schema, path: PathSegment[], keyNode: Node | undefined, ctx: Context): void {
  const anchor = keyNode ?? node;
  if (schema.not) {
    const notProblems = tryBranch(node, schema.not, path, keyNode, ctx);
    if (notProblems.length === 0) {
      const fields = requiredOnly(deref(schema.not, ctx.resolve));
      ctx.problems.push(problem(anchor, Codes.invalidValue, DiagnosticSeverity.Error, fields
        ? l10n.t('{0} must not set {1}.', where(path, ctx), listOfCode(fields, 'and'))
        : l10n.t('{0} has a value that is not allowed here.', where(path, ctx))));
    }
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (!branches || branches.length === 0) continue;
    const results = branches.map((branch) => tryBranch(node, branch, path, keyNode, ctx));
    const passing = results.filter((problems) => problems.length === 0).length;
    // The usual idiom: alternatives that each only require some fields.
    const fieldSets = branches.map((branch) => requiredOnly(deref(branch, ctx.resolve))).filter((fields) => fields !== undefined);
    const common = fieldSets.length ? fieldSets.reduce((a, b) => a.filter((field) => b.includes(field))) : [];
    const distinguishing = [...new Set(fieldSets.flat())].filter((field) => !common.includes(field));
    if (passing === 0) {
      if (fieldSets.length === branches.length) {
        const present = new Set(isMap(node) ? mapEntries(node, ctx.doc).map(keyText) : []);
        const missingCommon = common.filter((field) => !present.has(field));
        const message = missingCommon.length > 0
          ? missingFieldsMessage(where(path, ctx), missingCommon, distinguishing)
          : l10n.t('{0} needs one of {1}.', where(path, ctx), listOfCode(distinguishing));
        ctx.problems.push(problem(anchor, Codes.missingRequired, DiagnosticSeverity.Error, message));
      } else {
        // Report the problems of the alternative that came closest.
        ctx.problems.push(...results.reduce((a, b) => (b.length < a.length ? b : a)));
      }
    } else if (keyword === 'oneOf' && passing > 1) {
      ctx.problems.push(problem(anchor, Codes.invalidValue, DiagnosticSeverity.Error, distinguishing.length > 1
        ? l10n.t('{0} may set only one of {1}.', where(path, ctx), listOfCode(distinguishing))
        : l10n.t('{0} matches more than one of the allowed forms.', where(path, ctx))));
    }
  }
}

/** Validates the resource rooted at `root` against the schema of its kind. */
export function validateResource(root: Node, schema: Schema, doc: Document, options: SchemaValidationOptions): Problem[] {
  // Spelled out, not spread: one shape for every caller, and no generic object copy per resource.
  const ctx: Context = {
    resolve: options.resolve, origin: options.origin, partial: options.partial, kindName: options.kindName, basePath: options.basePath,
    doc, facts: factsCache(options.resolve), problems: [], budget: NODE_BUDGET, maxDepth: (options.basePath?.length ?? 0) + MAX_NESTING, rootSchema: schema,
  };
  validateNode(root, schema, [...(options.basePath ?? [])], undefined, ctx);
  if (ctx.budget < 0) {
    ctx.problems.push(problem(root, Codes.tooComplex, DiagnosticSeverity.Warning,
      l10n.t('Through its YAML aliases, this resource expands to more than Kubesmith checks ({0} values, {1} levels deep); only part of it was checked.', NODE_BUDGET.toLocaleString('en-US'), MAX_NESTING)));
  }
  return dedupe(ctx.problems);
}
