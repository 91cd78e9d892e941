import { Document } from 'yaml';

type YamlDoc = Document.Parsed;
import {
  CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind, Position, TextEdit,
} from 'vscode-languageserver-types';
import type { KubesmithSettings } from '../../../../protocol/settings';
import { KubesmithService, offsetAt } from '../service';
import { resolveKind } from '../schema/kinds';
import { schemaAtPath } from '../schema/navigate';
import { skeletonValue } from '../schema/skeleton';
import { RefResolver, deref } from '../schema/store';
import { Schema, splitApiVersion } from '../schema/types';
import { indentUnit } from '../validation/whitespace';
import { parseStructure } from '../yaml/documents';
import { locate } from '../yaml/locate';
import { PathSegment, getNodeAt, getValue, keyText, plainValue, stringValue } from '../yaml/nodes';
import { positionContext, resourceAt } from './context';
import { descriptionOf, fieldDocumentation, propertiesOf, typeName } from './schemaInfo';
import * as l10n from '@vscode/l10n';

/** A snippet offered where a new document starts. */
export interface SnippetDefinition {
  name: string;
  prefix: string;
  description: string;
  body: string;
}

const MARKER = 'kubesmithCompletionMarker';
const KEY_LINE = /^(\s*)((?:-\s+)*)([\w.\-/$]*)$/;
const VALUE_LINE = /^(\s*)((?:-\s+)*)([\w.\-/$"']+):\s+(\S*)$/;

/**
 * Completion from the schema of the document's own kind and version, at any depth: field names
 * not yet present (required first), enum and boolean values, apiVersion and kind values, names
 * defined elsewhere in the resource (volumes, container ports), and snippets where a new document
 * starts. Choosing an object or list field inserts an indented skeleton of its required fields.
 */
export function getCompletions(
  service: KubesmithService, uri: string, text: string, settings: KubesmithSettings, position: Position, snippets: SnippetDefinition[],
): CompletionList {
  service.store.loadDescriptions();
  const file = service.analyze(uri, text, settings);
  const ctx = positionContext(service, file, position.line, settings.kubernetesVersion);
  const empty: CompletionList = { isIncomplete: false, items: [] };
  if (!ctx) return empty;
  const { document, resolve } = ctx;
  const lineStart = offsetAt(document.yaml, { line: position.line, character: 0 });
  const offset = offsetAt(document.yaml, position);
  const before = document.yaml.text.slice(lineStart, offset);
  const lineEnd = document.yaml.text.indexOf('\n', offset);
  const after = document.yaml.text.slice(offset, lineEnd < 0 ? undefined : lineEnd);
  if (/#/.test(before)) return empty;

  const keyMatch = KEY_LINE.exec(before);
  if (keyMatch && /^\s*$/.test(after)) {
    const [, indent, dashes, prefix] = keyMatch;
    // Put a marker key where the cursor is and parse: the marker's path is where a key goes.
    const patched = document.yaml.text.slice(0, lineStart) + indent + dashes + `${MARKER}: x` + document.yaml.text.slice(lineEnd < 0 ? document.yaml.text.length : lineEnd);
    const doc = parseStructure(patched);
    const markerOffset = lineStart + indent.length + dashes.length;
    const location = locate(doc, markerOffset);
    if (!location || location.path[location.path.length - 1] !== MARKER) return empty;
    const parentPath = location.path.slice(0, -1);
    const replaceRange = { start: { line: position.line, character: position.character - prefix.length }, end: position };
    if (parentPath.length === 0 && isDocumentStart(doc)) {
      const onlyMarker = ((doc.contents as { items?: unknown[] } | null)?.items?.length ?? 0) <= 1;
      return { isIncomplete: false, items: [...rootKeyItems(service, ctx.minor, doc, replaceRange, text), ...snippetItems(snippets, replaceRange, onlyMarker && indent.length === 0 && dashes === '')] };
    }
    const unit = indentUnit(document.yaml.text);
    return { isIncomplete: false, items: keyItems(service, ctx.minor, resolve, doc, parentPath, replaceRange, unit) };
  }

  const valueMatch = VALUE_LINE.exec(before);
  if (valueMatch) {
    const prefix = valueMatch[4];
    const doc = document.yaml.doc;
    const keyOffset = lineStart + valueMatch[1].length + valueMatch[2].length;
    const location = locate(doc, keyOffset);
    if (!location?.onKey) return empty;
    const replaceRange = { start: { line: position.line, character: position.character - prefix.length }, end: { line: position.line, character: position.character + (/^\S*/.exec(after)?.[0].length ?? 0) } };
    return { isIncomplete: false, items: valueItems(service, ctx.minor, resolve, doc, location.path, replaceRange) };
  }
  return empty;
}

/** A document with only the marker (and maybe apiVersion/kind) so far: snippets and root keys. */
function isDocumentStart(doc: YamlDoc): boolean {
  const contents = doc.contents as { items?: unknown[] } | null;
  return !contents?.items || contents.items.length <= 3;
}

type Range = { start: Position; end: Position };

function rootKeyItems(service: KubesmithService, minor: string, doc: YamlDoc, range: Range, text: string): CompletionItem[] {
  const root = doc.contents;
  const present = new Set((root as { items?: { key: unknown }[] } | null)?.items?.map((pair) => keyText(pair as never)) ?? []);
  const apiVersion = stringValue(getValue(root, 'apiVersion', doc));
  const kind = stringValue(getValue(root, 'kind', doc));
  if (apiVersion && kind) {
    const lookup = service.store.lookup(minor, apiVersion, kind);
    if (lookup) return keyItemsFor(lookup.schema, service.store.version(minor).resolve, [], present, range, indentUnit(text));
  }
  const items: CompletionItem[] = [];
  for (const [name, detail] of [['apiVersion', l10n.t('The API group and version of the resource')], ['kind', l10n.t('The kind of resource')], ['metadata', l10n.t('Name, namespace, labels and annotations')]] as const) {
    if (present.has(name)) continue;
    items.push({
      label: name, kind: CompletionItemKind.Property, detail, sortText: `0${name}`,
      textEdit: { range, newText: name === 'metadata' ? 'metadata:\n  name: $1' : `${name}: $1` }, insertTextFormat: InsertTextFormat.Snippet,
      command: name === 'metadata' ? undefined : { title: 'Suggest', command: 'editor.action.triggerSuggest' },
    });
  }
  return items;
}

/** A snippet's description, then its text with the placeholders' defaults. */
function snippetDocumentation(description: string, text: string): string {
  return `${description}\n\n\`\`\`yaml\n${text}\n\`\`\``;
}

function snippetItems(snippets: SnippetDefinition[], range: Range, atColumnZero: boolean): CompletionItem[] {
  if (!atColumnZero) return [];
  return snippets.map((snippet) => ({
    label: snippet.prefix,
    kind: CompletionItemKind.Snippet,
    // (Name and description are translated from the message bundle: scripts/export-l10n.ts exports them.)
    detail: l10n.t(snippet.name),
    documentation: { kind: MarkupKind.Markdown, value: snippetDocumentation(l10n.t(snippet.description), snippet.body.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '')) },
    sortText: `9${snippet.prefix}`,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: snippet.body },
  }));
}

function keyItems(service: KubesmithService, minor: string, resolve: RefResolver, doc: YamlDoc, parentPath: PathSegment[], range: Range, unit: number): CompletionItem[] {
  const resources = resourcesOf(service, minor, doc);
  const resource = resourceAt(resources, parentPath);
  if (!resource?.schema) return [];
  const relative = parentPath.slice(resource.path.length);
  const parent = schemaAtPath(resource.schema, relative, resolve);
  const parentNode = getNodeAt(doc.contents, parentPath, doc) as { items?: { key: unknown }[] } | undefined;
  const present = new Set(parentNode?.items?.map((pair) => keyText(pair as never)).filter((key) => key !== MARKER) ?? []);
  return keyItemsFor(parent, resolve, relative, present, range, unit);
}

function keyItemsFor(parent: Schema | undefined, resolve: RefResolver, relative: PathSegment[], present: Set<string | undefined>, range: Range, unit: number): CompletionItem[] {
  const { properties, required } = propertiesOf(parent, resolve);
  return Object.keys(properties).filter((name) => !present.has(name)).map((name) => {
    const property = properties[name];
    const isRequired = required.has(name);
    return {
      label: name,
      kind: CompletionItemKind.Property,
      detail: `${typeName(property, resolve)}${isRequired ? ' (required)' : ''}`,
      documentation: { kind: MarkupKind.Markdown, value: fieldDocumentation(name, property, isRequired, [...relative, name], resolve) },
      sortText: `${isRequired ? '0' : '1'}${name}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: insertText(name, property, resolve, unit) },
    };
  });
}

/** `name: $1`, or the field with an indented skeleton of its required fields. */
function insertText(name: string, property: Schema, resolve: RefResolver, unit: number): string {
  const schema = deref(property, resolve);
  const pad = ' '.repeat(unit);
  let stop = 1;
  const render = (value: unknown, indent: string): string[] => {
    if (Array.isArray(value)) {
      const item = value[0];
      if (item && typeof item === 'object') {
        const lines = render(item, `${indent}  `);
        return lines.length ? [`${indent}- ${lines[0].trimStart()}`, ...lines.slice(1)] : [`${indent}- $${stop++}`];
      }
      return [`${indent}- $${stop++}`];
    }
    if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 0) return [];
      return entries.flatMap(([key, child]) => {
        if (child && typeof child === 'object') {
          const nested = Array.isArray(child) ? render(child, indent) : render(child, indent + pad);
          return nested.length ? [`${indent}${key}:`, ...nested] : [`${indent}${key}: {}`];
        }
        return [`${indent}${key}: ${child === '' ? `$${stop++}` : `\${${stop++}:${String(child)}}`}`];
      });
    }
    return [];
  };
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'array' || (schema.items && !schema.properties)) {
    const lines = render(skeletonValue(property, resolve), '');
    return `${name}:\n${lines.join('\n')}`;
  }
  if (type === 'object' || schema.properties || typeof schema.additionalProperties === 'object') {
    const lines = render(skeletonValue(property, resolve), pad);
    return lines.length ? `${name}:\n${lines.join('\n')}` : `${name}:\n${pad}$1`;
  }
  if (type === 'boolean') return `${name}: \${1|true,false|}`;
  const values = schema.enum?.filter((value) => value !== '');
  if (values?.length) return `${name}: \${1|${values.map(String).join(',')}|}`;
  return `${name}: $1`;
}

interface ResourceSchema {
  path: PathSegment[];
  schema?: Schema;
  apiVersion?: string;
  kind?: string;
}

/** The resources of a (patched) document and their schemas, re-identified from the parse. */
function resourcesOf(service: KubesmithService, minor: string, doc: YamlDoc): ResourceSchema[] {
  const list: ResourceSchema[] = [];
  const add = (path: PathSegment[]) => {
    const node = getNodeAt(doc.contents, path, doc);
    const apiVersion = stringValue(getValue(node, 'apiVersion', doc));
    const kind = stringValue(getValue(node, 'kind', doc));
    if (!apiVersion || !kind) return;
    const resolution = resolveKind(service.store, minor, apiVersion, kind);
    list.push({ path, apiVersion, kind, schema: resolution.status === 'schema' ? service.store.documented(resolution.kindSchema) : undefined });
  };
  add([]);
  const items = getValue(doc.contents, 'items', doc) as { items?: unknown[] } | undefined;
  if (list[0]?.kind === 'List' && items?.items) items.items.forEach((_, i) => add(['items', i]));
  return list;
}

function valueItems(
  service: KubesmithService, minor: string, resolve: RefResolver, doc: YamlDoc, path: PathSegment[], range: Range,
): CompletionItem[] {
  const resources = resourcesOf(service, minor, doc);
  const field = path[path.length - 1];
  const resource = resourceAt(resources, path);
  const relative = resource ? path.slice(resource.path.length) : path;
  const valueItem = (label: string, detail?: string, documentation?: string, extra: Partial<CompletionItem> = {}): CompletionItem => ({
    label, kind: CompletionItemKind.Value, ...(detail ? { detail } : {}),
    ...(documentation ? { documentation: { kind: MarkupKind.Markdown, value: documentation } } : {}),
    textEdit: { range, newText: label }, ...extra,
  });

  if (relative.length === 1 && field === 'apiVersion') {
    const kind = resource?.kind ?? stringValue(getValue(getNodeAt(doc.contents, path.slice(0, -1), doc), 'kind', doc));
    return apiVersionItems(service, minor, kind, valueItem);
  }
  if (relative.length === 1 && field === 'kind') return kindItems(service, minor, doc, path, resource, valueItem);
  if (!resource?.schema) return [];

  const items: CompletionItem[] = [];
  const schema = schemaAtPath(resource.schema, relative, resolve);
  if (schema) {
    const resolved = deref(schema, resolve);
    for (const value of resolved.enum ?? []) if (value !== '') items.push(valueItem(String(value), typeName(schema, resolve), descriptionOf(schema, resolve)));
    const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
    if (types.includes('boolean')) items.push(valueItem('true'), valueItem('false'));
  }
  items.push(...namesFromResource(doc, path, valueItem));
  return items;
}

function apiVersionItems(service: KubesmithService, minor: string, kind: string | undefined, valueItem: (label: string, detail?: string) => CompletionItem): CompletionItem[] {
  const versions = service.store.version(minor);
  const builtIn = versions.apiVersions().filter((apiVersion) => !kind || versions.kindDefinition(apiVersion, kind));
  const crds = Object.entries(service.store.index.crds).flatMap(([group, kinds]) =>
    Object.entries(kinds).filter(([name]) => !kind || name === kind).flatMap(([, list]) => list.map((version) => `${group}/${version}`)));
  const workspace = service.store.workspaceCrdList().filter((crd) => !kind || crd.kind === kind).flatMap((crd) => Object.keys(crd.versions).map((version) => `${crd.group}/${version}`));
  const all = [...new Set([...builtIn, ...crds, ...workspace])];
  const rank = (apiVersion: string) => (/alpha/.test(apiVersion) ? 2 : /beta/.test(apiVersion) ? 1 : 0);
  // Stable before beta before alpha; within a group, the newest version first (autoscaling/v2 before v1).
  const order = (a: string, b: string) => {
    const [ga, gb] = [splitApiVersion(a), splitApiVersion(b)];
    return rank(a) - rank(b) || ga.group.localeCompare(gb.group) || gb.version.localeCompare(ga.version, undefined, { numeric: true });
  };
  return all.sort(order).map((apiVersion, i) => ({
    ...valueItem(apiVersion, builtIn.includes(apiVersion) ? `Kubernetes ${minor}` : l10n.t('custom resource')),
    sortText: String(i).padStart(4, '0'),
  }));
}

function kindItems(
  service: KubesmithService, minor: string, doc: YamlDoc, path: PathSegment[], resource: ResourceSchema | undefined,
  valueItem: (label: string, detail?: string, documentation?: string, extra?: Partial<CompletionItem>) => CompletionItem,
): CompletionItem[] {
  const versions = service.store.version(minor);
  const apiVersion = resource?.apiVersion ?? stringValue(getValue(getNodeAt(doc.contents, path.slice(0, -1), doc), 'apiVersion', doc));
  if (apiVersion) {
    const { group } = splitApiVersion(apiVersion);
    const kinds = service.store.kindsOfGroup(minor, group);
    return [...kinds].filter(([, list]) => list.includes(splitApiVersion(apiVersion).version)).map(([kind]) => {
      const definition = versions.kindDefinition(apiVersion, kind);
      const description = definition ? versions.definition(definition)?.description : undefined;
      return valueItem(kind, apiVersion, description);
    }).sort((a, b) => a.label.localeCompare(b.label));
  }
  // No apiVersion yet: every kind, and choosing one also writes its apiVersion.
  const seen = new Map<string, string>();
  const rank = (candidate: string) => (/alpha/.test(candidate) ? 2 : /beta/.test(candidate) ? 1 : 0);
  for (const candidate of versions.apiVersions().sort((a, b) => rank(a) - rank(b))) {
    for (const kind of versions.kindsOf(candidate)) if (!seen.has(kind) && !kind.endsWith('List')) seen.set(kind, candidate);
  }
  const kindLine = (range: Range) => range.start.line;
  return [...seen].sort(([a], [b]) => a.localeCompare(b)).map(([kind, matching]) => {
    const item = valueItem(kind, matching);
    const line = kindLine((item.textEdit as TextEdit).range);
    return { ...item, additionalTextEdits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `apiVersion: ${matching}\n` }] };
  });
}

/** Names defined elsewhere in the resource: a mount's volume, a probe's named port. */
function namesFromResource(doc: YamlDoc, path: PathSegment[], valueItem: (label: string, detail?: string) => CompletionItem): CompletionItem[] {
  const containers = path.findIndex((segment, i) => (segment === 'containers' || segment === 'initContainers' || segment === 'ephemeralContainers') && typeof path[i + 1] === 'number');
  if (containers < 0) return [];
  const podSpec = path.slice(0, containers);
  const container = path.slice(0, containers + 2);
  const rest = path.slice(containers + 2);
  const names = (listPath: PathSegment[], key: string) => {
    const list = plainValue(getNodeAt(doc.contents, listPath, doc), doc);
    return Array.isArray(list) ? list.map((item) => (item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined)).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number') : [];
  };
  if (rest[0] === 'volumeMounts' && rest[rest.length - 1] === 'name') {
    return names([...podSpec, 'volumes'], 'name').map((name) => valueItem(String(name), l10n.t('volume of this pod')));
  }
  if (/Probe$/.test(String(rest[0])) && rest[rest.length - 1] === 'port') {
    return [
      ...names([...container, 'ports'], 'name').map((name) => valueItem(String(name), l10n.t('named port of this container'))),
      ...names([...container, 'ports'], 'containerPort').map((port) => valueItem(String(port), l10n.t('port of this container'))),
    ];
  }
  return [];
}

export function parseSnippetFile(text: string): SnippetDefinition[] {
  const json = JSON.parse(text) as Record<string, { prefix: string | string[]; body: string | string[]; description?: string }>;
  return Object.entries(json).map(([name, snippet]) => ({
    name,
    prefix: Array.isArray(snippet.prefix) ? snippet.prefix[0] : snippet.prefix,
    description: snippet.description ?? name,
    body: Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body,
  }));
}
