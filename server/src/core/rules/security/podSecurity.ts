import { Node, isMap, isScalar, isSeq } from 'yaml';
import type { DocumentEditor } from '../../edits/documentEditor';
import { PathSegment, keyText } from '../../yaml/nodes';
import { containerLabel } from '../helpers';
import { RuleContext } from '../types';
import { ContainerList, ContainerLocation, PodSpecLocation } from '../workloads';

/** Shared pieces of the security rules: where security contexts live, and careful removals. */

export type Path = PathSegment[];

/** A place that holds a `securityContext`: the pod spec itself, or one of its containers. */
export interface SecurityScope {
  /** Path of the `securityContext` object (it may not exist). */
  path: Path;
  /** "The pod" or "Container `web`", to start a message with. */
  label: string;
  podSpec: PodSpecLocation;
  /** Absent for the pod-level context. */
  container?: ContainerLocation;
}

export const POD_LABEL = 'The pod';

export function podScope(podSpec: PodSpecLocation): SecurityScope {
  return { path: [...podSpec.path, 'securityContext'], label: POD_LABEL, podSpec };
}

export function containerScope(container: ContainerLocation): SecurityScope {
  return { path: [...container.path, 'securityContext'], label: containerLabel(container), podSpec: container.podSpec, container };
}

/**
 * The pod-level security context of every pod spec, followed by each container's (the container
 * lists given, all three by default).
 */
export function securityScopes(ctx: RuleContext, lists: readonly ContainerList[] = ALL_CONTAINERS): SecurityScope[] {
  const scopes: SecurityScope[] = [];
  for (const podSpec of ctx.podSpecs()) {
    scopes.push(podScope(podSpec));
    for (const container of ctx.containers()) {
      if (container.podSpec === podSpec && lists.includes(container.list)) scopes.push(containerScope(container));
    }
  }
  return scopes;
}

/** Containers of the given lists. */
export function containersIn(ctx: RuleContext, lists: readonly ContainerList[]): ContainerLocation[] {
  return ctx.containers().filter((container) => lists.includes(container.list));
}

/** Every container list (the Pod Security Standards check all three). */
export const ALL_CONTAINERS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** The regular and init containers: the ones a manifest runs (ephemeral ones are added by `kubectl debug`). */
export const MANIFEST_CONTAINERS: readonly ContainerList[] = ['initContainers', 'containers'];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Whether `removeKeySafely` can take `key` out of the map at `mapPath`. The editor removes a key
 * by removing its lines, which is wrong for the first key of a list item (`- hostPort: 80`: the
 * dash would go with it); that case is handled when the key and the next one are both scalars
 * (the next pair moves up into the first line). Anything else is left alone.
 */
export function canRemoveSafely(ctx: Pick<RuleContext, 'node'>, mapPath: Path, key: string): boolean {
  const map = ctx.node(mapPath);
  if (!isMap(map)) return false;
  const index = map.items.findIndex((pair) => keyText(pair) === key);
  if (index < 0) return false;
  if (index > 0 || !isListItem(ctx, mapPath) || map.flow) return true;
  if (map.items.length === 1) return true; // `- key: v` becomes `- {}`
  return isScalarNode(map.items[0].value) && isScalarNode(map.items[1].value) && typeof keyText(map.items[1]) === 'string';
}

function isListItem(ctx: Pick<RuleContext, 'node'>, mapPath: Path): boolean {
  return typeof mapPath[mapPath.length - 1] === 'number' && isSeq(ctx.node(mapPath.slice(0, -1)));
}

function isScalarNode(node: unknown): boolean {
  return isScalar(node) || node === null;
}

/** Removes `key` from the map at `mapPath`, also when it is the first key of a list item. */
export function removeKeySafely(editor: DocumentEditor, mapPath: Path, key: string): void {
  const map = editor.node(mapPath);
  if (!isMap(map)) throw new Error(`no object at ${mapPath.join('.')}`);
  const index = map.items.findIndex((pair) => keyText(pair) === key);
  if (index < 0) return;
  const listItem = typeof mapPath[mapPath.length - 1] === 'number' && isSeq(editor.node(mapPath.slice(0, -1)));
  if (index > 0 || !listItem || map.flow || map.items.length === 1) {
    editor.removeKey(mapPath, key);
    return;
  }
  // `- key: v\n  next: w` → `- next: w`: the next pair leaves its line and takes the first one.
  const next = map.items[1];
  const nextKey = keyText(next);
  if (nextKey === undefined || !isScalarNode(map.items[0].value) || !isScalarNode(next.value)) {
    throw new Error(`cannot remove the first key of the list item at ${mapPath.join('.')}`);
  }
  const nextValue = (next.value as Node | null)?.toJSON() ?? null;
  editor.removeKey(mapPath, nextKey);
  editor.renameKey(mapPath, key, nextKey);
  editor.replaceScalar([...mapPath, nextKey], nextValue);
}

/**
 * Removes `key`, and the object holding it when nothing else is left in it (so no `{}` stays
 * behind), one level up at most.
 */
export function removeKeyAndEmptyParent(editor: DocumentEditor, mapPath: Path, key: string): void {
  const map = editor.node(mapPath);
  const parentKey = mapPath[mapPath.length - 1];
  if (isMap(map) && map.items.length === 1 && keyText(map.items[0]) === key && typeof parentKey === 'string'
    && canRemoveSafely(editor, mapPath.slice(0, -1), parentKey)) {
    removeKeySafely(editor, mapPath.slice(0, -1), parentKey);
    return;
  }
  removeKeySafely(editor, mapPath, key);
}
