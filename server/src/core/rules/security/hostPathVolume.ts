import { Rule } from '../types';
import { isRecord, podVolumes } from './podSecurity';
import * as l10n from '@vscode/l10n';
import { phrase } from '../../l10n';

/**
 * Host paths that hand over the node (or other pods' secrets), with what they are. `/var/run` is
 * a link to `/run` on current distributions, so both spellings are recognised.
 */
const SENSITIVE: Record<string, string> = {
  '/': phrase('the node\'s whole filesystem'),
  '/etc': phrase('the node\'s configuration'),
  '/proc': phrase('the kernel\'s view of every process of the node'),
  '/sys': phrase('the kernel\'s settings and devices'),
  '/boot': phrase('the node\'s kernel and boot loader'),
  '/dev': phrase('the node\'s devices'),
  '/root': phrase('the home directory of the node\'s root user'),
  '/var/run/docker.sock': phrase('the Docker socket, which controls every container on the node'),
  '/run/containerd/containerd.sock': phrase('the containerd socket, which controls every container on the node'),
  '/var/run/crio/crio.sock': phrase('the CRI-O socket, which controls every container on the node'),
  '/var/lib/kubelet': phrase('the kubelet\'s directory, with the volumes and secrets of every pod on the node'),
  '/var/lib/docker': phrase('Docker\'s data directory, with the files of every container on the node'),
};

/** Directories whose every sub-path is as sensitive as the directory. */
const SENSITIVE_TREES = ['/etc', '/proc', '/sys'];

function normalize(path: string): string {
  const collapsed = path.trim().replace(/\/+/g, '/').replace(/\/\.(?=\/|$)/g, '');
  const trimmed = collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
  return trimmed.replace(/^\/var\/run(?=\/|$)/, '/run');
}

const CANONICAL = new Map(Object.entries(SENSITIVE).map(([path, what]) => [normalize(path), { path, what }]));

/** Why a host path is sensitive, or undefined for an ordinary directory. */
export function sensitiveHostPath(path: string): string | undefined {
  const target = normalize(path);
  if (!target.startsWith('/')) return undefined;
  const exact = CANONICAL.get(target);
  if (exact) return l10n.t(exact.what);
  const tree = SENSITIVE_TREES.find((root) => target.startsWith(`${root}/`));
  if (tree) return l10n.t('part of {0}', l10n.t(SENSITIVE[tree]));
  // A parent of a sensitive path exposes it too (`/var` holds `/var/lib/kubelet`).
  const inside = [...CANONICAL.entries()].find(([candidate]) => target !== '/' && candidate.startsWith(`${target}/`));
  if (inside) return l10n.t('it contains `{0}`, {1}', inside[1].path, l10n.t(inside[1].what));
  return undefined;
}

export const hostPathVolume: Rule = {
  meta: {
    id: 'host-path-volume',
    title: 'Pods should not mount directories of the node',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    pss: 'baseline',
    rationale: 'A hostPath volume gives the pod the node\'s own files: it ties the pod to one node, and a sensitive path (the container runtime socket, /etc, /proc, the kubelet\'s directory) is a direct way to take over the node. The baseline Pod Security Standard forbids hostPath volumes.',
    howToFix: 'Replace the hostPath volume with a persistentVolumeClaim, an emptyDir, a configMap or a secret. Node agents that really need the node\'s files belong in a namespace that allows privileged pods.',
    kubeLinter: ['sensitive-host-mounts', 'docker-sock', 'writable-host-mount'],
    polaris: ['hostPathSet'],
    harden: false,
  },
  check(ctx) {
    for (const { volume, path: volumePath, label: name } of podVolumes(ctx)) {
      if (!('hostPath' in volume)) continue;
      const hostPath = isRecord(volume.hostPath) && typeof volume.hostPath.path === 'string' ? volume.hostPath.path : undefined;
      const sensitive = hostPath === undefined ? undefined : sensitiveHostPath(hostPath);
      ctx.report({
        path: hostPath === undefined ? [...volumePath, 'hostPath'] : [...volumePath, 'hostPath', 'path'],
        at: hostPath === undefined ? 'key' : 'value',
        message: sensitive
          ? l10n.t('{0} mounts `{1}` from the node, which is sensitive: {2}. Code running in this pod can take over the node; remove this volume.', name, hostPath ?? '', sensitive)
          : hostPath === undefined
            ? l10n.t('{0} mounts a directory from the node (hostPath): the pod can read and change the node\'s files and is tied to that node; use a persistentVolumeClaim, emptyDir or configMap instead.', name)
            : l10n.t('{0} mounts `{1}` from the node (hostPath): the pod can read and change the node\'s files and is tied to that node; use a persistentVolumeClaim, emptyDir or configMap instead.', name, hostPath),
      });
    }
  },
};
