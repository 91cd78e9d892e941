import { isScalar, isSeq } from 'yaml';
import type { ResourceInfo } from '../../analysis';
import type { DocumentEditor } from '../../edits/documentEditor';
import { PathSegment } from '../../yaml/nodes';
import { RuleContext } from '../types';
import { ContainerLocation } from '../workloads';

/** Helpers shared by the reliability, resources, images and batch rules. */

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Built-in kinds and the API groups that serve them (old groups included: the schema check reports those). */
const GROUPS: Record<string, string[]> = {
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  ReplicationController: [''],
  Job: ['batch'],
  CronJob: ['batch'],
  HorizontalPodAutoscaler: ['autoscaling'],
};

/** Whether the resource is one of these built-in kinds (not a CRD that happens to share the name). */
export function isKind(resource: ResourceInfo, ...kinds: string[]): boolean {
  return kinds.includes(resource.kind) && (GROUPS[resource.kind] ?? []).includes(apiGroup(resource.apiVersion));
}

/** "Deployment `web`" (or "this Deployment" when it has no name). */
export function resourceLabel(resource: ResourceInfo): string {
  return resource.name ? `${resource.kind} \`${resource.name}\`` : `this ${resource.kind}`;
}

/** The text with its first letter in upper case, to start a sentence. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Containers that have resources: regular and init containers (ephemeral ones cannot set any). */
export function resourceContainers(ctx: RuleContext): ContainerLocation[] {
  return ctx.containers().filter((container) => container.list !== 'ephemeralContainers');
}

/**
 * Whether a container's `requests` or `limits` of a resource are set, on the container or for the
 * whole pod (pod-level `resources`, Kubernetes 1.32+, covers every container of the pod).
 */
export function resourceSet(ctx: RuleContext, container: ContainerLocation, section: 'requests' | 'limits', resource: string): boolean {
  return isSet(ctx.value([...container.path, 'resources', section, resource])) || isSet(ctx.value([...container.podSpec.path, 'resources', section, resource]));
}

/** Whether a field has a value (absent, null and empty strings do not count). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** Where to point for a missing field: the field when present, else the nearest parent that is. */
export function anchorPath(ctx: RuleContext, path: PathSegment[]): PathSegment[] {
  for (let length = path.length; length > 0; length--) {
    if (ctx.has(path.slice(0, length))) return path.slice(0, length);
  }
  return [];
}

/** Structural equality of plain JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((key) => Object.prototype.hasOwnProperty.call(y, key) && deepEqual(x[key], y[key]));
}

/** A record, or an empty one for anything else. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Removes one item of a list, unless it is the last one (removing it would leave the key without
 * a list). Returns whether it was removed.
 */
export function removeSequenceItem(editor: DocumentEditor, seqPath: readonly PathSegment[], index: number): boolean {
  const seq = editor.node(seqPath);
  if (!isSeq(seq) || seq.items.length < 2) return false;
  return editor.removeItem(seqPath, index);
}

/**
 * Sets `key: value` in the object at `mapPath`: in place when it has a value already, else as a
 * new entry placed before the first of `before` that exists (at the end when none does).
 */
export function setField(editor: DocumentEditor, mapPath: readonly PathSegment[], key: string, value: unknown, before: string[] = []): void {
  const pair = editor.pair([...mapPath, key]);
  if (pair && isScalar(pair.value) && pair.value.value !== null) {
    editor.set([...mapPath, key], value);
    return;
  }
  if (pair) editor.removeKey(mapPath, key);
  editor.insertPair(mapPath, key, value, { before });
}
