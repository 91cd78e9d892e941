import { Codes } from '../../diagnostics';
import { CheckContext, PlainObject, listAt, objectAt, stringAt } from './context';
import { checkAnnotations, checkLabels } from './labels';
import { NameFormat, nameProblem, qualifiedNameProblem, sanitizeName } from './names';
import * as l10n from '@vscode/l10n';

/**
 * `metadata` of every resource (apimachinery's pkg/api/validation/objectmeta.go and core's
 * ValidateObjectMeta): the name in the format the kind's own validation picks, `generateName`,
 * `namespace`, labels, annotations and finalizers.
 */

interface NameRule {
  format: NameFormat;
  max?: number;
}

/** The name format of each built-in kind, and a shorter length limit where the kind has one. */
const NAME_RULES: Record<string, NameRule> = {
  Pod: { format: 'subdomain' },
  PodTemplate: { format: 'subdomain' },
  ReplicationController: { format: 'subdomain' },
  Service: { format: 'dns1035' }, // ValidateServiceName: the name is a DNS label inside the cluster's domain
  ConfigMap: { format: 'subdomain' },
  Secret: { format: 'subdomain' },
  ServiceAccount: { format: 'subdomain' },
  Namespace: { format: 'label' },
  PersistentVolumeClaim: { format: 'subdomain' },
  Deployment: { format: 'subdomain' },
  ReplicaSet: { format: 'subdomain' },
  DaemonSet: { format: 'subdomain' },
  StatefulSet: { format: 'label' }, // apps ValidateStatefulSetName, DNS label since Kubernetes 1.27
  // The pods carry the Job's name as the value of the `job-name` label: at most 63 characters.
  Job: { format: 'subdomain', max: 63 },
  // The CronJob controller appends 11 characters to name each Job (ValidateCronJobCreate).
  CronJob: { format: 'subdomain', max: 52 },
  HorizontalPodAutoscaler: { format: 'subdomain' },
  PodDisruptionBudget: { format: 'subdomain' },
  Ingress: { format: 'subdomain' },
  IngressClass: { format: 'subdomain' },
  NetworkPolicy: { format: 'subdomain' },
  Role: { format: 'path-segment' }, // rbac ValidateRBACName
  ClusterRole: { format: 'path-segment' },
  RoleBinding: { format: 'path-segment' },
  ClusterRoleBinding: { format: 'path-segment' },
  PriorityClass: { format: 'subdomain' },
  StorageClass: { format: 'subdomain' },
};

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass', 'IngressClass']);
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

const nameMissing = (kind: string) =>
  l10n.t('This {0} has no `metadata.name`; the API server requires one (or a `generateName` prefix, which `kubectl create` accepts but `kubectl apply` does not).', kind);
const finalizerNotQualified = (value: string) =>
  l10n.t('`{0}` is not a valid finalizer: only `kubernetes`, `orphan` and `foregroundDeletion` may go without a domain prefix (such as `example.com/{0}`).', value);
const renameTitle = (name: string) => l10n.t('Rename to `{0}`', name);

/** The name rule of a resource: its kind's for the built-in kinds known here, DNS subdomain for custom resources. */
function nameRule(ctx: CheckContext): NameRule | undefined {
  const { resource } = ctx;
  if (resource.resolution.status !== 'schema') return undefined;
  // Kubernetes' own schema: the kind of its own group (an old group does not resolve to a schema).
  return resource.resolution.kindSchema.origin === 'kubernetes' ? NAME_RULES[resource.kind] : CUSTOM_RESOURCE_NAME;
}

const CUSTOM_RESOURCE_NAME: NameRule = { format: 'subdomain' };

export function checkMetadata(ctx: CheckContext, root: PlainObject): void {
  const metadata = objectAt(root.metadata);
  const builtIn = ctx.resource.resolution.status === 'schema' && ctx.resource.resolution.kindSchema.origin === 'kubernetes';
  const rule = nameRule(ctx);
  const kind = ctx.resource.kind;
  const name = stringAt(metadata?.name);
  const generateName = stringAt(metadata?.generateName);
  if (!ctx.partial && (name === undefined || name === '') && !generateName && rule) {
    ctx.report(Codes.serverRequired, ctx.at(metadata ? 'metadata' : 'kind'), nameMissing(kind), { at: 'key' });
  }
  if (!metadata) return;
  if (rule && name) {
    const problem = nameProblem(name, rule.format, `${kind} name`, rule);
    if (problem) {
      const fixed = rule.format === 'path-segment' ? undefined : sanitizeName(name, rule.format, rule.max);
      ctx.report(Codes.serverName, ctx.at('metadata', 'name'), problem, fixed
        ? { fixes: [{ fix: 'edit', title: renameTitle(fixed), steps: [{ op: 'set', path: ctx.at('metadata', 'name'), value: fixed }] }] }
        : {});
    }
  }
  if (rule && generateName) {
    const problem = nameProblem(generateName, rule.format, l10n.t('`generateName` prefix for a {0}', kind), { prefix: true, max: rule.max });
    if (problem) ctx.report(Codes.serverName, ctx.at('metadata', 'generateName'), problem);
  }
  const namespace = stringAt(metadata.namespace);
  if (namespace && builtIn && NAME_RULES[kind] && !CLUSTER_SCOPED.has(kind)) {
    const problem = nameProblem(namespace, 'label', l10n.t('namespace name'));
    if (problem) ctx.report(Codes.serverName, ctx.at('metadata', 'namespace'), problem);
  }
  if (metadata.labels) checkLabels(ctx, metadata.labels, ctx.at('metadata', 'labels'));
  if (metadata.annotations) checkAnnotations(ctx, metadata.annotations, ctx.at('metadata', 'annotations'));
  if (builtIn && metadata.finalizers) {
    listAt(metadata.finalizers).forEach((finalizer, index) => {
      if (typeof finalizer !== 'string') return;
      const problem = qualifiedNameProblem(finalizer, 'finalizer')
        ?? (!finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer) ? finalizerNotQualified(finalizer) : undefined);
      if (problem) ctx.report(Codes.serverName, ctx.at('metadata', 'finalizers', index), problem);
    });
  }
}

/** The namespace's own spec.finalizers (core ValidateNamespace): qualified names, standard ones without a prefix. */
export function checkNamespace(ctx: CheckContext, root: PlainObject): void {
  listAt(objectAt(root.spec)?.finalizers).forEach((finalizer, index) => {
    if (typeof finalizer !== 'string') return;
    const problem = qualifiedNameProblem(finalizer, 'finalizer')
      ?? (!finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer) ? finalizerNotQualified(finalizer) : undefined);
    if (problem) ctx.report(Codes.serverName, ctx.at('spec', 'finalizers', index), problem);
  });
}
