import type { Node } from 'yaml';
import type { KindResolution } from './schema/kinds';
import { splitApiVersion } from './schema/types';
import type { ResourceFacts } from './workspace/types';
import type { PathSegment } from './yaml/nodes';

/**
 * A resource's identity, shared by every step of the pipeline (a leaf module: it imports only
 * types and the apiVersion splitter, so the steps that use it form no import cycle).
 */

export interface ResourceInfo {
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** Path of the resource in the document: `[]`, or `['items', 3]` inside a `kind: List`. */
  path: PathSegment[];
  root: Node;
  resolution: KindResolution;
}

/** What the rest of the service keeps of a resource: plain data, no syntax tree. */
export interface ResourceSummary {
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** Path of the resource in the document: `[]`, or `['items', 3]` inside a `kind: List`. */
  path: PathSegment[];
  /** Offsets of the resource in the document's text. */
  range: [number, number];
  resolution: KindResolution;
  /** What it says about other resources, for the workspace model (absent in kustomize patches). */
  facts?: ResourceFacts;
}

/**
 * Built-in kinds and the API groups that serve them (groups that served them once included: the
 * schema step reports an old group, and checks still see the kind for what it is).
 */
const BUILT_IN_GROUPS: Record<string, readonly string[]> = {
  Pod: [''],
  Service: [''],
  ConfigMap: [''],
  Secret: [''],
  ServiceAccount: [''],
  Namespace: [''],
  PersistentVolumeClaim: [''],
  ReplicationController: [''],
  PodTemplate: [''],
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  Job: ['batch'],
  CronJob: ['batch'],
  HorizontalPodAutoscaler: ['autoscaling'],
  PodDisruptionBudget: ['policy'],
  Ingress: ['networking.k8s.io', 'extensions'],
  IngressClass: ['networking.k8s.io'],
  NetworkPolicy: ['networking.k8s.io', 'extensions'],
  Role: ['rbac.authorization.k8s.io'],
  ClusterRole: ['rbac.authorization.k8s.io'],
  RoleBinding: ['rbac.authorization.k8s.io'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io'],
  PriorityClass: ['scheduling.k8s.io'],
  StorageClass: ['storage.k8s.io'],
};

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → `''`). */
export function apiGroupOf(apiVersion: string): string {
  return splitApiVersion(apiVersion).group;
}

/** Whether a kind is a built-in one served by this apiVersion's group (not a custom resource of the same name). */
export function isBuiltInKind(apiVersion: string, kind: string): boolean {
  return BUILT_IN_GROUPS[kind]?.includes(apiGroupOf(apiVersion)) === true;
}

/**
 * Whether the resource is one of these built-in kinds, served by its own API group (not a custom
 * resource that happens to share the name).
 */
export function isKind(resource: { apiVersion: string; kind: string }, ...kinds: string[]): boolean {
  if (!kinds.includes(resource.kind)) return false;
  const groups = BUILT_IN_GROUPS[resource.kind];
  if (!groups) throw new Error(`isKind: ${resource.kind} is not in the table of built-in kinds`);
  return groups.includes(apiGroupOf(resource.apiVersion));
}
