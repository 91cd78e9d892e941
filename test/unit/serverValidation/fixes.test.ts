import { strict as assert } from 'node:assert';
import { FixData } from '../../../server/src/core/diagnostics';
import { analyze, applyAction, codeActions, lint } from '../../helpers';
import { at, container, deployment, findings, indent, pod } from './helpers';

/**
 * The server checks' quick fixes: each applied through the document editor, the finding gone, the
 * rest of the file byte for byte, the result checked again; `safe` only where one mechanical
 * answer exists (what `kubesmith lint --fix` may apply). And suppressions of server-* codes.
 */

/** `code: title` of every fix offered, `(safe)` marked. */
function offered(text: string): string[] {
  return analyze(text).diagnostics.flatMap((diagnostic) => ((diagnostic.data as { fixes?: FixData[] } | undefined)?.fixes ?? [])
    .filter((fix): fix is Extract<FixData, { fix: 'edit' }> => fix.fix === 'edit')
    .map((fix) => `${diagnostic.code}: ${fix.title}${fix.safe ? ' (safe)' : ''}`));
}

/** Applies a fix by title; asserts that the result is the text with (the first) `from` replaced by `to`, byte for byte, and returns it. */
function apply(text: string, title: string, from: string, to: string): string {
  assert.ok(text.includes(from), from);
  const fixed = applyAction(text, title);
  assert.equal(fixed, text.replace(from, to));
  return fixed;
}

describe('server checks: quick fixes', () => {
  it('renames an invalid name to one the format accepts (`My_App` → `my-app`), not marked safe', () => {
    const text = `# Payments front end.\n${deployment(container()).replace('  name: web\n', '  name: My_App # the app\n')}`;
    assert.deepEqual(offered(text), ['server-name: Rename to `my-app`']);
    assert.deepEqual(findings(apply(text, 'Rename to `my-app`', 'name: My_App # the app', 'name: my-app # the app')), []);
  });

  it('renames a duplicate port name to a free one', () => {
    const text = deployment(container('  ports:\n  - name: http\n    containerPort: 8080\n  - name: http # admin\n    containerPort: 9090\n'));
    assert.deepEqual(offered(text), ['server-duplicate: Rename the port to `http-2`']);
    assert.deepEqual(findings(apply(text, 'Rename the port to `http-2`', 'name: http # admin', 'name: http-2 # admin')), []);
  });

  it('shortens a port name over 15 characters', () => {
    const text = deployment(container('  ports:\n  - name: http-metrics-port\n    containerPort: 9090\n'));
    assert.deepEqual(offered(text), ['server-port: Rename the port to `http-metrics-po`']);
    assert.deepEqual(findings(apply(text, 'Rename the port to `http-metrics-po`', 'http-metrics-port', 'http-metrics-po')), []);
  });

  it('nodePort on a ClusterIP Service: remove it, or change the type', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80 # http\n    nodePort: 30080\n';
    assert.deepEqual(offered(text), ['server-conflict: Remove `nodePort`', 'server-conflict: Change the Service type to `NodePort`']);
    assert.deepEqual(findings(apply(text, 'Remove `nodePort`', '    nodePort: 30080\n', '')), []);
    assert.deepEqual(findings(apply(text, 'Change the Service type to `NodePort`', '  ports:\n', '  type: NodePort\n  ports:\n')), []);
  });

  it('adds a missing volume as an emptyDir (once per name), not marked safe', () => {
    const text = pod(`${container('  volumeMounts:\n  - name: data\n    mountPath: /data\n  - name: data\n    mountPath: /cache\n')}volumes:\n- name: config # settings\n  configMap:\n    name: web\n`);
    assert.deepEqual(offered(text), ['server-reference: Add volume `data` as an emptyDir']);
    assert.deepEqual(findings(text), [
      `${at(text, 'data', 1, 'volumeMounts')} server-reference No volume named \`data\` in this pod; \`volumeMounts\` may only mount the pod's \`volumes\`.`,
      `${at(text, 'data', 3, 'volumeMounts')} server-reference No volume named \`data\` in this pod; \`volumeMounts\` may only mount the pod's \`volumes\`.`,
    ]);
    const fixed = apply(text, 'Add volume `data` as an emptyDir', '    name: web\n', '    name: web\n  - name: data\n    emptyDir: {}\n');
    assert.deepEqual(findings(fixed), []);
    // Without any volumes, the list is added.
    const bare = pod(container('  volumeMounts:\n  - name: data\n    mountPath: /data\n'));
    assert.deepEqual(findings(applyAction(bare, 'Add volume `data` as an emptyDir')), []);
  });

  it('restart policy: one value for Deployments and Jobs with a podFailurePolicy (safe), two choices for other Jobs', () => {
    const web = deployment(`restartPolicy: Never # copied\n${container()}`);
    assert.deepEqual(offered(web), ['server-restart-policy: Set `restartPolicy: Always` (safe)']);
    assert.deepEqual(findings(apply(web, 'Set `restartPolicy: Always`', 'Never # copied', 'Always # copied')), []);

    const job = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: import\nspec:\n  backoffLimit: 2 # retries\n  template:\n    spec:\n${indent(container(), 6)}`;
    assert.deepEqual(offered(job), ['server-restart-policy: Set `restartPolicy: OnFailure`', 'server-restart-policy: Set `restartPolicy: Never`']);
    assert.deepEqual(findings(apply(job, 'Set `restartPolicy: OnFailure`', '    spec:\n      containers:\n', '    spec:\n      restartPolicy: OnFailure\n      containers:\n')), []);

    const failurePolicy = job.replace('  backoffLimit: 2 # retries\n', '  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [42]\n')
      .replace('    spec:\n      containers', '    spec:\n      restartPolicy: OnFailure\n      containers');
    assert.deepEqual(offered(failurePolicy), ['server-restart-policy: Set `restartPolicy: Never` (safe)']);
    assert.deepEqual(findings(apply(failurePolicy, 'Set `restartPolicy: Never`', 'restartPolicy: OnFailure', 'restartPolicy: Never')), []);
  });

  it('removes what a field forbids: rollingUpdate with Recreate, a liveness probe\'s successThreshold set to 1, a relative Prefix path', () => {
    const recreate = deployment(container(), '  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n');
    assert.deepEqual(offered(recreate), ['server-conflict: Remove `rollingUpdate` (safe)']);
    assert.deepEqual(findings(apply(recreate, 'Remove `rollingUpdate`', '    rollingUpdate:\n      maxSurge: 1\n', '')), []);

    const probe = deployment(container('  livenessProbe:\n    tcpSocket:\n      port: 8080\n    successThreshold: 3\n'));
    assert.deepEqual(offered(probe), ['server-probe: Set `successThreshold: 1` (safe)']);
    assert.deepEqual(findings(apply(probe, 'Set `successThreshold: 1`', 'successThreshold: 3', 'successThreshold: 1')), []);

    const ingress = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - http:\n      paths:\n      - path: api\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n';
    assert.deepEqual(offered(ingress), ['server-value: Change the path to `/api` (safe)']);
    assert.deepEqual(findings(apply(ingress, 'Change the path to `/api`', 'path: api', 'path: /api')), []);
  });

  it('suggests the nearest time zone', () => {
    const text = `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: "@daily"\n  timeZone: Europe/Pariss\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n${indent(container(), 10)}`;
    assert.deepEqual(offered(text), ['server-schedule: Change to `Europe/Paris`']);
    assert.deepEqual(findings(apply(text, 'Change to `Europe/Paris`', 'Europe/Pariss', 'Europe/Paris')), []);
  });

  it('fixes keep JSON as JSON', () => {
    const uri = 'file:///workspace/service.json';
    const json = '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "Web"},\n  "spec": {"ports": [{"port": 80, "nodePort": 30080}]}\n}\n';
    assert.equal(applyAction(json, 'Remove `nodePort`', {}, uri), json.replace('{"port": 80, "nodePort": 30080}', '{"port": 80}'));
    assert.equal(applyAction(json, 'Change the Service type to `NodePort`', {}, uri), json.replace('"spec": {"ports": [{"port": 80, "nodePort": 30080}]}', '"spec": {"ports": [{"port": 80, "nodePort": 30080}], "type": "NodePort"}'));
    assert.equal(applyAction(json, 'Rename to `web`', {}, uri), json.replace('"Web"', '"web"'));
    const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.3', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } }, null, 2);
    const withVolume = applyAction(pod, 'Add volume `data` as an emptyDir', {}, 'file:///workspace/pod.json');
    assert.deepEqual(JSON.parse(withVolume).spec.volumes, [{ name: 'data', emptyDir: {} }]);
    assert.deepEqual(lint(withVolume, {}, 'file:///workspace/pod.json'), []);
  });

  describe('suppressions', () => {
    const text = deployment(container('  ports:\n  - containerPort: 70000\n')).replace('  name: web\n', '  name: My_App\n');

    it('a server-* code can be switched off on a line, for the rest of a document, or by annotation', () => {
      assert.deepEqual(findings(text).map((line) => line.split(' ')[1]), ['server-name', 'server-port']);
      const nextLine = text.replace('  name: My_App\n', '  # kubesmith-disable-next-line server-name\n  name: My_App\n');
      assert.deepEqual(findings(nextLine).map((line) => line.split(' ')[1]), ['server-port']);
      const rest = text.replace('kind: Deployment\n', 'kind: Deployment\n# kubesmith-disable server-port\n');
      assert.deepEqual(findings(rest).map((line) => line.split(' ')[1]), ['server-name']);
      const annotated = text.replace('  name: My_App\n', '  name: My_App\n  annotations:\n    kubesmith.io/ignore: server-name, server-port\n');
      assert.deepEqual(findings(annotated), []);
    });

    it('the editor offers to disable a server-* code on its line', () => {
      const titles = codeActions(text).map((action) => action.title);
      assert.ok(titles.includes('Disable `server-name` for this line'), titles.join(' | '));
      const fixed = applyAction(text, 'Disable `server-name` for this line');
      assert.equal(fixed, text.replace('  name: My_App\n', '  # kubesmith-disable-next-line server-name\n  name: My_App\n'));
      assert.deepEqual(findings(fixed).map((line) => line.split(' ')[1]), ['server-port']);
    });
  });
});
