import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectExit, kubesmith, parseJson, removeDir, repoRoot, tempDir, writeTree } from './helpers';

/** CEL rules of custom resources from the command line: `lint` and `schema --cel-report`. */

const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
    timeout: 10 seconds
`;

describe('kubesmith lint: CEL rules of custom resources', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => removeDir(dir));

  it('exits 1 on a VirtualService with `timeout: 10 seconds`, with the error at that value', () => {
    writeTree(dir, { 'reviews.yaml': VIRTUAL_SERVICE });
    const result = expectExit(kubesmith(['lint', 'reviews.yaml', '--format', 'json'], { cwd: dir }), 1);
    assert.deepEqual(parseJson(result), [{
      file: 'reviews.yaml', line: 12, column: 14, endLine: 12, endColumn: 24, severity: 'error', rule: 'server-cel',
      message: '`10 seconds` is not valid for `spec.http[0].timeout`: must be a valid duration greater than 1ms (CEL rule of networking.istio.io VirtualService).',
    }]);
    const text = expectExit(kubesmith(['lint', 'reviews.yaml', '--no-color'], { cwd: dir }), 1).stdout;
    assert.match(text, /reviews\.yaml:12:14 {2}error {4}server-cel {2}`10 seconds` is not valid for `spec\.http\[0\]\.timeout`/);

    writeTree(dir, { 'reviews.yaml': VIRTUAL_SERVICE.replace('10 seconds', '10s') });
    expectExit(kubesmith(['lint', 'reviews.yaml'], { cwd: dir }), 0);
  });

  it('evaluates the rules of a CRD linted in the same run, as the editor does for the workspace', () => {
    writeTree(dir, {
      'crds/widget.yaml': readFileSync(join(repoRoot, 'test', 'fixtures', 'cel', 'workspace', 'widget-crd.yaml'), 'utf8'),
      'widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  minReplicas: 3\n  maxReplicas: 1\n',
    });
    const result = expectExit(kubesmith(['lint', '.', '--format', 'json'], { cwd: dir }), 1);
    assert.deepEqual(parseJson(result).map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`), [
      'widget.yaml:6:16 server-cel `3` is not valid for `spec.minReplicas`: minReplicas must not be above maxReplicas (CEL rule of example.com Widget).',
    ]);
  });
});

describe('kubesmith schema --cel-report', () => {
  it('lists the bundled rules compiled and skipped per group, and why', () => {
    const lines = expectExit(kubesmith(['schema', '--cel-report', '--no-color']), 0).stdout.split('\n');
    assert.equal(lines[0], 'CEL rules (x-kubernetes-validations) of the bundled CRDs');
    const table = lines.indexOf('  GROUP                      RULES  COMPILED  SKIPPED');
    assert.deepEqual(lines.slice(table + 1, table + 10), [
      '  argoproj.io                    1         0        1',
      '  external-secrets.io           16        16        0',
      '  flagger.app                    1         1        0',
      '  gateway.networking.k8s.io    364       362        2',
      '  monitoring.coreos.com         15        15        0',
      '  networking.istio.io          261       261        0',
      '  security.istio.io             44        44        0',
      '  telemetry.istio.io            18        18        0',
      '  total                        720       717        3',
    ]);
    const skipped = lines.indexOf('Skipped:');
    assert.deepEqual(lines.slice(skipped + 1, skipped + 5), [
      '  transition rules (they use oldSelf, the object before an update): 3',
      '',
      '  argoproj.io Rollout v1alpha1, spec.selector: a transition rule (it compares with `oldSelf`, the object before an update)',
      '    self == oldSelf',
    ]);
  });

  it('narrows to one kind, and says so when the kind is not bundled', () => {
    const lines = expectExit(kubesmith(['schema', 'httproute', '--cel-report', '--no-color']), 0).stdout.split('\n');
    assert.deepEqual(lines.slice(4), [
      '  GROUP                      RULES  COMPILED  SKIPPED',
      '  gateway.networking.k8s.io    212       212        0',
      '  total                        212       212        0',
      '',
    ]);
    const unknown = expectExit(kubesmith(['schema', 'HTTPRoutes', '--cel-report']), 2);
    assert.equal(unknown.stderr, 'kubesmith: `HTTPRoutes` is not a bundled custom resource kind; did you mean `HTTPRoute`?\n');
  });
});
