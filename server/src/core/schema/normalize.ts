import { QUANTITY_FORMAT, Schema, ValidationRule } from './types';
import * as l10n from '@vscode/l10n';

/**
 * Turning source schemas into the bundle's form. Used by the bundle generator (scripts/) for the
 * Kubernetes OpenAPI documents and the bundled CRDs, and at run time for CRDs found in the
 * workspace, so both kinds of custom resource are validated by exactly the same rules.
 */

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** Keywords kept from CRD (OpenAPI v3) schemas; everything else (examples, external docs...) is dropped. */
const CRD_KEYWORDS = new Set([
  'type', 'description', 'properties', 'additionalProperties', 'items', 'required', 'enum', 'default', 'format',
  'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'nullable', 'anyOf', 'oneOf', 'allOf', 'not',
  'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-validations',
]);

/** What is kept of each CEL rule (`x-kubernetes-validations` entry), in this order. */
const RULE_FIELDS = ['rule', 'message', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf'] as const;

function normalizeRules(value: Json): ValidationRule[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const rules: ValidationRule[] = [];
  for (const entry of value) {
    if (!isObject(entry) || typeof entry.rule !== 'string') continue;
    const rule: Record<string, unknown> = {};
    for (const field of RULE_FIELDS) {
      const kept = entry[field];
      if (field === 'optionalOldSelf' ? typeof kept === 'boolean' : typeof kept === 'string' && kept !== '') rule[field] = kept;
    }
    rules.push(rule as unknown as ValidationRule);
  }
  return rules.length ? rules : undefined;
}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normalizeCrdNode(node: Json): Schema {
  if (!isObject(node)) return {};
  const out: Record<string, Json> = {};
  for (const key of Object.keys(node).sort()) {
    if (!CRD_KEYWORDS.has(key)) continue;
    const value = node[key];
    switch (key) {
      case 'properties':
        if (isObject(value)) {
          const props: Record<string, Schema> = {};
          for (const name of Object.keys(value).sort()) props[name] = normalizeCrdNode(value[name]);
          out.properties = props;
        }
        break;
      case 'items':
        // OpenAPI v3 allows a list of schemas (tuple form); structural schemas never use it.
        if (isObject(value)) out.items = normalizeCrdNode(value);
        break;
      case 'additionalProperties':
        out.additionalProperties = typeof value === 'boolean' ? value : normalizeCrdNode(value);
        break;
      case 'not':
        out.not = normalizeCrdNode(value);
        break;
      case 'anyOf':
      case 'oneOf':
      case 'allOf':
        if (Array.isArray(value)) out[key] = value.map(normalizeCrdNode);
        break;
      case 'x-kubernetes-validations': {
        const rules = normalizeRules(value);
        if (rules) out[key] = rules;
        break;
      }
      default:
        out[key] = value;
    }
  }
  if (out['x-kubernetes-int-or-string'] === true) {
    // The `anyOf: [{type: integer}, {type: string}]` that accompanies the marker says nothing more.
    delete out.anyOf;
    delete out.type;
  }
  return out as Schema;
}

/**
 * A CRD version's `openAPIV3Schema` in bundle form. The API server serves `apiVersion`, `kind`
 * and `metadata` on every custom resource whatever the schema says, and checks `metadata` as an
 * ObjectMeta, so the root gets those three properties.
 */
export function normalizeCrdSchema(openAPIV3Schema: Json): Schema {
  const root = normalizeCrdNode(openAPIV3Schema);
  if (root['x-kubernetes-preserve-unknown-fields'] && !root.properties) return root;
  const properties: Record<string, Schema> = { ...(root.properties ?? {}) };
  properties.apiVersion = {
    type: 'string',
    description: properties.apiVersion?.description ?? l10n.t('The versioned schema of this representation of an object.'),
  };
  properties.kind = {
    type: 'string',
    description: properties.kind?.description ?? l10n.t('The REST resource this object represents.'),
  };
  properties.metadata = { $ref: OBJECT_META, description: l10n.t('Standard object\'s metadata.') };
  const sorted: Record<string, Schema> = {};
  for (const name of Object.keys(properties).sort()) sorted[name] = properties[name];
  return { ...root, type: 'object', properties: sorted };
}

/**
 * A definition of a Kubernetes OpenAPI v2 document in bundle form: `$ref`s become bare
 * definition names, IntOrString and Quantity get their own markers, and the patch and
 * group-version-kind extensions (which say nothing about validity) are dropped.
 */
export function normalizeKubernetesDefinition(name: string, definition: Json): Schema {
  if (!isObject(definition)) return {};
  const description = typeof definition.description === 'string' ? definition.description : undefined;
  if (name === INT_OR_STRING) return withDescription({ 'x-kubernetes-int-or-string': true }, description);
  if (name === QUANTITY) return withDescription({ format: QUANTITY_FORMAT }, description);
  const schema = normalizeKubernetesNode(definition);
  if (schema.required && schema.properties) {
    // Some versions mark a field required that the API server fills in before validating it
    // (1.28's PodFailurePolicyOnPodConditionsPattern.status, "Defaults to True"): the author
    // need not write those.
    const required = schema.required.filter((field) => !DEFAULTED.test(schema.properties?.[field]?.description ?? ''));
    if (required.length > 0) schema.required = required;
    else delete schema.required;
  }
  return schema;
}

const DEFAULTED = /(^|\. )Defaults to |(^|\. )If not specified, it defaults to |will default to the /;

function withDescription(schema: Schema, description: string | undefined): Schema {
  return description === undefined ? schema : { description, ...schema };
}

const K8S_KEYWORDS = new Set(['type', 'description', 'properties', 'additionalProperties', 'items', 'required', 'format', '$ref', 'x-kubernetes-preserve-unknown-fields']);

function normalizeKubernetesNode(node: Record<string, Json>): Schema {
  const out: Record<string, Json> = {};
  for (const key of Object.keys(node).sort()) {
    if (!K8S_KEYWORDS.has(key)) continue;
    const value = node[key];
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace(/^#\/definitions\//, '');
    } else if (key === 'properties' && isObject(value)) {
      const props: Record<string, Schema> = {};
      for (const prop of Object.keys(value).sort()) {
        const child = value[prop];
        props[prop] = isObject(child) ? normalizeKubernetesNode(child) : {};
      }
      out.properties = props;
    } else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) {
      out[key] = normalizeKubernetesNode(value);
    } else {
      out[key] = value;
    }
  }
  if (out.format === 'int-or-string') {
    delete out.format;
    delete out.type;
    out['x-kubernetes-int-or-string'] = true;
  }
  return out as Schema;
}
