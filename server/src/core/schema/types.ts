/**
 * The subset of JSON Schema (OpenAPI v2 for built-in kinds, OpenAPI v3 structural schemas for
 * custom resources) that Kubernetes uses, as stored in the bundle under `schemas/`.
 *
 * `$ref` names a Kubernetes definition (`io.k8s.api.core.v1.PodSpec`), resolved through the
 * index of the targeted Kubernetes version, so one stored definition serves every version that
 * has it unchanged. Inside a custom-resource bundle, `$ref: "#<hash>"` names a subtree shared by
 * several kinds or versions of that group; those are linked when the group is loaded.
 */
export interface Schema {
  $ref?: string;
  type?: SchemaType | SchemaType[];
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  nullable?: boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  not?: Schema;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  /** CEL rules of a CRD schema node (evaluated by validation/cel). */
  'x-kubernetes-validations'?: ValidationRule[];
}

/**
 * One `x-kubernetes-validations` entry of a CRD schema: a CEL expression over `self` (the value at
 * the node) that must be true, with what the API server says when it is not.
 */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  /** `FieldValueInvalid` (the default), `FieldValueForbidden`, `FieldValueRequired`, `FieldValueDuplicate`. */
  reason?: string;
  /** Where the error is reported, relative to the node: `.spec.replicas`, `['a.b']`. */
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

/** `format` value the bundle gives to `resource.Quantity` (a string or number in quantity grammar). */
export const QUANTITY_FORMAT = 'quantity';

/** Top-level index of the bundle: `schemas/index.json`. */
export interface BundleIndex {
  /** Kubernetes minors in the bundle, oldest first, e.g. ["1.28", ..., "1.36"]. */
  kubernetesVersions: string[];
  defaultKubernetesVersion: string;
  /** apiVersion → kind → the minors that serve it (a subset of kubernetesVersions). */
  served: Record<string, Record<string, string[]>>;
  /** Definition shards whose descriptions are split into several files: prefix → number of files (see descriptionFile). */
  descriptionParts: Record<string, number>;
  /** Custom-resource groups: group → kind → versions with a bundled schema. */
  crds: Record<string, Record<string, string[]>>;
  /** Where the data came from (also in NOTICE). */
  sources: string[];
}

/** `schemas/kubernetes/<minor>.json`: what one Kubernetes minor serves. */
export interface VersionIndex {
  /** apiVersion → kind → definition name. */
  kinds: Record<string, Record<string, string>>;
  /** definition name → index of its variant in the definition shard. */
  definitions: Record<string, number>;
}

/** `schemas/kubernetes/definitions/<prefix>.json`: every distinct variant of each definition. */
export type DefinitionShard = Record<string, Schema[]>;

/** A file under `schemas/kubernetes/descriptions/` (see descriptionFile): per definition, per variant, descriptions by node path. */
export type DescriptionShard = Record<string, Record<string, string>[]>;

/** `schemas/crds/<group>.json`. */
export interface CrdGroupBundle {
  group: string;
  /** kind → version → root schema (may contain `$ref: "#<hash>"` into `shared`). */
  kinds: Record<string, Record<string, Schema>>;
  shared: Record<string, Schema>;
}

/** `schemas/api-lifecycle.json`. */
export interface ApiLifecycle {
  removed: ApiLifecycleEntry[];
  deprecated: ApiLifecycleEntry[];
}

export interface ApiLifecycleEntry {
  apiVersion: string;
  kind: string;
  deprecatedIn?: string;
  removedIn: string;
  replacement: string | null;
  note?: string;
}

/** Definition name → shard file prefix (`io.k8s.api.core.v1.PodSpec` → `io.k8s.api.core.v1`). */
export function definitionShard(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
