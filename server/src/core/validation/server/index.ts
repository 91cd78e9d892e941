import type { Document } from 'yaml';
import { DiagnosticSeverity, Problem } from '../../diagnostics';
import type { ResourceInfo } from '../../resource';
import { getValue, plainValue } from '../../yaml/nodes';
import { checkDaemonSet, checkDeploymentLike, checkReplicationController, checkStatefulSet } from './apps';
import { checkHorizontalPodAutoscaler } from './autoscaling';
import { checkCronJob, checkJob } from './batch';
import { checkConfigMap, checkSecret } from './configData';
import { CheckContext, PlainObject, isObject, pendingKey } from './context';
import { checkMetadata, checkNamespace } from './metadata';
import { checkIngress, checkIngressClass, checkNetworkPolicy } from './networking';
import { checkPod, checkPodTemplate } from './pods';
import { checkPodDisruptionBudget } from './policy';
import { checkPriorityClass } from './priorityClass';
import { checkRole, checkRoleBinding } from './rbac';
import { checkService } from './service';
import { checkPersistentVolumeClaim, checkStorageClass } from './storage';

/**
 * Step 5 of the pipeline: what the API server's own validation rejects beyond the schema, for the
 * targeted Kubernetes version (Kubernetes' pkg/apis/<group>/validation and apimachinery's name,
 * label and selector validation, followed check by check; docs/validation.md has the table).
 *
 * The resource is read once as plain values; each kind family has its module, and what all kinds
 * share (names, labels, selectors, ports, metadata) has its own. Problems are errors with a code
 * of the `server-*` family, on the exact key or value. A value of the wrong type is the schema
 * check's (the checks read only values of the type they expect), and a problem the schema check
 * already reports at the same place is not reported twice. The CEL rules of custom resources are
 * a step of their own (validation/cel/).
 */

export interface ServerCheckOptions {
  /** The targeted Kubernetes minor, `1.33`. */
  kubernetesMinor: string;
  /** A kustomize patch: only what its base cannot complete or change is checked. */
  partial?: boolean;
}

type KindCheck = (ctx: CheckContext, root: PlainObject) => void;

/** The built-in kinds with checks of their own (beyond metadata), by kind. */
const KIND_CHECKS: Record<string, KindCheck> = {
  Pod: checkPod,
  PodTemplate: checkPodTemplate,
  ReplicationController: checkReplicationController,
  Service: checkService,
  ConfigMap: checkConfigMap,
  Secret: checkSecret,
  Namespace: checkNamespace,
  PersistentVolumeClaim: checkPersistentVolumeClaim,
  Deployment: checkDeploymentLike,
  ReplicaSet: checkDeploymentLike,
  DaemonSet: checkDaemonSet,
  StatefulSet: checkStatefulSet,
  Job: checkJob,
  CronJob: checkCronJob,
  HorizontalPodAutoscaler: checkHorizontalPodAutoscaler,
  PodDisruptionBudget: checkPodDisruptionBudget,
  Ingress: checkIngress,
  IngressClass: checkIngressClass,
  NetworkPolicy: checkNetworkPolicy,
  Role: checkRole,
  ClusterRole: checkRole,
  RoleBinding: checkRoleBinding,
  ClusterRoleBinding: checkRoleBinding,
  PriorityClass: checkPriorityClass,
  StorageClass: checkStorageClass,
};

/** The server checks of one resource; `schemaProblems`: what the schema check found in it. */
export function checkServerRules(resource: ResourceInfo, doc: Document, options: ServerCheckOptions, schemaProblems: readonly Problem[]): Problem[] {
  if (resource.resolution.status !== 'schema') return [];
  // A schema of Kubernetes' own definitions: the kind's own API group (old groups do not resolve to a schema).
  const check = resource.resolution.kindSchema.origin === 'kubernetes' ? KIND_CHECKS[resource.kind] : undefined;
  // Kinds without checks of their own need only their metadata as plain values.
  const root = check ? plainValue(resource.root, doc) : { metadata: plainValue(getValue(resource.root, 'metadata', doc), doc) };
  if (!isObject(root)) return [];
  const ctx = new CheckContext(doc, resource, minorNumber(options.kubernetesMinor), options.partial === true, keysSchemaFixesAdd(schemaProblems));
  checkMetadata(ctx, root);
  if (check) check(ctx, root);
  return ctx.problems.length ? withoutRepeats(ctx.problems, schemaProblems) : ctx.problems;
}

const MINORS = new Map<string, number>();

/** `1.33` → 33. */
function minorNumber(version: string): number {
  let minor = MINORS.get(version);
  if (minor === undefined) MINORS.set(version, (minor = Number(version.split('.')[1] ?? 0)));
  return minor;
}

/** Keys the schema check's rename and move fixes would put in place. */
function keysSchemaFixesAdd(schemaProblems: readonly Problem[]): ReadonlySet<string> {
  let keys: Set<string> | undefined;
  for (const problem of schemaProblems) {
    if (!problem.fixes) continue;
    for (const fix of problem.fixes) {
      if (fix.fix === 'rename-key') (keys ??= new Set()).add(pendingKey(fix.path, fix.to));
      else if (fix.fix === 'move-key') (keys ??= new Set()).add(pendingKey(fix.to, fix.key));
    }
  }
  return keys ?? NO_KEYS;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** Drops what the schema check reports at the same place, and repeats of one problem. */
function withoutRepeats(problems: Problem[], schemaProblems: readonly Problem[]): Problem[] {
  const taken = new Set<string>();
  for (const problem of schemaProblems) if (problem.severity === DiagnosticSeverity.Error) taken.add(`${problem.start}:${problem.end}`);
  const seen = new Set<string>();
  return problems.filter((problem) => {
    if (taken.has(`${problem.start}:${problem.end}`)) return false;
    const key = `${problem.start}:${problem.end}:${problem.code}:${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
