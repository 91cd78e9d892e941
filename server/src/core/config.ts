import type { ErrorObject, ValidateFunction } from 'ajv';
import { Node } from 'yaml';
import { MAX_REPORTS } from './yaml/limits';
import { parseBounded, readerCheck } from './yaml/reader';
import { KubesmithSettings, SETTINGS, SettingSchema, resolveSettings } from '../../../protocol/settings';
import { QUANTITY_PATTERN } from './quantity';
import { RULES } from './rules/registry';
import { closestMatch } from './validation/text';
import { WORKSPACE_CHECKS } from './workspace/checks';
import { PathSegment, formatPath, getNodeAt } from './yaml/nodes';
import * as l10n from '@vscode/l10n';

/**
 * `.kubesmith.yaml`: the same settings as the editor's, for a folder and everything below it. The
 * editor and the CLI both read it; it wins over the editor's settings for that folder.
 *
 *   kubernetesVersion: "1.33"
 *   profile: restricted
 *   rules:
 *     no-latest-tag: error
 *     missing-cpu-limit: off
 *   files:
 *     exclude: ["charts/**"]
 *   harden:
 *     tmpVolume: false
 */

export const CONFIG_FILE_NAMES = ['.kubesmith.yaml', '.kubesmith.yml'];

export interface ConfigProblem {
  message: string;
  /** Offsets in the config text of the value or key the problem is about. */
  start: number;
  end: number;
}

export interface ParsedConfig {
  /** The raw settings object (apply with `applyConfig`). */
  values: Record<string, unknown>;
  problems: ConfigProblem[];
}

type JsonSchema = Record<string, unknown>;

/** A setting's schema as JSON Schema for ajv: no unknown fields in objects, quantities by their grammar. */
function jsonSchema(schema: SettingSchema & { pattern?: string; types?: readonly string[] }): JsonSchema {
  const out: JsonSchema = {};
  if (schema.types) out.type = [...schema.types];
  else if (schema.type) out.type = schema.type;
  if (schema.enum) out.enum = [...schema.enum];
  if (schema.pattern) out.pattern = schema.pattern;
  if (schema.format === 'quantity') out.pattern = QUANTITY_PATTERN;
  if (schema.items) out.items = jsonSchema(schema.items);
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, child]) => [key, jsonSchema(child)]));
    out.additionalProperties = false;
  } else if (schema.additionalProperties) out.additionalProperties = jsonSchema(schema.additionalProperties);
  return out;
}

/** The schema of `.kubesmith.yaml`, made from the settings' one definition (protocol/settings.ts). */
const CONFIG_SCHEMA: JsonSchema = (() => {
  const root: JsonSchema = { type: 'object', additionalProperties: false, properties: {} };
  for (const [path, spec] of Object.entries(SETTINGS)) {
    const parts = path.split('.');
    let parent = root;
    for (const part of parts.slice(0, -1)) {
      const properties = parent.properties as Record<string, JsonSchema>;
      parent = properties[part] ??= { type: 'object', additionalProperties: false, properties: {} };
    }
    (parent.properties as Record<string, JsonSchema>)[parts[parts.length - 1]] = jsonSchema(spec.fileSchema ?? spec.schema);
  }
  return root;
})();

let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  if (!validator) {
    // Loaded on first use: most sessions never read a config file, and ajv costs start-up time.
    const { default: Ajv } = require('ajv') as typeof import('ajv');
    validator = new Ajv({ allErrors: true, strict: false }).compile(CONFIG_SCHEMA);
  }
  return validator;
}

function schemaAt(path: PathSegment[]): Record<string, unknown> | undefined {
  let schema: Record<string, unknown> | undefined = CONFIG_SCHEMA;
  for (const segment of path) {
    const properties = schema?.properties as Record<string, Record<string, unknown>> | undefined;
    schema = properties?.[segment as string];
  }
  return schema;
}

/** "`x` must be a string" for the JSON schema types the settings use. */
function typeMessage(where: string, type: string): string {
  switch (type) {
    case 'object': return l10n.t('{0} must be a map of settings.', where);
    case 'string': return l10n.t('{0} must be a string.', where);
    case 'boolean': return l10n.t('{0} must be a boolean.', where);
    case 'array': return l10n.t('{0} must be a list.', where);
    case 'integer': return l10n.t('{0} must be an integer.', where);
    case 'number': return l10n.t('{0} must be a number.', where);
    default: return l10n.t('{0} must be a {1}.', where, type.replace(',', ' or a '));
  }
}

/** Each case one whole sentence: in a section or at the top, with a near setting or the list. */
function unknownSetting(key: string, where: string | undefined, near: string | undefined, known: string[]): string {
  if (where !== undefined) {
    return near ? l10n.t('Unknown setting `{0}` in {1}; did you mean `{2}`?', key, where, near) : l10n.t('Unknown setting `{0}` in {1}; known settings: {2}.', key, where, known.join(', '));
  }
  return near ? l10n.t('Unknown setting `{0}`; did you mean `{1}`?', key, near) : l10n.t('Unknown setting `{0}`; known settings: {1}.', key, known.join(', '));
}

function describeError(error: ErrorObject): { path: PathSegment[]; message: string; atKey?: string } {
  const path = error.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = path.length ? `\`${formatPath(path)}\`` : l10n.t('The configuration');
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const known = Object.keys((schemaAt(path)?.properties as object | undefined) ?? {});
      const near = closestMatch(key, known);
      return { path: [...path, key], atKey: key, message: unknownSetting(key, path.length ? where : undefined, near, known) };
    }
    case 'enum':
      return { path, message: l10n.t('{0} must be one of: {1}.', where, (error.params.allowedValues as unknown[]).join(', ')) };
    case 'type':
      return { path, message: typeMessage(where, String(error.params.type)) };
    case 'pattern':
      return { path, message: path[path.length - 1] === 'kubernetesVersion' ? l10n.t('{0} must be a Kubernetes minor version such as "1.36".', where) : l10n.t('{0} must be a quantity such as 100m, 128Mi or 1Gi.', where) };
    default:
      // (Ajv's own words, in English, for a keyword the settings' schema does not use today.)
      return { path, message: error.message ? l10n.t('{0}: {1}.', where, error.message) : l10n.t('{0} is not valid.', where) };
  }
}

/** Parses and checks a `.kubesmith.yaml` text. Unknown settings and unknown rule ids are problems. */
export function parseConfig(text: string): ParsedConfig {
  const doc = parseBounded(text, { prettyErrors: false, uniqueKeys: false }, true)[0];
  const problems: ConfigProblem[] = doc.errors.slice(0, MAX_REPORTS).map((error) => ({ message: l10n.t('YAML syntax error: {0}', error.message), start: error.pos[0], end: error.pos[1] }));
  // Nested too deeply, or aliases Kubernetes' reader rejects (a bomb): not read at all.
  for (const problem of readerCheck(doc).problems) problems.push({ message: problem.message, start: problem.start, end: problem.end });
  if (problems.length > 0) return { values: {}, problems };
  let values: Record<string, unknown>;
  try {
    values = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  } catch (error) {
    return { values: {}, problems: [{ message: l10n.t('This file cannot be read as settings: {0}', error instanceof Error ? error.message : String(error)), start: 0, end: 0 }] };
  }
  const rangeAt = (path: PathSegment[], key?: string): [number, number] => {
    if (key) {
      const parent = getNodeAt(doc.contents, path.slice(0, -1), doc) as { items?: { key: Node }[] } | undefined;
      const keyNode = parent?.items?.find((item) => (item.key as unknown as { value?: unknown })?.value === key)?.key;
      if (keyNode?.range) return [keyNode.range[0], keyNode.range[1]];
    }
    const node = getNodeAt(doc.contents, path, doc);
    return node?.range ? [node.range[0], node.range[1]] : [0, 0];
  };
  const check = validate();
  if (!check(values)) {
    for (const error of check.errors ?? []) {
      const { path, message, atKey } = describeError(error);
      const [start, end] = rangeAt(path, atKey);
      problems.push({ message, start, end });
    }
  }
  const rules = values.rules;
  if (rules && typeof rules === 'object' && !Array.isArray(rules)) {
    const known = [...RULES.map((rule) => rule.meta.id), ...WORKSPACE_CHECKS.map((check) => check.meta.id)];
    for (const id of Object.keys(rules)) {
      if (known.includes(id)) continue;
      const near = closestMatch(id, known);
      const [start, end] = rangeAt(['rules', id], id);
      problems.push({ message: near ? l10n.t('Unknown rule `{0}`; did you mean `{1}`?', id, near) : l10n.t('Unknown rule `{0}`; `kubesmith rules` lists them.', id), start, end });
    }
  }
  return { values, problems };
}

/** The settings that apply under a config file: its values win over `base`. */
export function applyConfig(base: KubesmithSettings, config: ParsedConfig): KubesmithSettings {
  return resolveSettings(config.values, base);
}
