import { strict as assert } from 'node:assert';
import { applyAction, changedRegion, codeActions, fixRule, lint, lintRule, onlyRule, webDeployment } from '../../helpers';

/**
 * The pattern every rule test follows: a manifest that fires, one that does not, and for a fix:
 * applied, the finding gone, the rest of the file byte for byte the same, comments kept.
 */

const deployment = (container: string, podExtra = '') => webDeployment(container, { pod: podExtra });

describe('rules: reference (run-as-non-root, allow-privilege-escalation, probes, no-latest-tag)', () => {
  it('run-as-non-root fires without runAsNonRoot and is fixed at pod level', () => {
    const text = deployment('        image: nginx:1.27.3\n');
    assert.deepEqual(lintRule(text, 'run-as-non-root'), [
      '16:15-16:18 run-as-non-root Container `web` may run as root: set `securityContext.runAsNonRoot: true`.',
    ]);
    const fixed = fixRule(text, 'run-as-non-root');
    assert.equal(fixed, text.replace('    spec:\n      containers:', '    spec:\n      containers:').replace('        image: nginx:1.27.3\n', '        image: nginx:1.27.3\n      securityContext:\n        runAsNonRoot: true\n'));
    assert.deepEqual(lintRule(fixed, 'run-as-non-root'), []);
    assert.ok(fixed.startsWith('# The web tier.') && fixed.includes('- name: web # main container'));
  });

  it('run-as-non-root does not fire when the pod sets runAsNonRoot', () => {
    assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n', '\n      securityContext:\n        runAsNonRoot: true'), 'run-as-non-root'), []);
    assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n        securityContext:\n          runAsUser: 1000\n', '\n      securityContext:\n        runAsNonRoot: true'), 'run-as-non-root'), []);
  });

  it('run-as-non-root fires on a positive runAsUser without runAsNonRoot (the restricted standard requires it), and its fix clears it', () => {
    const text = deployment('        image: nginx:1.27.3\n        securityContext:\n          runAsUser: 1001\n');
    assert.deepEqual(lintRule(text, 'run-as-non-root'), [
      '16:15-16:18 run-as-non-root Container `web` runs as user 1001 but does not set `runAsNonRoot: true`, which the restricted Pod Security Standard requires; set it so the kubelet refuses to start the container as root.',
    ]);
    const fixed = fixRule(text, 'run-as-non-root');
    assert.deepEqual(lintRule(fixed, 'run-as-non-root'), []);
    assert.equal(changedRegion(text, fixed).added.includes('runAsNonRoot: true'), true);
  });

  it('allow-privilege-escalation is fixed on the container, next to its other settings', () => {
    const text = deployment('        image: nginx:1.27.3\n        securityContext:\n          runAsUser: 1000 # app user\n');
    assert.deepEqual(lintRule(text, 'allow-privilege-escalation'), [
      '16:15-16:18 allow-privilege-escalation Container `web` does not set `securityContext.allowPrivilegeEscalation: false`.',
    ]);
    const fixed = fixRule(text, 'allow-privilege-escalation');
    assert.equal(fixed, text.replace('runAsUser: 1000 # app user\n', 'runAsUser: 1000 # app user\n          allowPrivilegeEscalation: false\n'));
    assert.deepEqual(lintRule(fixed, 'allow-privilege-escalation'), []);
    assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n        securityContext:\n          allowPrivilegeEscalation: false\n'), 'allow-privilege-escalation'), []);
  });

  it('missing probes fire on long-running containers and are fixed with a TCP probe on the declared port', () => {
    const text = deployment('        image: nginx:1.27.3\n        ports:\n        - name: http\n          containerPort: 80\n');
    assert.deepEqual(lintRule(text, 'missing-readiness-probe'), ['16:15-16:18 missing-readiness-probe Container `web` has no readiness probe.']);
    const fixed = fixRule(text, 'missing-readiness-probe');
    assert.equal(fixed, `${text}        readinessProbe:\n          tcpSocket:\n            port: http\n          periodSeconds: 10\n`);
    assert.deepEqual(lintRule(fixed, 'missing-readiness-probe'), []);
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: j\n        image: busybox:1.36\n';
    assert.deepEqual(lintRule(job, 'missing-liveness-probe'), []);
  });

  it('a container without a port gets the finding but no mechanical fix', () => {
    const text = deployment('        image: nginx:1.27.3\n');
    assert.deepEqual(lintRule(text, 'missing-liveness-probe'), [
      '16:15-16:18 missing-liveness-probe Container `web` has no liveness probe (and declares no TCP port, so none can be added mechanically).',
    ]);
    assert.deepEqual(codeActions(text, onlyRule('missing-liveness-probe')).map((a) => a.title), [
      'Disable `missing-liveness-probe` for this line', 'Disable `missing-liveness-probe` for this resource',
    ]);
  });

  it('no-latest-tag fires on latest and untagged images, not on versions or digests', () => {
    assert.deepEqual(lintRule(deployment('        image: nginx:latest\n'), 'no-latest-tag'), [
      '17:16-17:28 no-latest-tag Image `nginx:latest` uses the `latest` tag; pin a version or a digest so every node runs the same code.',
    ]);
    assert.deepEqual(lintRule(deployment('        image: registry:5000/team/app\n'), 'no-latest-tag'), [
      '17:16-17:38 no-latest-tag Image `registry:5000/team/app` has no tag, so it means `latest`; pin a version such as `registry:5000/team/app:1.2.3` or a digest.',
    ]);
    assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n'), 'no-latest-tag'), []);
    assert.deepEqual(lintRule(deployment('        image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n'), 'no-latest-tag'), []);
  });

  it('honours suppression comments and annotations, including kube-linter ones', () => {
    const text = deployment('        image: nginx:latest\n');
    assert.equal(lintRule(text.replace('        image: nginx:latest', '        # kubesmith-disable-next-line no-latest-tag\n        image: nginx:latest'), 'no-latest-tag').length, 0);
    assert.equal(lintRule(text.replace('    spec:\n', '    spec:\n      # kubesmith-disable no-latest-tag\n'), 'no-latest-tag').length, 0);
    assert.equal(lintRule(text.replace('  name: web\n', '  name: web\n  annotations:\n    kubesmith.io/ignore: "no-latest-tag, run-as-non-root"\n'), 'no-latest-tag').length, 0);
    assert.equal(lintRule(text.replace('  name: web\n', '  name: web\n  annotations:\n    ignore-check.kube-linter.io/latest-tag: "pinned by the CD system"\n'), 'no-latest-tag').length, 0);
    // A suppression for another rule does not hide this one.
    assert.equal(lintRule(text.replace('        image: nginx:latest', '        # kubesmith-disable-next-line run-as-non-root\n        image: nginx:latest'), 'no-latest-tag').length, 1);
  });

  it('offers "disable for this line" and "disable for this resource" that really disable', () => {
    const text = deployment('        image: nginx:latest\n');
    const settings = onlyRule('no-latest-tag');
    const line = applyAction(text, 'Disable `no-latest-tag` for this line', settings);
    assert.equal(line, text.replace('        image: nginx:latest', '        # kubesmith-disable-next-line no-latest-tag\n        image: nginx:latest'));
    assert.deepEqual(lint(line, settings), []);
    const resource = applyAction(text, 'Disable `no-latest-tag` for this resource', settings);
    assert.equal(resource, text.replace('metadata:\n  name: web\n', 'metadata:\n  name: web\n  annotations:\n    kubesmith.io/ignore: no-latest-tag\n'));
    assert.deepEqual(lint(resource, settings), []);
  });

  it('offers "fix all" when a rule fires more than once in a file', () => {
    const text = deployment('        image: nginx:1.27.3\n      - name: sidecar\n        image: envoy:1.31.0\n');
    const settings = onlyRule('allow-privilege-escalation');
    const title = 'Fix all `allow-privilege-escalation` problems in this file (2)';
    assert.ok(codeActions(text, settings).some((a) => a.title === title));
    const fixed = applyAction(text, title, settings);
    assert.deepEqual(lint(fixed, settings), []);
    assert.equal((fixed.match(/allowPrivilegeEscalation: false/g) ?? []).length, 2);
  });
});
