import { PathSegment } from '../../yaml/nodes';
import { RuleContext } from '../types';

/** Small helpers for the network and RBAC rules. */

/** The API group of an apiVersion (`''` for the core group `v1`). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether the resource is `kind` in API group `group` (any version). */
export function isKind(ctx: RuleContext, group: string, ...kinds: string[]): boolean {
  return apiGroupOf(ctx.resource.apiVersion) === group && kinds.includes(ctx.resource.kind);
}

/** A path below the resource (the resource may be an item of a `kind: List`). */
export function at(ctx: RuleContext, ...path: PathSegment[]): PathSegment[] {
  return [...ctx.resource.path, ...path];
}

/** The items of a list at a path, or none when it is absent or not a list. */
export function listAt(ctx: RuleContext, path: PathSegment[]): unknown[] {
  const value = ctx.value(path);
  return Array.isArray(value) ? value : [];
}

/** `a`, `a` and `b`, `a`, `b` and `c`: backticked names for messages. */
export function names(items: readonly string[]): string {
  const quoted = items.map((item) => `\`${item}\``);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
