import { Schema } from './types';

/**
 * Descriptions (the documentation shown on hover and in completion) make up four fifths of the
 * Kubernetes definitions' text, and checking a file never reads them. The bundle keeps them in
 * separate files; the store reads those only when documentation is asked for, and puts each
 * description back on its schema node. A description is addressed by its node's path in the
 * definition: "" for the root, "properties/spec", "properties/ports/items"...
 */
export type DescriptionMap = Record<string, string>;

function visit(schema: Schema, path: string, action: (node: Schema, path: string) => void): void {
  action(schema, path);
  const at = (segment: string) => (path ? `${path}/${segment}` : segment);
  if (schema.properties) {
    for (const [name, child] of Object.entries(schema.properties)) visit(child, at(`properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`), action);
  }
  if (schema.items) visit(schema.items, at('items'), action);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, at('additionalProperties'), action);
}

/** Takes the descriptions out of a schema (in place) and returns them by path. */
export function extractDescriptions(schema: Schema): DescriptionMap {
  const descriptions: DescriptionMap = {};
  visit(schema, '', (node, path) => {
    if (typeof node.description === 'string') {
      descriptions[path] = node.description;
      delete node.description;
    }
  });
  return descriptions;
}

/** Puts descriptions back on a schema (in place). */
export function restoreDescriptions(schema: Schema, descriptions: DescriptionMap): void {
  visit(schema, '', (node, path) => {
    const description = descriptions[path];
    if (description !== undefined && node.description === undefined) node.description = description;
  });
}

/**
 * The name of a description file under `kubernetes/descriptions/`: one per definition shard, or,
 * for a large shard, `parts` files (`BundleIndex.descriptionParts`), so that showing the
 * documentation of a field reads one small file rather than all of core/v1's (~700 KB).
 */
export function descriptionFile(prefix: string, part: number, parts: number): string {
  return parts > 1 ? `${prefix}.part${part}.json` : `${prefix}.json`;
}

/** Which of a shard's `parts` description files holds a definition's: by a hash of its name (FNV-1a), so no index is needed. */
export function descriptionPart(definition: string, parts: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < definition.length; i++) hash = Math.imul(hash ^ definition.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % parts;
}
