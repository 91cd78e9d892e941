import { Document, isMap, isSeq } from 'yaml';
import { apiGroupOf } from '../resource';
import { PathSegment, getNodeAt, getValue, keyText, mapEntries, stringValue } from '../yaml/nodes';

/**
 * Where the pod spec lives in each workload kind, so rules see every pod spec and every
 * container list wherever they are written.
 */

export interface PodSpecLocation {
  /** Path of the pod spec from the document root. */
  path: PathSegment[];
  /** Path of the pod template's metadata (absent for a bare Pod, whose metadata is the resource's). */
  metadataPath: PathSegment[];
  /** The workload kind holding it. */
  kind: string;
}

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerLocation {
  path: PathSegment[];
  name: string | undefined;
  list: ContainerList;
  index: number;
  podSpec: PodSpecLocation;
}

/** kind → path of the pod template inside the resource (empty: the resource is the pod). */
const TEMPLATE_PATHS: Record<string, PathSegment[]> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Argo Rollouts: a Deployment-like template (`workloadRef` rollouts have none to check). */
const CUSTOM_TEMPLATE_PATHS: Record<string, PathSegment[]> = {
  'argoproj.io/Rollout': ['spec', 'template'],
};

/** Path of the pod template in a kind, or undefined for kinds without one. */
function templatePathOf(apiVersion: string, kind: string): PathSegment[] | undefined {
  const group = apiGroupOf(apiVersion);
  const builtIn = group === '' || group === 'apps' || group === 'batch' || group === 'extensions';
  return builtIn ? TEMPLATE_PATHS[kind] : CUSTOM_TEMPLATE_PATHS[`${group}/${kind}`];
}

/** Whether a resource is a kind that carries a pod spec (what Harden Manifest works on). */
export function hasPodSpec(resource: { apiVersion: string; kind: string }): boolean {
  return templatePathOf(resource.apiVersion, resource.kind) !== undefined;
}

export function podSpecsOf(apiVersion: string, kind: string, base: PathSegment[], doc: Document): PodSpecLocation[] {
  const template = templatePathOf(apiVersion, kind);
  if (!template) return [];
  const templatePath = [...base, ...template];
  const specPath = [...templatePath, 'spec'];
  if (!isMap(getNodeAt(doc.contents, specPath, doc))) return [];
  return [{ path: specPath, metadataPath: template.length === 0 ? [...base, 'metadata'] : [...templatePath, 'metadata'], kind }];
}

export function containersOf(podSpec: PodSpecLocation, doc: Document): ContainerLocation[] {
  const found: ContainerLocation[] = [];
  const spec = getNodeAt(doc.contents, podSpec.path, doc);
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as ContainerList[]) {
    const seq = getValue(spec, list, doc);
    if (!isSeq(seq)) continue;
    seq.items.forEach((item, index) => {
      if (!isMap(item)) return;
      const nameValue = mapEntries(item, doc).find((pair) => keyText(pair) === 'name')?.value;
      found.push({ path: [...podSpec.path, list, index], name: stringValue(nameValue), list, index, podSpec });
    });
  }
  return found;
}
