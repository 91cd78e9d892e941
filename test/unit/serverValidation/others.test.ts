import { strict as assert } from 'node:assert';
import { at, findings } from './helpers';

/**
 * ConfigMaps and Secrets (core's ValidateConfigMap, ValidateSecret), HorizontalPodAutoscalers,
 * PodDisruptionBudgets, RBAC, PriorityClasses, StorageClasses, PersistentVolumeClaims,
 * ServiceAccounts and Namespaces.
 */

const resource = (apiVersion: string, kind: string, body: string, name = 'x') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${body}`;

describe('server checks: configuration, autoscaling, policy, RBAC, scheduling, storage', () => {
  describe('ConfigMap and Secret', () => {
    it('keys: letters, digits, `-`, `_`, `.`; not `.`/`..`-led; in `data` or `binaryData`, not both', () => {
      const text = resource('v1', 'ConfigMap', 'data:\n  app.properties: "a=b"\n  bad key: x\n  ..hidden: "y"\n  .env: ok\n  _under-score.9: ok\nbinaryData:\n  app.properties: aGVsbG8=\n');
      assert.deepEqual(findings(text), [
        `${at(text, 'app.properties')} server-data \`app.properties\` is in both \`data\` and \`binaryData\`; a key may be in one of them.`,
        `${at(text, 'bad key')} server-data \`bad key\` is not a valid ConfigMap key: letters, digits, \`-\`, \`_\` and \`.\` only.`,
        `${at(text, '..hidden')} server-data \`..hidden\` is not a valid ConfigMap key: it may not be \`.\` or \`..\`, nor start with \`..\`.`,
      ]);
    });

    it('keys of 253 characters pass, 254 do not', () => {
      const ok = resource('v1', 'ConfigMap', `data:\n  ${'k'.repeat(253)}: v\n`);
      assert.deepEqual(findings(ok), []);
      const long = resource('v1', 'Secret', `stringData:\n  ${'k'.repeat(254)}: v\n`);
      assert.deepEqual(findings(long), [
        `${at(long, 'k'.repeat(254))} server-data \`${'k'.repeat(69)}…\` is not a valid Secret key: at most 253 characters (it has 254).`,
      ]);
    });

    it('Secret types: the keys each requires, JSON for docker configs (stringData merged into data)', () => {
      const tls = resource('v1', 'Secret', 'type: kubernetes.io/tls\ndata:\n  tls.crt: aGVsbG8=\n', 'tls');
      assert.deepEqual(findings(tls), [`${at(tls, 'kubernetes.io/tls')} server-data A Secret of \`type: kubernetes.io/tls\` needs the key \`tls.key\` in \`data\` or \`stringData\`.`]);
      assert.deepEqual(findings(`${tls}stringData:\n  tls.key: secret\n`), []);
      const pull = resource('v1', 'Secret', 'type: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: "not json"\n', 'pull');
      assert.deepEqual(findings(pull), [
        `${at(pull, '"not json"')} server-data \`.dockerconfigjson\` must hold a JSON object (decoded from base64 in \`data\`); this does not parse as one.`,
      ]);
      // {"auths":{}} in base64.
      assert.deepEqual(findings(resource('v1', 'Secret', 'type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: eyJhdXRocyI6e319\n', 'pull')), []);
    });
  });

  describe('HorizontalPodAutoscaler', () => {
    const hpa = (spec: string) => resource('autoscaling/v2', 'HorizontalPodAutoscaler', `spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n${spec}`, 'web');

    it('minReplicas at most maxReplicas (equal passes)', () => {
      const text = hpa('  minReplicas: 5\n  maxReplicas: 3\n');
      assert.deepEqual(findings(text), [
        `${at(text, '3', 1, 'maxReplicas: 3')} server-value \`minReplicas\` (5) is greater than \`maxReplicas\` (3); the autoscaler needs \`minReplicas\` ≤ \`maxReplicas\`.`,
      ]);
      assert.deepEqual(findings(hpa('  minReplicas: 3\n  maxReplicas: 3\n')), []);
    });

    it('metrics: the source their type names, and positive targets', () => {
      const text = hpa(`  maxReplicas: 3
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 0
  - type: Pods
    resource:
      name: memory
      target:
        type: Utilization
        averageUtilization: 1
`);
      assert.deepEqual(findings(text), [
        `${at(text, '0', 1, 'averageUtilization: 0')} server-value \`averageUtilization: 0\` must be greater than 0.`,
        `${at(text, 'Pods')} server-required A metric of \`type: Pods\` needs \`pods\`.`,
        `${at(text, 'resource', 2)} server-conflict A metric of \`type: Pods\` may only set \`pods\`; remove \`resource\`.`,
      ]);
    });
  });

  it('PodDisruptionBudget: one of minAvailable and maxUnavailable, percentages up to 100%', () => {
    const pdb = (spec: string) => resource('policy/v1', 'PodDisruptionBudget', `spec:\n${spec}  selector:\n    matchLabels:\n      app: web\n`, 'pdb');
    const text = pdb('  minAvailable: 1\n  maxUnavailable: 101%\n');
    assert.deepEqual(findings(text), [
      `${at(text, 'maxUnavailable')} server-conflict \`minAvailable\` and \`maxUnavailable\` cannot both be set; keep one.`,
      `${at(text, '101%')} server-value \`maxUnavailable: 101%\` may not be more than 100%.`,
    ]);
    assert.deepEqual(findings(pdb('  maxUnavailable: 100%\n')), []);
    assert.deepEqual(findings(pdb('  minAvailable: 0\n')), []);
  });

  describe('RBAC', () => {
    it('a Role may not grant nonResourceURLs, nor a rule both them and resources', () => {
      const text = resource('rbac.authorization.k8s.io/v1', 'Role', 'rules:\n- apiGroups: [""]\n  verbs: [get]\n  nonResourceURLs: [/healthz]\n', 'r');
      assert.deepEqual(findings(text), [
        `${at(text, 'nonResourceURLs')} server-conflict \`nonResourceURLs\` may not be used in a Role: they are not namespaced; use a ClusterRole.`,
        `${at(text, 'nonResourceURLs')} server-conflict A rule may grant \`nonResourceURLs\` or resources (\`apiGroups\`, \`resources\`, \`resourceNames\`), not both; split it in two rules.`,
      ]);
      assert.deepEqual(findings(resource('rbac.authorization.k8s.io/v1', 'ClusterRole', 'rules:\n- verbs: [get]\n  nonResourceURLs: [/healthz]\n', 'r')), []);
    });

    it('binding subjects: a ServiceAccount takes no API group; names in each kind\'s format', () => {
      const text = resource('rbac.authorization.k8s.io/v1', 'RoleBinding', `roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: r
subjects:
- kind: ServiceAccount
  name: default
  apiGroup: rbac.authorization.k8s.io
- kind: User
  name: jane@example.com
`, 'rb');
      assert.deepEqual(findings(text), [
        `${at(text, 'rbac.authorization.k8s.io', 3)} server-value \`apiGroup: rbac.authorization.k8s.io\` is not allowed for a ServiceAccount subject: leave it out (the core group).`,
      ]);
    });

    it('names are path segments: anything but `.`, `..`, `/` and `%`', () => {
      assert.deepEqual(findings(resource('rbac.authorization.k8s.io/v1', 'ClusterRole', 'rules: []\n', 'system:Aggregate_To-View')), []);
      const text = resource('rbac.authorization.k8s.io/v1', 'ClusterRole', 'rules: []\n', 'team/view');
      assert.deepEqual(findings(text), [
        `${at(text, 'team/view')} server-name \`team/view\` is not a valid ClusterRole name: it may not be \`.\` or \`..\` and may not contain \`/\` or \`%\`.`,
      ]);
    });
  });

  it('PriorityClass: `system-` names reserved, values up to one billion', () => {
    const reserved = resource('scheduling.k8s.io/v1', 'PriorityClass', 'value: 1000\n', 'system-high');
    assert.deepEqual(findings(reserved), [
      `${at(reserved, 'system-high')} server-name \`system-high\`: names starting with \`system-\` are reserved for the built-in priority classes (\`system-cluster-critical\`, \`system-node-critical\`).`,
    ]);
    const high = resource('scheduling.k8s.io/v1', 'PriorityClass', 'value: 1000000001\n', 'high');
    assert.deepEqual(findings(high), [
      `${at(high, '1000000001')} server-value \`value: 1000000001\` is above 1000000000, the highest priority a user-defined class may have (higher values are for the system classes).`,
    ]);
    assert.deepEqual(findings(resource('scheduling.k8s.io/v1', 'PriorityClass', 'value: 1000000000\n', 'high')), []);
  });

  it('StorageClass: topology expressions need values', () => {
    const text = resource('storage.k8s.io/v1', 'StorageClass', 'provisioner: ebs.csi.aws.com\nallowedTopologies:\n- matchLabelExpressions:\n  - key: topology.kubernetes.io/zone\n    values: []\n', 'fast');
    assert.deepEqual(findings(text), [`${at(text, 'values')} server-required A \`matchLabelExpressions\` entry needs at least one value in \`values\`.`]);
    assert.deepEqual(findings(text.replace('values: []', 'values: [eu-west-1a]')), []);
  });

  it('PersistentVolumeClaim: an access mode and a positive storage request', () => {
    const text = resource('v1', 'PersistentVolumeClaim', 'spec:\n  accessModes: []\n  resources:\n    requests:\n      storage: 0\n', 'data');
    assert.deepEqual(findings(text), [
      `${at(text, 'accessModes')} server-required A claim needs at least one access mode in \`accessModes\`, such as \`ReadWriteOnce\`.`,
      `${at(text, '0', 1, 'storage: 0')} server-value \`storage: 0\` must be greater than 0.`,
    ]);
    assert.deepEqual(findings(text.replace('[]', '[ReadWriteOnce]').replace('storage: 0', 'storage: 1Gi')), []);
  });

  it('ServiceAccount and Namespace: their names and finalizers', () => {
    const account = resource('v1', 'ServiceAccount', '', 'Builder');
    assert.deepEqual(findings(account), [
      `${at(account, 'Builder')} server-name \`Builder\` is not a valid ServiceAccount name: lowercase letters, digits, \`-\` and \`.\` only, starting and ending with a letter or digit.`,
    ]);
    assert.deepEqual(findings(resource('v1', 'ServiceAccount', '', 'ci.builder')), []);
    const namespace = resource('v1', 'Namespace', 'spec:\n  finalizers: [kubernetes, cleanup]\n', 'team-a');
    assert.deepEqual(findings(namespace), [
      `${at(namespace, 'cleanup')} server-name \`cleanup\` is not a valid finalizer: only \`kubernetes\`, \`orphan\` and \`foregroundDeletion\` may go without a domain prefix (such as \`example.com/cleanup\`).`,
    ]);
  });
});
