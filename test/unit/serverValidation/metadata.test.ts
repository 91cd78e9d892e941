import { strict as assert } from 'node:assert';
import { at, container, deployment, findings } from './helpers';

/**
 * Metadata of every resource (apimachinery's objectmeta.go, core's ValidateObjectMeta): the name in
 * the format its kind requires, generateName, namespace, labels, annotations, finalizers.
 */

const configMap = (metadata: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n${metadata}data:\n  a: b\n`;

describe('server checks: metadata', () => {
  it('checks each kind\'s name in its own format: `My_App` Deployment, `web.v2` Service, `Payments` Namespace', () => {
    const app = deployment(container()).replace('  name: web\n', '  name: My_App\n');
    assert.deepEqual(findings(app), [
      `${at(app, 'My_App')} server-name \`My_App\` is not a valid Deployment name: lowercase letters, digits, \`-\` and \`.\` only, starting and ending with a letter or digit.`,
    ]);
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web.v2\nspec:\n  ports:\n  - port: 80\n';
    assert.deepEqual(findings(service), [
      '4:9-4:15 server-name `web.v2` is not a valid Service name: lowercase letters, digits and `-` only, starting with a letter and ending with a letter or digit.',
    ]);
    // A dot is fine in a Deployment's name (a DNS subdomain), not in a Service's (a DNS-1035 label).
    assert.deepEqual(findings(deployment(container()).replace('  name: web\n', '  name: web.v2\n')), []);
    assert.deepEqual(findings('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Payments\n'), [
      '4:9-4:17 server-name `Payments` is not a valid Namespace name: lowercase letters, digits and `-` only, starting and ending with a letter or digit.',
    ]);
    assert.deepEqual(findings('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n'), []);
  });

  it('knows the kinds with their own limits: StatefulSet (DNS label), Job (63), CronJob (52), RBAC (path segment)', () => {
    const sts = (name: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n      - name: db\n        image: postgres:16.4\n`;
    assert.deepEqual(findings(sts('db.v2')), [
      '4:9-4:14 server-name `db.v2` is not a valid StatefulSet name: lowercase letters, digits and `-` only, starting and ending with a letter or digit.',
    ]);
    const cron = (name: string) => `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: ${name}\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: c\n            image: busybox:1.36\n`;
    assert.deepEqual(findings(cron('c'.repeat(52))), []);
    assert.deepEqual(findings(cron('c'.repeat(53))), [
      `4:9-4:62 server-name \`${'c'.repeat(53)}\` is not a valid CronJob name: at most 52 characters (it has 53).`,
    ]);
    const job = (name: string) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox:1.36\n`;
    assert.deepEqual(findings(job('j'.repeat(63))), []);
    assert.deepEqual(findings(job('j'.repeat(64))), [`4:9-4:73 server-name \`${'j'.repeat(64)}\` is not a valid Job name: at most 63 characters (it has 64).`]);
    const role = (name: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\nrules: []\n`;
    assert.deepEqual(findings(role('system:Reader_1')), []);
    assert.deepEqual(findings(role('"team/reader"')), [
      '4:9-4:22 server-name `team/reader` is not a valid Role name: it may not be `.` or `..` and may not contain `/` or `%`.',
    ]);
  });

  it('checks a custom resource\'s name as a DNS subdomain, and leaves other built-in kinds\' names alone', () => {
    const vs = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: Reviews\nspec:\n  hosts: [reviews]\n';
    assert.deepEqual(findings(vs), [
      '4:9-4:16 server-name `Reviews` is not a valid VirtualService name: lowercase letters, digits, `-` and `.` only, starting and ending with a letter or digit.',
    ]);
    assert.deepEqual(findings('apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: Leader_1\n'), []);
  });

  it('requires a name or a generateName, and checks generateName with its trailing dash', () => {
    assert.deepEqual(findings('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    app: a\ndata:\n  a: b\n'), [
      '3:1-3:9 server-required This ConfigMap has no `metadata.name`; the API server requires one (or a `generateName` prefix, which `kubectl create` accepts but `kubectl apply` does not).',
    ]);
    assert.deepEqual(findings(configMap('  generateName: settings-\n')), []);
    assert.deepEqual(findings(configMap('  generateName: Settings-\n')), [
      '4:17-4:26 server-name `Settings-` is not a valid `generateName` prefix for a ConfigMap: lowercase letters, digits, `-` and `.` only, starting and ending with a letter or digit.',
    ]);
  });

  it('checks the namespace as a DNS label on namespaced kinds', () => {
    assert.deepEqual(findings(configMap('  name: settings\n  namespace: Team_A\n')), [
      '5:14-5:20 server-name `Team_A` is not a valid namespace name: lowercase letters, digits and `-` only, starting and ending with a letter or digit.',
    ]);
    assert.deepEqual(findings(configMap('  name: settings\n  namespace: team-a\n')), []);
  });

  it('checks label keys and values: a 71-character value, `my_company.com/team`; 63 characters pass', () => {
    const text = configMap(`  name: settings\n  labels:\n    team: ${'v'.repeat(71)}\n    my_company.com/team: payments\n    app.kubernetes.io/name: ${'v'.repeat(63)}\n    empty: ""\n`);
    assert.deepEqual(findings(text), [
      `6:11-6:82 server-label \`${'v'.repeat(69)}…\` is not a valid label value: at most 63 characters (it has 71).`,
      '7:5-7:24 server-label `my_company.com/team` is not a valid label key: its prefix `my_company.com` must be a DNS subdomain (lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit).',
    ]);
  });

  it('checks annotation keys (in lower case) and their total size: 256 KiB pass, one byte more does not', () => {
    const key = 'example.com/blob';
    const size = 256 * 1024 - key.length;
    assert.deepEqual(findings(configMap(`  name: settings\n  annotations:\n    ${key}: ${'x'.repeat(size)}\n`)), []);
    assert.deepEqual(findings(configMap('  name: settings\n  annotations:\n    Example.com/Owner: team-a\n')), []);
    assert.deepEqual(findings(configMap(`  name: settings\n  annotations:\n    ${key}: ${'x'.repeat(size + 1)}\n`)), [
      '5:3-5:14 server-label The annotations take 262145 bytes in all; the API server accepts at most 262144 (256 KiB) of keys and values together.',
    ]);
    assert.deepEqual(findings(configMap('  name: settings\n  annotations:\n    "bad key": x\n')), [
      '6:5-6:14 server-label `bad key` is not a valid annotation key: an optional DNS subdomain prefix and `/`, then a name of letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.',
    ]);
  });

  it('checks finalizers of built-in kinds: qualified, and prefixed unless standard', () => {
    assert.deepEqual(findings(configMap('  name: settings\n  finalizers:\n  - kubernetes\n  - example.com/cleanup\n  - cleanup\n')), [
      '8:5-8:12 server-name `cleanup` is not a valid finalizer: only `kubernetes`, `orphan` and `foregroundDeletion` may go without a domain prefix (such as `example.com/cleanup`).',
    ]);
  });

  it('checks the pod template\'s labels too', () => {
    const text = deployment(container()).replace('        app: web\n    spec:', '        app: web\n        "tier!": x\n    spec:');
    assert.deepEqual(findings(text), [
      `${at(text, '"tier!"')} server-label \`tier!\` is not a valid label key: an optional DNS subdomain prefix and \`/\`, then a name of letters, digits, \`-\`, \`_\` and \`.\`, starting and ending with a letter or digit.`,
    ]);
  });
});
