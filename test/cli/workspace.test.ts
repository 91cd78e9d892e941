import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_CHECKS } from '../../server/src/core/workspace/checks';
import { expectExit, kubesmith, parseJson, removeDir, repoRoot, tempDir } from './helpers';

/** The checks between resources through `kubesmith lint`: a folder is a workspace (test/fixtures/workspace). */

const CHECK_IDS = new Set(WORKSPACE_CHECKS.map((check) => check.meta.id));
const WORKSPACE = join(repoRoot, 'test', 'fixtures', 'workspace');

const EXPECTED = [
  'shop/deployment.yaml:8:3 info replicas-with-autoscaler HorizontalPodAutoscaler `api` scales this Deployment; `replicas: 3` here resets its scale at every apply. Remove `replicas`.',
  'shop/deployment.yaml:34:20 info missing-config-key ConfigMap `api-config` has no key `LOG_LEVL`; did you mean `LOG_LEVEL`?',
  'shop/network.yaml:12:17 info unknown-target-port No pod this Service selects declares a container port named `htp`; did you mean `http`?',
  'shop/network.yaml:21:3 info selector-matches-nothing No pod in namespace `shop` matches this Service\'s selector (`app: apii`); did you mean `app: api`?',
  'shop/network.yaml:42:23 info unknown-service-port Service `api` has no port `8080` (it exposes `80` (`http`)); traffic sent here goes nowhere.',
  'shop/scaling.yaml:23:11 info missing-scale-target No Deployment `apii` is defined in namespace `shop`; did you mean `api`?',
  'staging/deployment.yaml:21:19 info missing-configmap No ConfigMap `api-config` is defined in namespace `staging` in this workspace; the pods that need it do not start until it exists.',
];

describe('kubesmith lint: checks between resources', () => {
  it('reports them on a folder, as the editor does (test/protocol/workspace.test.ts), at information severity', () => {
    const findings = parseJson(expectExit(kubesmith(['lint', '--format', 'json'], { cwd: WORKSPACE }), 0));
    assert.deepEqual(findings.filter((f) => CHECK_IDS.has(f.rule)).map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`), EXPECTED);
  });

  it('gives the same findings with worker threads (each thread sends its files\' entries, the main thread checks)', () => {
    const inProcess = expectExit(kubesmith(['lint', '--jobs', '1', '--format', 'json'], { cwd: WORKSPACE }), 0).stdout;
    const threads = expectExit(kubesmith(['lint', '--jobs', '2', '--format', 'json'], { cwd: WORKSPACE }), 0).stdout;
    assert.equal(threads, inProcess);
    const three = expectExit(kubesmith(['lint', '--jobs', '3', '--format', 'json'], { cwd: WORKSPACE }), 0).stdout;
    assert.equal(three, inProcess);
  });

  it('only sees the files it is given: a file alone has nothing to refer to', () => {
    const alone = parseJson(kubesmith(['lint', 'shop/scaling.yaml', '--format', 'json'], { cwd: WORKSPACE }));
    assert.deepEqual(alone.filter((f) => CHECK_IDS.has(f.rule)), []);
  });

  it('follows references.severity and per-check levels of .kubesmith.yaml; --fail-on counts them', () => {
    const dir = tempDir();
    try {
      cpSync(WORKSPACE, dir, { recursive: true });
      writeFileSync(join(dir, '.kubesmith.yaml'), 'references:\n  severity: warning\nrules:\n  duplicate-resource: error\n  missing-scale-target: "off"\n');
      const findings = parseJson(expectExit(kubesmith(['lint', '--format', 'json', '--fail-on', 'warning'], { cwd: dir }), 1)).filter((f) => CHECK_IDS.has(f.rule));
      assert.deepEqual(findings.map((f) => `${f.rule} ${f.severity}`), [
        'replicas-with-autoscaler warning', 'missing-config-key warning', 'unknown-target-port warning', 'selector-matches-nothing warning',
        'unknown-service-port warning', 'missing-configmap warning',
      ]);
      writeFileSync(join(dir, '.kubesmith.yaml'), 'references:\n  severity: loud\n');
      const problem = expectExit(kubesmith(['lint'], { cwd: dir }), 2);
      assert.match(problem.stderr, /\.kubesmith\.yaml:2:13: `references\.severity` must be one of: off, hint, info, warning, error\./);
    } finally {
      removeDir(dir);
    }
  });

  it('puts them in SARIF with their documentation (docs/workspace.md), missing-pdb and pod-without-network-policy disabled by default', () => {
    const sarif = JSON.parse(expectExit(kubesmith(['lint', '--format', 'sarif'], { cwd: WORKSPACE }), 0).stdout);
    const rules: { id: string; helpUri: string; defaultConfiguration: { level: string; enabled?: boolean } }[] = sarif.runs[0].tool.driver.rules;
    for (const id of CHECK_IDS) {
      const rule = rules.find((candidate) => candidate.id === id);
      assert.ok(rule, `driver.rules lists ${id}`);
      assert.equal(rule.helpUri, `https://github.com/kubesmith/kubesmith/blob/main/docs/workspace.md#${id}`);
      assert.deepEqual(rule.defaultConfiguration, id === 'missing-pdb' || id === 'pod-without-network-policy' ? { level: 'note', enabled: false } : { level: 'note' });
    }
    const results: { ruleId: string; ruleIndex: number; level: string }[] = sarif.runs[0].results.filter((result: { ruleId: string }) => CHECK_IDS.has(result.ruleId));
    assert.equal(results.length, EXPECTED.length);
    for (const result of results) {
      assert.equal(rules[result.ruleIndex].id, result.ruleId);
      assert.equal(result.level, 'note');
    }
  });
});
