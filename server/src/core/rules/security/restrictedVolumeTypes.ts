import { Rule } from '../types';
import { podVolumes } from './podSecurity';
import * as l10n from '@vscode/l10n';

/**
 * The volume sources of the Kubernetes API that the restricted Pod Security Standard does not
 * allow. Allowed: configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim,
 * projected, secret, and `image` (OCI image volumes), which Pod Security admission accepts since
 * Kubernetes 1.33. hostPath is not listed here: host-path-volume reports it. A misspelled key is
 * the schema check's business.
 */
export const DISALLOWED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk',
  'gitRepo', 'glusterfs', 'iscsi', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos',
  'vsphereVolume',
]);

export const restrictedVolumeTypes: Rule = {
  meta: {
    id: 'restricted-volume-types',
    title: 'Pods should use only the restricted volume types',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'restricted',
    pss: 'restricted',
    rationale: 'Volume types such as nfs, iscsi, rbd or gitRepo make the node mount storage with the pod\'s own settings, which can reach the node\'s network or credentials. The restricted Pod Security Standard allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret (and image volumes since Kubernetes 1.33).',
    howToFix: 'Create a PersistentVolume for that storage (set up by an administrator) and mount it with a `persistentVolumeClaim`; clone a git repository with an init container into an emptyDir instead of `gitRepo`.',
    harden: false,
  },
  check(ctx) {
    for (const { volume, path, label } of podVolumes(ctx)) {
      for (const source of Object.keys(volume)) {
        if (!DISALLOWED_VOLUME_TYPES.has(source)) continue;
        ctx.report({
          path: [...path, source],
          at: 'key',
          message: l10n.t('{0} is of type `{1}`, which the restricted Pod Security Standard does not allow; mount it through a persistentVolumeClaim instead.', label, source),
        });
      }
    }
  },
};
