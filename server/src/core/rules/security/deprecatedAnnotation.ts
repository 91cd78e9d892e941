import { isKind } from '../../resource';
import { PathSegment } from '../../yaml/nodes';
import { at, deepEqual, targetsAtLeast } from '../helpers';
import { Rule, RuleContext } from '../types';
import { APPARMOR_ANNOTATION_PREFIX } from './apparmorUnconfined';
import { ALL_CONTAINERS, containersIn, isRecord, removeKeyAndEmptyParent } from './podSecurity';
import * as l10n from '@vscode/l10n';

/**
 * Annotations that fields replaced, still copied from old examples. Where the field says the same
 * thing, the fix moves the value there: for the seccomp and AppArmor annotations (`runtime/default`,
 * `localhost/<profile>`, `unconfined`) the profile object, for the others the field's value. When
 * the field is already set the same way the fix only removes the annotation; when it says
 * something else a person must choose, so there is no fix. The AppArmor field exists from
 * Kubernetes 1.30: before that the annotation is still the way to set a profile, and is not
 * reported.
 */

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const CRITICAL_POD = 'scheduler.alpha.kubernetes.io/critical-pod';
const INGRESS_CLASS = 'kubernetes.io/ingress.class';
const STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
const TOLERATE_UNREADY = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';

/** The profile object of a seccomp or AppArmor annotation value, or undefined for a value that has none. */
function profileOf(value: unknown, runtimeDefaults: readonly string[]): Record<string, string> | undefined {
  if (typeof value !== 'string') return undefined;
  if (runtimeDefaults.includes(value)) return { type: 'RuntimeDefault' };
  if (value === 'unconfined') return { type: 'Unconfined' };
  if (value.startsWith('localhost/') && value.length > 'localhost/'.length) return { type: 'Localhost', localhostProfile: value.slice('localhost/'.length) };
  return undefined;
}

/** `type: Localhost, localhostProfile: x` as one line, for messages. */
function profileText(profile: Record<string, string>): string {
  return Object.entries(profile).map(([key, value]) => `${key}: ${value}`).join(', ');
}

/**
 * The fix of an annotation whose field is at `field`: move the value there when the field is
 * unset, remove the annotation when the field already says the same, nothing when they differ.
 */
function moveFix(ctx: RuleContext, annotations: PathSegment[], key: string, field: PathSegment[], value: unknown): Record<string, unknown> | undefined {
  const current = ctx.value(field);
  if (current === undefined || current === null) return { annotations, key, field, value };
  return deepEqual(current, value) ? { annotations, key } : undefined;
}

function annotationsAt(ctx: RuleContext, metadata: PathSegment[]): { path: PathSegment[]; annotations: Record<string, unknown> } | undefined {
  const path = [...metadata, 'annotations'];
  const annotations = ctx.value(path);
  return isRecord(annotations) ? { path, annotations } : undefined;
}

export const deprecatedAnnotation: Rule = {
  meta: {
    id: 'deprecated-annotation',
    title: 'Use the fields that replaced deprecated annotations',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'Old examples still carry annotations that fields replaced long ago: the seccomp annotations (fields since Kubernetes 1.19), the AppArmor annotations (fields since 1.30), `kubernetes.io/ingress.class` (`ingressClassName`, 1.18), `volume.beta.kubernetes.io/storage-class` (`storageClassName`), `service.alpha.kubernetes.io/tolerate-unready-endpoints` (`publishNotReadyAddresses`) and `scheduler.alpha.kubernetes.io/critical-pod`, which does nothing since 1.16. A deprecated annotation may stop working in any release, and it hides the setting from tools and readers that look at the fields.',
    howToFix: 'Move the setting to its field (the quick fix does it where the field can say the same: the seccomp and AppArmor profiles, the ingress class, the storage class, `publishNotReadyAddresses`) and remove the annotation. For `critical-pod`, give the pod a `priorityClassName` such as `system-cluster-critical`. An `ingressClassName` must name an IngressClass of the cluster, which for most controllers has the old annotation\'s value as its name.',
  },
  check(ctx) {
    const { resource } = ctx;
    for (const podSpec of ctx.podSpecs()) {
      const found = annotationsAt(ctx, podSpec.metadataPath);
      if (!found) continue;
      for (const key in found.annotations) {
        if (!key.includes('alpha.kubernetes.io/') && !key.includes('beta.kubernetes.io/')) continue;
        const value = found.annotations[key];
        const path = [...found.path, key];
        if (key === SECCOMP_POD) {
          const profile = profileOf(value, ['runtime/default', 'docker/default']);
          ctx.report({
            path, at: 'key',
            message: profile
              ? l10n.t('The annotation `{0}` is deprecated since Kubernetes 1.19; set the pod\'s `securityContext.seccompProfile` (`{1}`) instead.', key, profileText(profile))
              : l10n.t('The annotation `{0}` is deprecated since Kubernetes 1.19; set the pod\'s `securityContext.seccompProfile` instead.', key),
            ...(profile ? { fix: moveFix(ctx, found.path, key, [...podSpec.path, 'securityContext', 'seccompProfile'], profile) } : {}),
          });
        } else if (key.startsWith(SECCOMP_CONTAINER_PREFIX) || key.startsWith(APPARMOR_ANNOTATION_PREFIX)) {
          const seccomp = key.startsWith(SECCOMP_CONTAINER_PREFIX);
          if (!seccomp && !targetsAtLeast(ctx, '1.30')) continue;
          const name = key.slice((seccomp ? SECCOMP_CONTAINER_PREFIX : APPARMOR_ANNOTATION_PREFIX).length);
          const container = containersIn(ctx, ALL_CONTAINERS).find((candidate) => candidate.podSpec === podSpec && candidate.name === name);
          const profile = profileOf(value, seccomp ? ['runtime/default', 'docker/default'] : ['runtime/default']);
          const field = seccomp ? 'seccompProfile' : 'appArmorProfile';
          const fix = container && profile ? moveFix(ctx, found.path, key, [...container.path, 'securityContext', field], profile) : undefined;
          let message: string;
          if (seccomp) {
            message = profile
              ? l10n.t('The annotation `{0}` is deprecated since Kubernetes 1.19; set `securityContext.seccompProfile` of container `{1}` (`{2}`) instead.', key, name, profileText(profile))
              : l10n.t('The annotation `{0}` is deprecated since Kubernetes 1.19; set `securityContext.seccompProfile` of container `{1}` instead.', key, name);
          } else {
            message = profile
              ? l10n.t('The annotation `{0}` is deprecated since Kubernetes 1.30; set `securityContext.appArmorProfile` of container `{1}` (`{2}`) instead.', key, name, profileText(profile))
              : l10n.t('The annotation `{0}` is deprecated since Kubernetes 1.30; set `securityContext.appArmorProfile` of container `{1}` instead.', key, name);
          }
          ctx.report({ path, at: 'key', message, ...(fix ? { fix } : {}) });
        } else if (key === CRITICAL_POD) {
          ctx.report({
            path, at: 'key',
            message: l10n.t('The annotation `{0}` has had no effect since Kubernetes 1.16; give the pod a `priorityClassName` (`system-cluster-critical` or `system-node-critical`) and remove the annotation.', key),
          });
        }
      }
    }
    // The kinds first: reading a resource's values converts it, which the other kinds do not need.
    const own = isKind(resource, 'Ingress', 'Service') ? annotationsAt(ctx, at(ctx, 'metadata')) : undefined;
    if (own && isKind(resource, 'Ingress') && INGRESS_CLASS in own.annotations) {
      const value = own.annotations[INGRESS_CLASS];
      const field = at(ctx, 'spec', 'ingressClassName');
      const current = ctx.value(field);
      // Next to a different `ingressClassName` the API server refuses it: a server check (server-conflict) says so.
      const conflicting = current !== undefined && current !== null && current !== value;
      const fix = typeof value === 'string' && value !== '' ? moveFix(ctx, own.path, INGRESS_CLASS, field, value) : undefined;
      if (!conflicting) {
        ctx.report({
          path: [...own.path, INGRESS_CLASS], at: 'key',
          message: l10n.t('The annotation `{0}` is deprecated since Kubernetes 1.18; set `spec.ingressClassName: {1}` instead (the name of an IngressClass of the cluster).', INGRESS_CLASS, String(value)),
          ...(fix ? { fix } : current !== undefined && current !== null ? { fix: { annotations: own.path, key: INGRESS_CLASS } } : {}),
        });
      }
    }
    if (own && isKind(resource, 'Service') && TOLERATE_UNREADY in own.annotations) {
      const value = String(own.annotations[TOLERATE_UNREADY]);
      const flag = value === 'true' ? true : value === 'false' ? false : undefined;
      const fix = flag === undefined ? undefined : moveFix(ctx, own.path, TOLERATE_UNREADY, at(ctx, 'spec', 'publishNotReadyAddresses'), flag);
      ctx.report({
        path: [...own.path, TOLERATE_UNREADY], at: 'key',
        message: flag === undefined
          ? l10n.t('The annotation `{0}` is deprecated; set `spec.publishNotReadyAddresses` instead.', TOLERATE_UNREADY)
          : l10n.t('The annotation `{0}` is deprecated; set `spec.publishNotReadyAddresses: {1}` instead.', TOLERATE_UNREADY, String(flag)),
        ...(fix ? { fix } : {}),
      });
    }
    const claims: { metadata: PathSegment[]; spec: PathSegment[] }[] = [];
    if (isKind(resource, 'PersistentVolumeClaim')) claims.push({ metadata: at(ctx, 'metadata'), spec: at(ctx, 'spec') });
    if (isKind(resource, 'StatefulSet')) {
      const templates = ctx.value(at(ctx, 'spec', 'volumeClaimTemplates'));
      if (Array.isArray(templates)) templates.forEach((_, index) => claims.push({ metadata: at(ctx, 'spec', 'volumeClaimTemplates', index, 'metadata'), spec: at(ctx, 'spec', 'volumeClaimTemplates', index, 'spec') }));
    }
    for (const claim of claims) {
      const found = annotationsAt(ctx, claim.metadata);
      if (!found || !(STORAGE_CLASS in found.annotations)) continue;
      const value = found.annotations[STORAGE_CLASS];
      const current = ctx.value([...claim.spec, 'storageClassName']);
      const fix = typeof value === 'string' ? moveFix(ctx, found.path, STORAGE_CLASS, [...claim.spec, 'storageClassName'], value) : undefined;
      ctx.report({
        path: [...found.path, STORAGE_CLASS], at: 'key',
        message: current !== undefined && current !== null && current !== value
          ? l10n.t('The annotation `{0}` is deprecated, and it says `{1}` while `storageClassName` says `{2}` (the annotation wins); keep the class you mean in `storageClassName` and remove the annotation.', STORAGE_CLASS, String(value), String(current))
          : l10n.t('The annotation `{0}` is deprecated; set `storageClassName: {1}` instead.', STORAGE_CLASS, String(value)),
        ...(fix ? { fix } : {}),
      });
    }
  },
  fixTitle: (args) => (args.field === undefined
    ? l10n.t('Remove the deprecated annotation `{0}`', String(args.key))
    : l10n.t('Move `{0}` to `{1}`', String(args.key), String((args.field as PathSegment[])[(args.field as PathSegment[]).length - 1]))),
  fix(editor, args) {
    const annotations = args.annotations as PathSegment[];
    if (args.field !== undefined) {
      editor.set(args.field as PathSegment[], args.value);
    }
    removeKeyAndEmptyParent(editor, annotations, args.key as string);
  },
};
