import { RefResolver, deref } from './store';
import { Schema } from './types';
import { PathSegment } from '../yaml/nodes';

/** The schema at a path inside a resource (numbers step into list items). */
export function schemaAtPath(root: Schema, path: readonly PathSegment[], resolve: RefResolver): Schema | undefined {
  let schema: Schema | undefined = root;
  for (const segment of path) {
    if (!schema) return undefined;
    const resolved: Schema = deref(schema, resolve);
    if (typeof segment === 'number') {
      schema = resolved.items;
    } else {
      const additional = resolved.additionalProperties;
      schema = resolved.properties?.[segment] ?? (typeof additional === 'object' ? additional : undefined);
    }
  }
  return schema;
}
