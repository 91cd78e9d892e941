import { isMap } from 'yaml';
import type { DocumentEditor } from '../../edits/documentEditor';
import { PathSegment, keyText } from '../../yaml/nodes';
import { containerLabel } from '../helpers';
import { RuleContext } from '../types';
import { ContainerList, ContainerLocation, PodSpecLocation } from '../workloads';
import { phrase } from '../../l10n';
import * as l10n from '@vscode/l10n';

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

export const POD_LABEL = phrase('The pod');

export function podScope(podSpec: PodSpecLocation): SecurityScope {
  return { path: [...podSpec.path, 'securityContext'], label: l10n.t(POD_LABEL), podSpec };
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

/** A volume of a pod template: its plain value, where it is, and how messages name it. */
export interface PodVolume {
  volume: Record<string, unknown>;
  path: Path;
  /** "Volume `data`", or "A volume" when it has no name. */
  label: string;
}

/** Every volume (a map) of every pod template of the resource. */
export function podVolumes(ctx: RuleContext): PodVolume[] {
  const found: PodVolume[] = [];
  for (const podSpec of ctx.podSpecs()) {
    const volumes = ctx.value([...podSpec.path, 'volumes']);
    if (!Array.isArray(volumes)) continue;
    volumes.forEach((volume: unknown, index) => {
      if (!isRecord(volume)) return;
      const label = typeof volume.name === 'string' ? `Volume \`${volume.name}\`` : 'A volume';
      found.push({ volume, path: [...podSpec.path, 'volumes', index], label });
    });
  }
  return found;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return l10n.t('{0} and {1}', items.slice(0, -1).join(l10n.t(', ')), items[items.length - 1]);
}

/**
 * Removes `key`, and the object holding it when nothing else is left in it (so no `{}` stays
 * behind), one level up at most.
 */
export function removeKeyAndEmptyParent(editor: DocumentEditor, mapPath: Path, key: string): void {
  const map = editor.node(mapPath);
  const parentKey = mapPath[mapPath.length - 1];
  if (isMap(map) && map.items.length === 1 && keyText(map.items[0]) === key && typeof parentKey === 'string') {
    editor.removeKey(mapPath.slice(0, -1), parentKey);
    return;
  }
  editor.removeKey(mapPath, key);
}
