import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The JSON schema yaml-language-server validates with: draft-07, built from the same Kubernetes
 * OpenAPI document as Kubesmith's bundle (definitions only), one subschema per kind.
 *
 * - Each kind (a definition with `x-kubernetes-group-version-kind`, except the apimachinery ones
 *   that list every group-version) gets a subschema: its definition's properties with `apiVersion`
 *   and `kind` narrowed to single-value enums, both required, `additionalProperties: false`.
 * - Every definition with `properties` gets `additionalProperties: false` (maps such as `labels`
 *   keep their `additionalProperties: {type: string}`).
 * - IntOrString is `type: [string, integer]`; Quantity is `type: [string, number]` with the
 *   Kubernetes quantity pattern (a pattern only constrains strings).
 * - Formats: only `date-time` is kept (int32/int64/byte/double are not JSON Schema formats).
 * - `$ref`s point into `definitions`; descriptions are kept (hover shows them); `x-kubernetes-*`
 *   extensions are dropped.
 * - The top level is `anyOf` over the kinds' `$ref`s (see `combinator`; docs/performance.md says why).
 */

export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

type Json = Record<string, unknown>;

function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (!node || typeof node !== 'object') return node;
  const source = node as Json;
  const result: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith('x-kubernetes-')) continue;
    if (key === 'format') {
      if (value === 'date-time') result.format = value;
      continue;
    }
    if (key === 'properties') {
      const properties: Json = {};
      for (const [name, property] of Object.entries(value as Json)) properties[name] = clean(property);
      result.properties = properties;
      continue;
    }
    result[key] = clean(value);
  }
  if (source.format === 'int-or-string') {
    result.type = ['string', 'integer'];
  }
  // A $ref with siblings: draft-07 ignores the siblings, which is what we want (description only).
  if (result.properties && result.additionalProperties === undefined) result.additionalProperties = false;
  return result;
}

export interface KindInfo {
  apiVersion: string;
  kind: string;
  definition: string;
}

export function listKinds(definitions: Record<string, Json>): KindInfo[] {
  const kinds: KindInfo[] = [];
  for (const [name, definition] of Object.entries(definitions)) {
    if (name.startsWith('io.k8s.apimachinery.')) continue;
    const gvks = definition['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined;
    if (!gvks || !definition.properties) continue;
    for (const gvk of gvks) {
      kinds.push({ apiVersion: gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version, kind: gvk.kind, definition: name });
    }
  }
  return kinds;
}

export function buildKubernetesSchema(swaggerGz: string, combinator: 'anyOf' | 'oneOf' = 'anyOf'): { schema: Json; kinds: number } {
  const swagger = JSON.parse(gunzipSync(readFileSync(swaggerGz)).toString('utf8')) as { definitions: Record<string, Json> };
  const definitions: Json = {};
  for (const [name, definition] of Object.entries(swagger.definitions)) definitions[name] = clean(definition);
  definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = {
    description: (swagger.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] as Json).description,
    type: ['string', 'integer'],
  };
  definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'] = {
    description: (swagger.definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'] as Json).description,
    type: ['string', 'number'],
    pattern: QUANTITY_PATTERN,
  };
  const kinds = listKinds(swagger.definitions);
  const alternatives: Json[] = [];
  for (const info of kinds) {
    const base = definitions[info.definition] as Json;
    const properties = { ...(base.properties as Json) };
    properties.apiVersion = { ...(properties.apiVersion as Json), enum: [info.apiVersion] };
    properties.kind = { ...(properties.kind as Json), enum: [info.kind] };
    const id = `kind.${info.apiVersion.replace('/', '.')}.${info.kind}`;
    definitions[id] = {
      ...base,
      properties,
      required: [...new Set(['apiVersion', 'kind', ...((base.required as string[] | undefined) ?? [])])],
      additionalProperties: false,
    };
    alternatives.push({ $ref: `#/definitions/${id}` });
  }
  const schema: Json = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://kubesmith.invalid/bench/kubernetes-1.36.json',
    title: 'Kubernetes 1.36 (per kind)',
    definitions,
    [combinator]: alternatives,
  };
  return { schema, kinds: kinds.length };
}

/** Writes the schema once per combinator (kept in the cache folder), returning its path. */
export function ensureKubernetesSchema(swaggerGz: string, outFile: string, combinator: 'anyOf' | 'oneOf'): { path: string; kinds: number } {
  const marker = `${outFile}.kinds`;
  if (existsSync(outFile) && existsSync(marker)) return { path: outFile, kinds: Number(readFileSync(marker, 'utf8')) };
  const { schema, kinds } = buildKubernetesSchema(swaggerGz, combinator);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(schema));
  writeFileSync(marker, String(kinds));
  return { path: outFile, kinds };
}
