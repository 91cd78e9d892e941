import { Codes } from '../../../diagnostics';
import type { PathSegment } from '../../../yaml/nodes';
import { CheckContext, integerAt, isSet, listAt, objectAt, stringAt } from '../context';
import { nameProblem } from '../names';
import * as l10n from '@vscode/l10n';

/**
 * A pod's volumes (core's ValidateVolumes and validateVolumeSource): DNS-label names, unique,
 * exactly one source each, and the sources' own required fields. Returns what the containers'
 * mounts may refer to.
 */

/** Every volume source field of a Volume (core's validateVolumeSource). */
const SOURCES = new Set([
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image',
]);

/** A volume the containers may mount: its source, and whether it is backed by a claim (what `volumeDevices` needs). */
export interface VolumeInfo {
  source: string | undefined;
  claim: boolean;
}

const duplicateVolume = (name: string) =>
  l10n.t('Another volume of this pod is already named `{0}`; volume names must be unique.', name);
const noSource = (name: string) =>
  l10n.t('Volume `{0}` has no source; give it exactly one, such as `emptyDir: {}`, `configMap`, `secret` or `persistentVolumeClaim`.', name);
const twoSources = (name: string, first: string, second: string) =>
  l10n.t('Volume `{0}` sets both `{1}` and `{2}`; a volume has exactly one source.', name, first, second);
const sourceNameMissing = (source: string, field: string) =>
  l10n.t('A `{0}` volume needs `{1}`, the name of the object to mount.', source, field);
const badMode = (field: string, value: number) =>
  l10n.t('`{0}: {1}` is not a valid file mode: use 0 to 0777 (octal, 511 in decimal).', field, value);
const notRelative = (field: string, value: string) =>
  l10n.t('`{0}` is not a valid `{1}`: it must be a relative path without `..`.', value, field);

/** Whether a path is relative and never steps up (core's validateLocalDescendingPath). */
const DRIVE_LETTER = /^[A-Za-z]:/;
const PATH_SEPARATORS = /[\\/]/;

export function isLocalDescendingPath(path: string): boolean {
  if (path.startsWith('/') || DRIVE_LETTER.test(path)) return false;
  return !path.split(PATH_SEPARATORS).includes('..');
}

export function checkVolumes(ctx: CheckContext, volumes: unknown, path: PathSegment[]): Map<string, VolumeInfo> {
  const known = new Map<string, VolumeInfo>();
  listAt(volumes).forEach((item, index) => {
    const volume = objectAt(item);
    if (!volume) return;
    const at = [...path, index];
    const name = stringAt(volume.name);
    // The volume's own keys against the set of sources (not every source looked up in the volume).
    const present: string[] = [];
    for (const key of Object.keys(volume)) if (SOURCES.has(key) && isSet(volume[key])) present.push(key);
    if (name !== undefined) {
      const problem = nameProblem(name, 'label', l10n.t('volume name'));
      if (problem) ctx.report(Codes.serverName, [...at, 'name'], problem);
      else if (known.has(name)) {
        if (!ctx.partial) ctx.report(Codes.serverDuplicate, [...at, 'name'], duplicateVolume(name));
      } else {
        known.set(name, { source: present[0], claim: present[0] === 'persistentVolumeClaim' || present[0] === 'ephemeral' });
      }
    }
    if (present.length === 0 && !ctx.partial) ctx.report(Codes.serverRequired, [...at, 'name'], noSource(name ?? ''), { at: 'key' });
    if (present.length > 1) ctx.report(Codes.serverConflict, [...at, present[1]], twoSources(name ?? '', present[0], present[1]), { at: 'key' });
    for (const source of present) checkSource(ctx, source, volume[source], [...at, source]);
  });
  return known;
}

function checkSource(ctx: CheckContext, source: string, value: unknown, path: PathSegment[]): void {
  const spec = objectAt(value);
  if (!spec) return;
  if (source === 'secret' || source === 'configMap') {
    const field = source === 'secret' ? 'secretName' : 'name';
    if (!ctx.partial && !stringAt(spec[field])) ctx.report(Codes.serverRequired, path, sourceNameMissing(source, field), { at: 'key' });
    checkMode(ctx, spec.defaultMode, [...path, 'defaultMode'], 'defaultMode');
    checkItems(ctx, spec.items, [...path, 'items']);
  } else if (source === 'downwardAPI' || source === 'projected') {
    checkMode(ctx, spec.defaultMode, [...path, 'defaultMode'], 'defaultMode');
    if (source === 'downwardAPI') checkItems(ctx, spec.items, [...path, 'items']);
    listAt(spec.sources).forEach((projection, i) => {
      const entry = objectAt(projection);
      for (const kind of ['secret', 'configMap', 'downwardAPI']) {
        const inner = objectAt(entry?.[kind]);
        if (inner) checkItems(ctx, inner.items, [...path, 'sources', i, kind, 'items']);
      }
    });
  }
}

function checkItems(ctx: CheckContext, items: unknown, path: PathSegment[]): void {
  listAt(items).forEach((item, index) => {
    const entry = objectAt(item);
    if (!entry) return;
    const itemPath = stringAt(entry.path);
    if (itemPath !== undefined && itemPath !== '' && !isLocalDescendingPath(itemPath)) ctx.report(Codes.serverValue, [...path, index, 'path'], notRelative('path', itemPath));
    checkMode(ctx, entry.mode, [...path, index, 'mode'], 'mode');
  });
}

function checkMode(ctx: CheckContext, value: unknown, path: PathSegment[], field: string): void {
  const mode = integerAt(value);
  if (mode !== undefined && (mode < 0 || mode > 0o777)) ctx.report(Codes.serverValue, path, badMode(field, mode));
}
