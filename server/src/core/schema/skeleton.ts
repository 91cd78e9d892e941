import { RefResolver, deref } from './store';
import { QUANTITY_FORMAT, Schema } from './types';

/**
 * The smallest value that satisfies a schema's shape: required fields only, recursively, with
 * empty placeholders for the values a person has to choose. Used when a quick fix inserts a
 * missing field and when completion inserts an object or list field.
 */
export function skeletonValue(schemaIn: Schema, resolve: RefResolver, depth = 0): unknown {
  const schema = deref(schemaIn, resolve);
  if (schema.enum && schema.enum.length > 0) return schema.enum.find((value) => value !== '') ?? schema.enum[0];
  if (schema['x-kubernetes-int-or-string']) return '';
  if (schema.format === QUANTITY_FORMAT) return '0';
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
  switch (type) {
    case 'string': return '';
    case 'integer':
    case 'number': return schema.minimum ?? 0;
    case 'boolean': return false;
    case 'array': {
      if (depth >= 4 || !schema.items) return [];
      const item = skeletonValue(schema.items, resolve, depth + 1);
      return item !== null && typeof item === 'object' && Object.keys(item).length > 0 ? [item] : [];
    }
    case 'object': {
      const value: Record<string, unknown> = {};
      if (depth >= 4) return value;
      for (const field of schema.required ?? []) {
        const property = schema.properties?.[field];
        if (property) value[field] = skeletonValue(property, resolve, depth + 1);
      }
      return value;
    }
    default:
      return null;
  }
}
