import { Document, Node, Pair, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { PathSegment, keyText } from './nodes';

/** What sits at an offset of a parsed document. */
export interface Location {
  /** Path of the innermost node at the offset. */
  path: PathSegment[];
  /** The offset is on a key (the path ends with that key). */
  onKey: boolean;
  /** The pair whose key or value holds the offset, when there is one. */
  pair?: Pair;
  node?: Node;
}

function contains(node: unknown, offset: number): boolean {
  const range = (node as Node | null)?.range;
  return !!range && offset >= range[0] && offset <= range[1];
}

/** The innermost key or value at `offset` (aliases are not followed). */
export function locate(doc: Document, offset: number): Location | undefined {
  let current: unknown = doc.contents;
  const path: PathSegment[] = [];
  let result: Location | undefined = contains(current, offset) ? { path: [], onKey: false, node: current as Node } : undefined;
  for (let depth = 0; depth < 200; depth++) {
    if (isMap(current)) {
      const pair = current.items.find((item): item is Pair => isPair(item) && (contains(item.key, offset) || contains(item.value, offset)));
      if (!pair) return result;
      const key = keyText(pair);
      if (key === undefined) return result;
      path.push(key);
      if (contains(pair.key, offset) && !contains(pair.value, offset)) return { path: [...path], onKey: true, pair, node: pair.key as Node };
      result = { path: [...path], onKey: false, pair, node: pair.value as Node };
      current = pair.value;
    } else if (isSeq(current)) {
      const index = current.items.findIndex((item) => contains(item, offset));
      if (index < 0) return result;
      path.push(index);
      result = { path: [...path], onKey: false, node: current.items[index] as Node };
      current = current.items[index];
    } else {
      if (isScalar(current) || isAlias(current)) return result;
      return result;
    }
  }
  return result;
}
