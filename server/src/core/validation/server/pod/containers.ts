import { Codes, FixData } from '../../../diagnostics';
import type { PathSegment } from '../../../yaml/nodes';
import { CheckContext, PlainObject, integerAt, isSet, listAt, objectAt, stringAt } from '../context';
import { configKeyProblem, envNameProblem, nameProblem, qualifiedNameProblem } from '../names';
import { checkPortNumber, portNameProblem, sanitizePortName } from '../ports';
import { ProbeKind, checkLifecycle, checkProbe } from './probes';
import { checkContainerResources } from './resources';
import { VolumeInfo, isLocalDescendingPath } from './volumes';
import * as l10n from '@vscode/l10n';

/**
 * The containers of a pod spec (core's validateContainers, validateInitContainers,
 * validateEphemeralContainers and validateContainerCommon): names, image, ports, env, mounts,
 * resources, probes and hooks, security context, and what each list may set.
 */

export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

/** What the containers of one pod spec are checked against. */
export interface PodSpecFacts {
  specPath: PathSegment[];
  spec: PlainObject;
  /** Volumes the mounts may refer to (by name). */
  volumes: Map<string, VolumeInfo>;
  /** The pod's termination grace period: what a sleep hook may last. */
  grace: number;
  /** A Pod (not a template): images may not have surrounding whitespace. */
  isPod: boolean;
  /** Names of `spec.resourceClaims`, which `resources.claims` refer to. */
  claims: ReadonlySet<string>;
}

const FIELD_PATHS = new Set([
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
]);
const SUBSCRIPTED_FIELD_PATH = /^metadata\.(labels|annotations)\['([^']*)'\]$/;
const RESOURCE_FIELDS = new Set(['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage']);
const HUGEPAGE_FIELD = /^(limits|requests)\.hugepages-/;
const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];
const MAX_USER_ID = 2147483647;
const TRAILING_DASHES = /-+$/;


const duplicateContainer = (name: string) =>
  l10n.t('Another container of this pod is already named `{0}`; container names must be unique across `containers`, `initContainers` and `ephemeralContainers`.', name);
const imageMissing = (who: string) => l10n.t('{0} has no `image`; the API server requires one.', who);
const imageWhitespace = (image: string) => l10n.t('`{0}` has spaces around it; a Pod\'s image may not start or end with whitespace.', image);
const duplicatePortName = (name: string) =>
  l10n.t('Another port of this container is already named `{0}`; port names must be unique in a container.', name);
const hostPortClash = (key: string) =>
  l10n.t('Another container of this pod already uses host port {0}; a host port (with its protocol and host IP) can be taken once.', key);
const hostPortMismatch = (hostPort: number, containerPort: number) =>
  l10n.t('`hostPort: {0}` must equal `containerPort: {1}` when the pod uses `hostNetwork: true`.', hostPort, containerPort);
const renamePortTitle = (name: string) => l10n.t('Rename the port to `{0}`', name);
const valueWithValueFrom = () => l10n.t('`value` and `valueFrom` may not both be set; keep one.');
const noEnvSource = () => l10n.t('`valueFrom` needs one of `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`.');
const twoEnvSources = (first: string, second: string) => l10n.t('`valueFrom` sets both `{0}` and `{1}`; use one.', first, second);
const refNameMissing = (field: string, kind: string) => l10n.t('`{0}` needs the `name` of the {1}.', field, kind);
const badFieldPath = (value: string) =>
  l10n.t('`{0}` is not a field the downward API exposes to environment variables: use `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels[\'<key>\']`, `metadata.annotations[\'<key>\']`, `spec.nodeName`, `spec.serviceAccountName`, `status.hostIP(s)` or `status.podIP(s)`.', value);
const badResourceField = (value: string) =>
  l10n.t('`{0}` is not a resource the downward API exposes: use `limits.cpu`, `limits.memory`, `limits.ephemeral-storage`, `requests.cpu`, `requests.memory`, `requests.ephemeral-storage` or `limits.hugepages-<size>`/`requests.hugepages-<size>`.', value);
const envFromSourceCount = (count: number) => count === 0
  ? l10n.t('`envFrom` entries need one of `configMapRef` or `secretRef`.')
  : l10n.t('An `envFrom` entry may set only one of `configMapRef` and `secretRef`.');
const mountNotFound = (name: string) =>
  l10n.t('No volume named `{0}` in this pod; `volumeMounts` may only mount the pod\'s `volumes`.', name);
const deviceNotFound = (name: string) =>
  l10n.t('No volume named `{0}` in this pod; `volumeDevices` may only use the pod\'s `volumes`.', name);
const deviceNotClaim = (name: string) =>
  l10n.t('Volume `{0}` is not a `persistentVolumeClaim` or `ephemeral` volume; only those can be attached as a block device.', name);
const duplicateMountPath = (path: string) => l10n.t('`{0}` is already a mount path of this container; mount paths must be unique.', path);
const duplicateDevicePath = (path: string) => l10n.t('`{0}` is already a device path of this container; device paths must be unique.', path);
const duplicateDevice = (name: string) => l10n.t('Volume `{0}` is already attached as a device of this container.', name);
const mountAndDevice = (name: string) => l10n.t('Volume `{0}` is both mounted and attached as a device in this container; use one.', name);
const subPathBoth = () => l10n.t('`subPath` and `subPathExpr` may not both be set.');
const notRelative = (field: string, value: string) => l10n.t('`{0}` is not a valid `{1}`: it must be a relative path without `..`.', value, field);
const addVolumeTitle = (name: string) => l10n.t('Add volume `{0}` as an emptyDir', name);
const restartPolicyOnContainer = () => l10n.t('`restartPolicy` may not be set on a regular container; only init containers (as sidecars) take one.');
const initRestartPolicy = (value: string) =>
  l10n.t('`restartPolicy: {0}` is not allowed on an init container: the only value is `Always` (a sidecar); remove it for a regular init container.', value);
const forbiddenOnInit = (field: string) =>
  l10n.t('`{0}` may not be set on an init container unless it is a sidecar (`restartPolicy: Always`).', field);
const escalationWithPrivileged = () =>
  l10n.t('`allowPrivilegeEscalation: false` cannot go with `privileged: true`; a privileged container always can escalate.');
const escalationWithSysAdmin = () =>
  l10n.t('`allowPrivilegeEscalation: false` cannot go with adding `CAP_SYS_ADMIN`; that capability allows escalation.');
const idOutOfRange = (field: string, value: number) => l10n.t('`{0}: {1}` is out of range: use 0 to 2147483647.', field, value);
const seccompLocalhostMissing = () => l10n.t('`seccompProfile.type: Localhost` needs `localhostProfile`, the profile file on the node.');
const seccompLocalhostForbidden = () => l10n.t('`localhostProfile` may only be set with `type: Localhost`.');
const claimNotFound = (name: string) =>
  l10n.t('No resource claim named `{0}` in `spec.resourceClaims`; a container may only use the pod\'s claims.', name);

/** "Container `web`" (or "This container" when it has no name). */
function who(list: ContainerList, name: string | undefined): string {
  switch (list) {
    case 'initContainers': return name ? l10n.t('Init container `{0}`', name) : l10n.t('This init container');
    case 'ephemeralContainers': return name ? l10n.t('Ephemeral container `{0}`', name) : l10n.t('This ephemeral container');
    default: return name ? l10n.t('Container `{0}`', name) : l10n.t('This container');
  }
}

const LISTS: readonly ContainerList[] = ['containers', 'initContainers', 'ephemeralContainers'];
const PROBES: readonly ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const INIT_FORBIDDEN = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'];

/** Checks every container list of a pod spec. */
export function checkContainers(ctx: CheckContext, pod: PodSpecFacts): void {
  const names = new Set<string>();
  const hostNetwork = pod.spec.hostNetwork === true;
  // Regular containers first for name uniqueness, as the server reports duplicates on the later lists.
  for (const list of LISTS) {
    const items = pod.spec[list];
    if (!Array.isArray(items)) continue;
    const hostPorts = new Set<string>();
    for (let index = 0; index < items.length; index++) {
      const container = objectAt(items[index]);
      if (!container) continue;
      const path = [...pod.specPath, list, index];
      const name = stringAt(container.name);
      if (name !== undefined) {
        const problem = nameProblem(name, 'label', l10n.t('container name'));
        if (problem) ctx.report(Codes.serverName, [...path, 'name'], problem);
        else if (names.has(name)) {
          if (!ctx.partial) ctx.report(Codes.serverDuplicate, [...path, 'name'], duplicateContainer(name));
        } else names.add(name);
      }
      checkContainer(ctx, pod, container, path, list, name);
      // Host ports: across regular containers; each init container on its own (they run one by one).
      if (container.ports) {
        if (list === 'initContainers') hostPorts.clear();
        checkHostPorts(ctx, container, path, hostPorts, hostNetwork);
      }
    }
  }
}

function checkContainer(ctx: CheckContext, pod: PodSpecFacts, container: PlainObject, path: PathSegment[], list: ContainerList, name: string | undefined): void {
  const image = container.image;
  if (!isSet(image) || image === '') {
    if (!ctx.partial && !ctx.schemaWillAdd(path, 'image')) ctx.report(Codes.serverRequired, isSet(container.name) ? [...path, 'name'] : path, imageMissing(who(list, name)), { at: 'key' });
  } else if (pod.isPod && typeof image === 'string' && image.trim() !== image) {
    ctx.report(Codes.serverValue, [...path, 'image'], imageWhitespace(image));
  }
  // Each part only when present: a container sets few of them.
  if (container.ports) checkPorts(ctx, container.ports, [...path, 'ports']);
  if (container.env) checkEnv(ctx, container.env, [...path, 'env']);
  if (container.envFrom) checkEnvFrom(ctx, container.envFrom, [...path, 'envFrom']);
  if (container.volumeMounts || container.volumeDevices) checkMounts(ctx, pod, container, path);
  const resources = objectAt(container.resources);
  if (resources) {
    checkContainerResources(ctx, resources, [...path, 'resources']);
    if (resources.claims) {
      listAt(resources.claims).forEach((claim, index) => {
        const claimName = stringAt(objectAt(claim)?.name);
        if (claimName && !ctx.partial && !pod.claims.has(claimName)) ctx.report(Codes.serverReference, [...path, 'resources', 'claims', index, 'name'], claimNotFound(claimName));
      });
    }
  }
  if (container.securityContext) checkSecurityContext(ctx, container.securityContext, [...path, 'securityContext']);

  const restartPolicy = stringAt(container.restartPolicy);
  // A sidecar: an init container with restartPolicy Always (Kubernetes 1.29+; in 1.28 the gate is off and the field dropped).
  const sidecar = list === 'initContainers' && restartPolicy === 'Always' && ctx.minor >= 29;
  if (list === 'containers' && restartPolicy !== undefined) {
    ctx.report(Codes.serverRestartPolicy, [...path, 'restartPolicy'], restartPolicyOnContainer(), {
      at: 'key', fixes: [{ fix: 'edit', title: l10n.t('Remove `restartPolicy`'), steps: [{ op: 'remove', path: [...path, 'restartPolicy'] }], safe: true }],
    });
  }
  if (list === 'initContainers' && ctx.minor >= 29 && (restartPolicy === 'Never' || restartPolicy === 'OnFailure')) {
    ctx.report(Codes.serverRestartPolicy, [...path, 'restartPolicy'], initRestartPolicy(restartPolicy), {
      fixes: [
        { fix: 'edit', title: l10n.t('Set `restartPolicy: Always` (a sidecar)'), steps: [{ op: 'set', path: [...path, 'restartPolicy'], value: 'Always' }] },
        { fix: 'edit', title: l10n.t('Remove `restartPolicy`'), steps: [{ op: 'remove', path: [...path, 'restartPolicy'] }] },
      ],
    });
  }
  if (list === 'initContainers' && !sidecar) {
    for (const field of INIT_FORBIDDEN) {
      if (isSet(container[field])) ctx.report(Codes.serverConflict, [...path, field], forbiddenOnInit(field), { at: 'key' });
    }
    return;
  }
  if (list === 'ephemeralContainers') return; // not allowed in manifests at all: reported with the list
  for (const kind of PROBES) if (container[kind]) checkProbe(ctx, container[kind], [...path, kind], kind, pod.grace);
  if (container.lifecycle) checkLifecycle(ctx, container.lifecycle, [...path, 'lifecycle'], pod.grace);
}

function checkPorts(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  const names = new Set<string>();
  listAt(value).forEach((item, index) => {
    const port = objectAt(item);
    if (!port) return;
    const at = [...path, index];
    const name = stringAt(port.name);
    if (name !== undefined && name !== '') {
      const problem = portNameProblem(name);
      if (problem) {
        const fixed = sanitizePortName(name);
        ctx.report(Codes.serverPort, [...at, 'name'], problem, fixed && !names.has(fixed) ? { fixes: [portRename(at, fixed)] } : {});
      } else if (names.has(name)) {
        if (!ctx.partial) {
          const fixed = freePortName(name, names);
          ctx.report(Codes.serverDuplicate, [...at, 'name'], duplicatePortName(name), fixed ? { fixes: [portRename(at, fixed)] } : {});
        }
      } else names.add(name);
    }
    checkPortNumber(ctx, port.containerPort, [...at, 'containerPort'], 'containerPort');
    const hostPort = integerAt(port.hostPort);
    if (hostPort !== undefined && hostPort !== 0) checkPortNumber(ctx, port.hostPort, [...at, 'hostPort'], 'hostPort');
  });
}

function portRename(portPath: PathSegment[], name: string): FixData {
  return { fix: 'edit', title: renamePortTitle(name), steps: [{ op: 'set', path: [...portPath, 'name'], value: name }] };
}

/** `http` → `http-2` (or shorter, to stay within 15 characters), not yet taken. */
function freePortName(name: string, taken: Set<string>): string | undefined {
  for (let n = 2; n < 100; n++) {
    const suffix = `-${n}`;
    const candidate = `${name.slice(0, 15 - suffix.length).replace(TRAILING_DASHES, '')}${suffix}`;
    if (!taken.has(candidate) && portNameProblem(candidate) === undefined) return candidate;
  }
  return undefined;
}

function checkHostPorts(ctx: CheckContext, container: PlainObject, path: PathSegment[], taken: Set<string>, hostNetwork: boolean): void {
  listAt(container.ports).forEach((item, index) => {
    const port = objectAt(item);
    const hostPort = integerAt(port?.hostPort);
    if (!port || hostPort === undefined || hostPort === 0) return;
    const containerPort = integerAt(port.containerPort);
    if (hostNetwork && containerPort !== undefined && hostPort !== containerPort) {
      ctx.report(Codes.serverPort, [...path, 'ports', index, 'hostPort'], hostPortMismatch(hostPort, containerPort));
    }
    const key = `${stringAt(port.protocol) ?? 'TCP'}/${stringAt(port.hostIP) ?? ''}/${hostPort}`;
    if (taken.has(key)) ctx.report(Codes.serverDuplicate, [...path, 'ports', index, 'hostPort'], hostPortClash(`${hostPort}/${stringAt(port.protocol) ?? 'TCP'}`));
    taken.add(key);
  });
}

function checkEnv(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  listAt(value).forEach((item, index) => {
    const variable = objectAt(item);
    if (!variable) return;
    const at = [...path, index];
    const name = stringAt(variable.name);
    if (name !== undefined) {
      const problem = name === '' ? undefined : envNameProblem(name, l10n.t('environment variable name'), ctx.minor);
      if (problem) ctx.report(Codes.serverName, [...at, 'name'], problem);
    }
    const from = objectAt(variable.valueFrom);
    if (!from) return;
    const sources = ENV_SOURCES.filter((source) => isSet(from[source]));
    if (sources.length === 0) {
      if (!ctx.partial) ctx.report(Codes.serverRequired, [...at, 'valueFrom'], noEnvSource(), { at: 'key' });
    } else if (typeof variable.value === 'string' && variable.value !== '') {
      ctx.report(Codes.serverConflict, [...at, 'value'], valueWithValueFrom(), { at: 'key' });
    } else if (sources.length > 1) {
      ctx.report(Codes.serverConflict, [...at, 'valueFrom', sources[1]], twoEnvSources(sources[0], sources[1]), { at: 'key' });
    }
    for (const [source, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
      const ref = objectAt(from[source]);
      if (!ref) continue;
      const refPath = [...at, 'valueFrom', source];
      const refName = stringAt(ref.name);
      if (refName === undefined || refName === '') {
        if (!ctx.partial) ctx.report(Codes.serverRequired, refPath, refNameMissing(source, kind), { at: 'key' });
      } else {
        const problem = nameProblem(refName, 'subdomain', `${kind} name`);
        if (problem) ctx.report(Codes.serverName, [...refPath, 'name'], problem);
      }
      const key = stringAt(ref.key);
      const keyProblem = key ? configKeyProblem(key, `${kind} key`) : undefined;
      if (keyProblem) ctx.report(Codes.serverName, [...refPath, 'key'], keyProblem);
    }
    const fieldPath = stringAt(objectAt(from.fieldRef)?.fieldPath);
    if (fieldPath !== undefined) {
      const subscript = SUBSCRIPTED_FIELD_PATH.exec(fieldPath);
      if (subscript) {
        const key = subscript[1] === 'annotations' ? subscript[2].toLowerCase() : subscript[2];
        const problem = qualifiedNameProblem(key, subscript[1] === 'annotations' ? l10n.t('annotation key') : l10n.t('label key'), subscript[2]);
        if (problem) ctx.report(Codes.serverValue, [...at, 'valueFrom', 'fieldRef', 'fieldPath'], problem);
      } else if (!FIELD_PATHS.has(fieldPath)) {
        ctx.report(Codes.serverValue, [...at, 'valueFrom', 'fieldRef', 'fieldPath'], badFieldPath(fieldPath));
      }
    }
    const resource = stringAt(objectAt(from.resourceFieldRef)?.resource);
    if (resource !== undefined && !RESOURCE_FIELDS.has(resource) && !HUGEPAGE_FIELD.test(resource)) {
      ctx.report(Codes.serverValue, [...at, 'valueFrom', 'resourceFieldRef', 'resource'], badResourceField(resource));
    }
  });
}

function checkEnvFrom(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  listAt(value).forEach((item, index) => {
    const source = objectAt(item);
    if (!source) return;
    const at = [...path, index];
    const prefix = stringAt(source.prefix);
    const prefixProblem = prefix ? envNameProblem(prefix, l10n.t('environment variable prefix'), ctx.minor) : undefined;
    if (prefixProblem) ctx.report(Codes.serverName, [...at, 'prefix'], prefixProblem);
    const refs = (['configMapRef', 'secretRef'] as const).filter((field) => isSet(source[field]));
    if (refs.length !== 1 && !(refs.length === 0 && ctx.partial)) ctx.report(Codes.serverRequired, refs.length ? [...at, refs[1]] : at, envFromSourceCount(refs.length), { at: 'key' });
    for (const field of refs) {
      const ref = objectAt(source[field]);
      const kind = field === 'configMapRef' ? 'ConfigMap' : 'Secret';
      const refName = stringAt(ref?.name);
      if (refName === undefined || refName === '') {
        if (!ctx.partial) ctx.report(Codes.serverRequired, [...at, field], refNameMissing(field, kind), { at: 'key' });
        continue;
      }
      const problem = nameProblem(refName, 'subdomain', `${kind} name`, { prefix: true });
      if (problem) ctx.report(Codes.serverName, [...at, field, 'name'], problem);
    }
  });
}

function checkMounts(ctx: CheckContext, pod: PodSpecFacts, container: PlainObject, path: PathSegment[]): void {
  const devices = new Map<string, string>();
  const deviceNames = new Set<string>();
  const devicePaths = new Set<string>();
  listAt(container.volumeDevices).forEach((item, index) => {
    const device = objectAt(item);
    if (!device) return;
    const at = [...path, 'volumeDevices', index];
    const name = stringAt(device.name);
    const devicePath = stringAt(device.devicePath);
    if (name) {
      const volume = pod.volumes.get(name);
      if (!volume) {
        if (!ctx.partial) ctx.report(Codes.serverReference, [...at, 'name'], deviceNotFound(name));
      } else if (!volume.claim && volume.source) ctx.report(Codes.serverReference, [...at, 'name'], deviceNotClaim(name));
      if (deviceNames.has(name)) ctx.report(Codes.serverDuplicate, [...at, 'name'], duplicateDevice(name));
      deviceNames.add(name);
    }
    if (devicePath) {
      if (devicePaths.has(devicePath)) ctx.report(Codes.serverDuplicate, [...at, 'devicePath'], duplicateDevicePath(devicePath));
      devicePaths.add(devicePath);
      if (name) devices.set(name, devicePath);
    }
  });
  const mountPaths = new Set<string>();
  const missing = new Set<string>();
  listAt(container.volumeMounts).forEach((item, index) => {
    const mount = objectAt(item);
    if (!mount) return;
    const at = [...path, 'volumeMounts', index];
    const name = stringAt(mount.name);
    const mountPath = stringAt(mount.mountPath);
    if (name) {
      if (!pod.volumes.has(name)) {
        if (!ctx.partial) {
          const fixes: FixData[] = missing.has(name) ? [] : [{
            fix: 'edit', title: addVolumeTitle(name), steps: [{ op: 'append', path: [...pod.specPath, 'volumes'], value: { name, emptyDir: {} } }],
          }];
          missing.add(name);
          ctx.report(Codes.serverReference, [...at, 'name'], mountNotFound(name), { fixes });
        }
      }
      if (deviceNames.has(name)) ctx.report(Codes.serverConflict, [...at, 'name'], mountAndDevice(name));
    }
    if (mountPath) {
      if (mountPaths.has(mountPath)) ctx.report(Codes.serverDuplicate, [...at, 'mountPath'], duplicateMountPath(mountPath));
      else if ([...devices.values()].includes(mountPath)) ctx.report(Codes.serverDuplicate, [...at, 'mountPath'], duplicateDevicePath(mountPath));
      mountPaths.add(mountPath);
    }
    const subPath = stringAt(mount.subPath);
    const subPathExpr = stringAt(mount.subPathExpr);
    if (subPath && !isLocalDescendingPath(subPath)) ctx.report(Codes.serverValue, [...at, 'subPath'], notRelative('subPath', subPath));
    if (subPathExpr) {
      if (subPath) ctx.report(Codes.serverConflict, [...at, 'subPathExpr'], subPathBoth(), { at: 'key' });
      if (!isLocalDescendingPath(subPathExpr)) ctx.report(Codes.serverValue, [...at, 'subPathExpr'], notRelative('subPathExpr', subPathExpr));
    }
  });
}

/** A container's (or the pod's) `securityContext`: user and group ids, escalation with privileges, seccomp. */
export function checkSecurityContext(ctx: CheckContext, value: unknown, path: PathSegment[], podLevel = false): void {
  const context = objectAt(value);
  if (!context) return;
  for (const field of podLevel ? ['runAsUser', 'runAsGroup', 'fsGroup'] : ['runAsUser', 'runAsGroup']) {
    const id = integerAt(context[field]);
    if (id !== undefined && (id < 0 || id > MAX_USER_ID)) ctx.report(Codes.serverValue, [...path, field], idOutOfRange(field, id));
  }
  if (podLevel) {
    listAt(context.supplementalGroups).forEach((group, index) => {
      const id = integerAt(group);
      if (id !== undefined && (id < 0 || id > MAX_USER_ID)) ctx.report(Codes.serverValue, [...path, 'supplementalGroups', index], idOutOfRange('supplementalGroups', id));
    });
  }
  if (!podLevel && context.allowPrivilegeEscalation === false) {
    if (context.privileged === true) ctx.report(Codes.serverConflict, [...path, 'allowPrivilegeEscalation'], escalationWithPrivileged());
    if (listAt(objectAt(context.capabilities)?.add).includes('CAP_SYS_ADMIN')) ctx.report(Codes.serverConflict, [...path, 'allowPrivilegeEscalation'], escalationWithSysAdmin());
  }
  const seccomp = objectAt(context.seccompProfile);
  if (seccomp) {
    if (seccomp.type === 'Localhost' && !isSet(seccomp.localhostProfile)) {
      if (!ctx.partial) ctx.report(Codes.serverRequired, [...path, 'seccompProfile', 'type'], seccompLocalhostMissing());
    } else if (isSet(seccomp.type) && seccomp.type !== 'Localhost' && isSet(seccomp.localhostProfile)) {
      ctx.report(Codes.serverConflict, [...path, 'seccompProfile', 'localhostProfile'], seccompLocalhostForbidden(), { at: 'key' });
    }
  }
}
