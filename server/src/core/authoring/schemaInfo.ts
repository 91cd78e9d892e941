import { RefResolver, deref } from '../schema/store';
import { QUANTITY_FORMAT, Schema } from '../schema/types';
import { PathSegment } from '../yaml/nodes';
import * as l10n from '@vscode/l10n';

/** How schemas are shown to a person: type names, field paths and documentation. */

function shortName(ref: string): string {
  return ref.slice(ref.lastIndexOf('.') + 1);
}

/** `string`, `integer | string`, `[]Container`, `map[string]string`, `PodSpec`... */
export function typeName(schema: Schema, resolve: RefResolver, depth = 0): string {
  if (schema.$ref && !schema.$ref.startsWith('#')) {
    const target = deref(schema, resolve);
    if (target['x-kubernetes-int-or-string']) return l10n.t('integer | string');
    if (target.format === QUANTITY_FORMAT) return 'quantity';
    if (target.type && target.type !== 'object') return typeName(target, resolve, depth + 1);
    return shortName(schema.$ref);
  }
  const resolved = deref(schema, resolve);
  if (resolved['x-kubernetes-int-or-string']) return l10n.t('integer | string');
  if (resolved.format === QUANTITY_FORMAT) return 'quantity';
  const type = Array.isArray(resolved.type) ? resolved.type.join(' | ') : resolved.type;
  if (type === 'array') return depth > 3 || !resolved.items ? '[]' : `[]${typeName(resolved.items, resolve, depth + 1)}`;
  if (type === 'object' || (!type && resolved.properties)) {
    if (typeof resolved.additionalProperties === 'object' && !resolved.properties) return `map[string]${typeName(resolved.additionalProperties, resolve, depth + 1)}`;
    return 'object';
  }
  if (resolved.format === 'int32' || resolved.format === 'int64') return `${type} (${resolved.format})`;
  return type ?? 'any';
}

/** `spec.template.spec.containers[].image` */
export function fieldPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += '[]';
    else if (!/^[A-Za-z_$][\w$-]*$/.test(segment)) text += `[${JSON.stringify(segment)}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text;
}

/** The description of a field: its own (next to a `$ref`), else its type's. */
export function descriptionOf(schema: Schema, resolve: RefResolver): string | undefined {
  return schema.description ?? deref(schema, resolve).description;
}

/** Markdown documentation of a field: type, required, path, enum values, description. */
export function fieldDocumentation(name: string, schema: Schema, required: boolean, path: readonly PathSegment[], resolve: RefResolver): string {
  const resolved = deref(schema, resolve);
  const lines = [`**${name}** · \`${typeName(schema, resolve)}\`${required ? ' · required' : ''}`, '', `\`${fieldPath(path)}\``];
  const values = resolved.enum ?? (resolved.items ? deref(resolved.items, resolve).enum : undefined);
  if (values?.length) lines.push('', l10n.t('Allowed values: {0}', values.filter((v) => v !== '').map((v) => `\`${String(v)}\``).join(', ')));
  if (resolved.default !== undefined) lines.push('', `Default: \`${JSON.stringify(resolved.default)}\``);
  const description = descriptionOf(schema, resolve);
  if (description) lines.push('', description);
  return lines.join('\n');
}

/** The property schemas of an object schema (following refs), with `allOf` parts merged in. */
export function propertiesOf(schema: Schema | undefined, resolve: RefResolver): { properties: Record<string, Schema>; required: Set<string> } {
  const properties: Record<string, Schema> = {};
  const required = new Set<string>();
  const visit = (part: Schema | undefined, depth: number) => {
    if (!part || depth > 4) return;
    const resolved = deref(part, resolve);
    Object.assign(properties, resolved.properties ?? {});
    (resolved.required ?? []).forEach((field) => required.add(field));
    resolved.allOf?.forEach((sub) => visit(sub, depth + 1));
  };
  visit(schema, 0);
  return { properties, required };
}
