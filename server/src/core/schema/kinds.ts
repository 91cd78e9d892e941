import { KindSchema, SchemaStore } from './store';
import { ApiLifecycleEntry, splitApiVersion } from './types';
import { closestMatch } from '../validation/text';

/**
 * Step 3 of the pipeline: what an apiVersion/kind pair means for the targeted Kubernetes minor.
 */
export type KindResolution =
  /** A schema is known; `deprecation` when the API is served but on its way out. */
  | { status: 'schema'; kindSchema: KindSchema; deprecation?: ApiLifecycleEntry }
  /** Removed before the bundled versions (or within them, with `lastServed`). */
  | { status: 'removed'; removedIn: string; replacement: string | null; note?: string; lastServed?: string }
  /** Served only by newer minors than the target. */
  | { status: 'not-yet'; since: string; alternatives: string[] }
  /** The group is known but does not serve this apiVersion/kind. */
  | { status: 'unknown-kind'; builtIn: boolean; suggestion?: { apiVersion: string; kind: string }; knownVersions: string[] }
  /** Configuration files that look like resources but are never sent to a cluster. */
  | { status: 'not-a-resource' }
  /** Nothing known about the group. */
  | { status: 'no-schema' };

/**
 * apiVersion groups (and a few exact kinds) of tool configuration files written in the
 * Kubernetes style: kustomize, kubeconfig, kubeadm, component configs, local cluster tools.
 */
const CONFIG_GROUPS = [
  'kustomize.config.k8s.io', 'config.kubernetes.io', 'kubeadm.k8s.io', 'kubelet.config.k8s.io', 'kubeproxy.config.k8s.io',
  'kubescheduler.config.k8s.io', 'apiserver.config.k8s.io', 'apiserver.k8s.io', 'audit.k8s.io', 'kind.x-k8s.io',
  'k3d.io', 'ctlptl.dev', 'kpt.dev', 'fn.kpt.dev', 'skaffold', 'client.authentication.k8s.io', 'controllermanager.config.k8s.io',
  'cloudcontrollermanager.config.k8s.io', 'eventratelimit.admission.k8s.io', 'pod-security.admission.config.k8s.io',
];
// `v1 List` (what `kubectl get -o yaml` writes) is a container: its items are the resources.
const CONFIG_KINDS = new Set(['v1/Config', 'v1/List']);

export function isConfigFile(apiVersion: string, kind: string): boolean {
  if (CONFIG_KINDS.has(`${apiVersion}/${kind}`)) return true;
  const { group } = splitApiVersion(apiVersion);
  return CONFIG_GROUPS.includes(group) || (group === '' && apiVersion.startsWith('skaffold'));
}

function compareMinor(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

export function minorAtLeast(version: string, than: string): boolean {
  return compareMinor(version, than) >= 0;
}

function nextMinor(minor: string): string {
  const [major, min] = minor.split('.').map(Number);
  return `${major}.${min + 1}`;
}

/** What an apiVersion/kind means for a minor (remembered by the store until the workspace CRDs change). */
export function resolveKind(store: SchemaStore, minor: string, apiVersion: string, kind: string): KindResolution {
  return store.memo(`kind|${minor}|${apiVersion}|${kind}`, () => computeResolution(store, minor, apiVersion, kind));
}

function computeResolution(store: SchemaStore, minor: string, apiVersion: string, kind: string): KindResolution {
  if (isConfigFile(apiVersion, kind)) return { status: 'not-a-resource' };
  const lifecycle = store.lifecycle;
  const target = store.version(minor).minor;

  const kindSchema = store.lookup(target, apiVersion, kind);
  if (kindSchema) {
    const deprecation = kindSchema.origin === 'kubernetes'
      ? lifecycle.deprecated.find((entry) => entry.apiVersion === apiVersion && entry.kind === kind
        && (!entry.deprecatedIn || minorAtLeast(target, entry.deprecatedIn)))
      : undefined;
    return deprecation ? { status: 'schema', kindSchema, deprecation } : { status: 'schema', kindSchema };
  }

  const removedEntry = [...lifecycle.removed, ...lifecycle.deprecated].find((entry) => entry.apiVersion === apiVersion && entry.kind === kind);
  const servedBy = store.index.served[apiVersion]?.[kind];
  if (servedBy && servedBy.length > 0) {
    const later = servedBy.filter((m) => compareMinor(m, target) > 0);
    if (later.length === servedBy.length) {
      const alternatives = store.version(target).apiVersions()
        .filter((candidate) => splitApiVersion(candidate).group === splitApiVersion(apiVersion).group && store.version(target).kindDefinition(candidate, kind));
      return { status: 'not-yet', since: later[0], alternatives };
    }
    const lastServed = servedBy[servedBy.length - 1];
    return {
      status: 'removed',
      removedIn: removedEntry?.removedIn ?? nextMinor(lastServed),
      replacement: removedEntry?.replacement ?? replacementServing(store, target, apiVersion, kind),
      ...(removedEntry?.note ? { note: removedEntry.note } : {}),
      lastServed,
    };
  }
  if (removedEntry) {
    return {
      status: 'removed',
      removedIn: removedEntry.removedIn,
      replacement: removedEntry.replacement,
      ...(removedEntry.note ? { note: removedEntry.note } : {}),
    };
  }

  const { group, version } = splitApiVersion(apiVersion);
  const builtIn = Object.keys(store.index.served).some((candidate) => splitApiVersion(candidate).group === group);
  if (!builtIn && !store.isKnownGroup(group)) {
    // The kind may still be a built-in one written with the wrong group ("apiVersion: v2").
    const elsewhere = apiVersionServing(store, target, kind);
    if (elsewhere && group === '') return { status: 'unknown-kind', builtIn: true, suggestion: { apiVersion: elsewhere, kind }, knownVersions: [] };
    return { status: 'no-schema' };
  }
  const groupKinds = store.kindsOfGroup(target, group);
  const sameKind = groupKinds.get(kind);
  if (sameKind) {
    const preferred = sameKind.find((v) => !/alpha|beta/.test(v)) ?? sameKind[0];
    return { status: 'unknown-kind', builtIn, suggestion: { apiVersion: group ? `${group}/${preferred}` : preferred, kind }, knownVersions: sameKind };
  }
  // A built-in kind in the wrong group (`apiVersion: v1` with `kind: Deployment`).
  const elsewhere = apiVersionServing(store, target, kind);
  if (elsewhere) return { status: 'unknown-kind', builtIn, suggestion: { apiVersion: elsewhere, kind }, knownVersions: [] };
  const nearKind = closestMatch(kind, groupKinds.keys());
  if (nearKind) {
    const versions = groupKinds.get(nearKind)!;
    const preferredVersion = versions.includes(version) ? version : versions[0];
    return { status: 'unknown-kind', builtIn, suggestion: { apiVersion: group ? `${group}/${preferredVersion}` : preferredVersion, kind: nearKind }, knownVersions: [] };
  }
  return builtIn ? { status: 'unknown-kind', builtIn, knownVersions: [] } : { status: 'no-schema' };
}

/** The stable (or most mature) apiVersion serving `kind` in a minor, if any. */
function apiVersionServing(store: SchemaStore, minor: string, kind: string): string | undefined {
  const candidates = store.version(minor).apiVersions().filter((apiVersion) => store.version(minor).kindDefinition(apiVersion, kind));
  const rank = (apiVersion: string) => (/alpha/.test(apiVersion) ? 2 : /beta/.test(apiVersion) ? 1 : 0);
  return candidates.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))[0];
}

function replacementServing(store: SchemaStore, minor: string, apiVersion: string, kind: string): string | null {
  const { group } = splitApiVersion(apiVersion);
  const sameGroup = store.version(minor).apiVersions()
    .filter((candidate) => splitApiVersion(candidate).group === group && store.version(minor).kindDefinition(candidate, kind));
  return sameGroup.find((candidate) => !/alpha|beta/.test(candidate)) ?? sameGroup[0] ?? null;
}
