import { apiGroupOf } from '../resource';

/**
 * Which kinds are cluster-scoped (have no namespace). The OpenAPI definitions of the schema bundle
 * do not say (scope is in API discovery, which the bundle does not carry), so the built-in ones and
 * those of the bundled CRDs are listed here; a workspace CRD says it with `scope: Cluster`.
 */
const CLUSTER_SCOPED: Record<string, readonly string[]> = {
  '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass'],
  'scheduling.k8s.io': ['PriorityClass'],
  'networking.k8s.io': ['IngressClass', 'IPAddress', 'ServiceCIDR'],
  'node.k8s.io': ['RuntimeClass'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'admissionregistration.k8s.io': [
    'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
    'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  ],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'resource.k8s.io': ['DeviceClass', 'ResourceSlice'],
  'internal.apiserver.k8s.io': ['StorageVersion'],
  'policy': ['PodSecurityPolicy'],
  // Bundled custom resources.
  'cert-manager.io': ['ClusterIssuer'],
  'gateway.networking.k8s.io': ['GatewayClass'],
  'external-secrets.io': ['ClusterSecretStore', 'ClusterExternalSecret'],
  'argoproj.io': ['ClusterWorkflowTemplate', 'ClusterAnalysisTemplate'],
  'keda.sh': ['ClusterTriggerAuthentication'],
};

/** Whether resources of this kind have no namespace (`clusterCrds`: group/kind of workspace CRDs with `scope: Cluster`). */
export function isClusterScoped(apiVersion: string, kind: string, clusterCrds: ReadonlySet<string>): boolean {
  const group = apiGroupOf(apiVersion);
  return CLUSTER_SCOPED[group]?.includes(kind) === true || (clusterCrds.size > 0 && clusterCrds.has(`${group}/${kind}`));
}
