import { containerAnchor, containerLabel } from '../helpers';
import { Rule } from '../types';
import { MANIFEST_CONTAINERS, Path, containersIn, isRecord } from './podSecurity';
import * as l10n from '@vscode/l10n';

function mountsTmp(volumeMounts: unknown): boolean {
  return Array.isArray(volumeMounts) && volumeMounts.some((mount) => isRecord(mount) && typeof mount.mountPath === 'string'
    && mount.mountPath.replace(/\/+$/, '') === '/tmp');
}

/**
 * The volume to mount at /tmp: `tmp` when there is no volume of that name or it is already an
 * emptyDir (reused), else the first free or emptyDir one of `tmp-dir`, `tmp-dir-2`...
 */
export function tmpVolumeName(volumes: unknown): { name: string; exists: boolean } {
  const list = Array.isArray(volumes) ? volumes.filter(isRecord) : [];
  for (let i = 1; ; i++) {
    const name = i === 1 ? 'tmp' : i === 2 ? 'tmp-dir' : `tmp-dir-${i - 1}`;
    const existing = list.find((volume) => volume.name === name);
    if (!existing) return { name, exists: false };
    if ('emptyDir' in existing) return { name, exists: true };
  }
}

export const readOnlyRootFilesystem: Rule = {
  meta: {
    id: 'read-only-root-filesystem',
    title: 'Containers should have a read-only root filesystem',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'restricted',
    rationale: 'With a writable root filesystem an attacker can drop tools and change the application\'s files inside the running container; read-only keeps the container as it was built.',
    howToFix: 'Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir wherever the application must write (/tmp, caches). Harden Manifest adds the /tmp emptyDir for you (setting `kubesmith.harden.tmpVolume`).',
    kubeLinter: ['no-read-only-root-fs'],
    polaris: ['notReadOnlyRootFilesystem'],
    kubeScore: ['container-security-context-readonlyrootfilesystem'],
    harden: true,
  },
  check(ctx) {
    for (const container of containersIn(ctx, MANIFEST_CONTAINERS)) {
      const path = [...container.path, 'securityContext', 'readOnlyRootFilesystem'];
      const value = ctx.value(path);
      if (value === true) continue;
      ctx.report({
        path: value === false ? path : containerAnchor(ctx, container),
        at: 'value',
        message: value === false
          ? l10n.t('{0} has a writable root filesystem (`readOnlyRootFilesystem: false`); set it to true and mount an emptyDir where it must write.', containerLabel(container))
          : l10n.t('{0} can write to its root filesystem; set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where it must write (such as /tmp).', containerLabel(container)),
        fix: { container: container.path, podSpec: container.podSpec.path, mountsTmp: mountsTmp(ctx.value([...container.path, 'volumeMounts'])) },
      });
    }
  },
  fixTitle: (args, ctx) => args.mountsTmp || !ctx.harden.tmpVolume ? l10n.t('Set `readOnlyRootFilesystem: true`') : l10n.t('Mount an emptyDir at /tmp and make the root filesystem read-only'),
  fix(editor, args, ctx) {
    const container = args.container as Path;
    const podSpec = args.podSpec as Path;
    editor.set([...container, 'securityContext', 'readOnlyRootFilesystem'], true);
    if (!ctx.harden.tmpVolume || mountsTmp(editor.value([...container, 'volumeMounts']))) return;
    const volume = tmpVolumeName(editor.value([...podSpec, 'volumes']));
    if (!volume.exists) editor.appendItem([...podSpec, 'volumes'], { name: volume.name, emptyDir: {} });
    editor.appendItem([...container, 'volumeMounts'], { name: volume.name, mountPath: '/tmp' });
  },
};
