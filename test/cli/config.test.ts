import assert from 'node:assert/strict';
import { join } from 'node:path';
import { brief, expectExit, fixture, kubesmith, parseJson, removeDir, tempDir, writeTree } from './helpers';

const CONFIG = fixture('config');
const NESTED = join(CONFIG, 'nested');

describe('kubesmith lint: configuration', () => {
  it('finds the nearest .kubesmith.yaml walking up from the current folder', () => {
    // nested/.kubesmith.yaml: Kubernetes 1.28 (FlowSchema v1 not served yet), baseline profile
    // (no run-as-non-root...), no-latest-tag raised to error.
    const result = expectExit(kubesmith(['lint', '--format', 'json'], { cwd: join(NESTED, 'manifests') }), 1);
    const findings = parseJson(result);
    assert.deepEqual(brief(findings), ['app.yaml:2 api-not-served', 'app.yaml:27 no-latest-tag']);
    assert.equal(findings[1].severity, 'error');
    assert.match(findings[0].message, /not served by Kubernetes 1\.28/);
  });

  it('applies to every file below its folder, as in the editor; files elsewhere get the defaults', () => {
    const findings = parseJson(expectExit(kubesmith(['lint', '--format', 'json'], { cwd: CONFIG }), 1));
    const nested = findings.filter((f) => f.file.startsWith('nested/'));
    // outside.yaml holds the same FlowSchema and Deployment: duplicates (a check between resources, info).
    assert.deepEqual(brief(nested), [
      'nested/manifests/app.yaml:2 api-not-served', 'nested/manifests/app.yaml:5 duplicate-resource',
      'nested/manifests/app.yaml:15 duplicate-resource', 'nested/manifests/app.yaml:27 no-latest-tag',
    ]);
    const outside = findings.filter((f) => f.file === 'outside.yaml');
    assert.ok(!outside.some((f) => f.rule === 'api-not-served'), 'Kubernetes 1.36 serves FlowSchema v1');
    assert.ok(outside.some((f) => f.rule === 'run-as-non-root'), 'the restricted profile is on by default');
    assert.equal(outside.find((f) => f.rule === 'no-latest-tag')?.severity, 'warning');
  });

  it('command-line options win over the config', () => {
    const cwd = join(NESTED, 'manifests');
    const newer = parseJson(kubesmith(['lint', '--kubernetes-version', '1.36', '--format', 'json'], { cwd }));
    assert.deepEqual(brief(newer), ['app.yaml:27 no-latest-tag']);
    const restricted = parseJson(kubesmith(['lint', '--profile', 'restricted', '--format', 'json'], { cwd }));
    assert.ok(restricted.some((f) => f.rule === 'run-as-non-root'));
    assert.ok(restricted.some((f) => f.rule === 'api-not-served'), 'the version still comes from the config');
    const v = parseJson(kubesmith(['lint', '--kubernetes-version', 'v1.29.3', '--format', 'json'], { cwd }));
    assert.deepEqual(brief(v), ['app.yaml:27 no-latest-tag'], 'v1.29.3 means 1.29');
  });

  it('--config names the file for every input', () => {
    const result = parseJson(kubesmith(['lint', 'outside.yaml', '--config', 'nested/.kubesmith.yaml', '--format', 'json'], { cwd: CONFIG }));
    assert.deepEqual(brief(result), ['outside.yaml:2 api-not-served', 'outside.yaml:27 no-latest-tag']);
    const missing = expectExit(kubesmith(['lint', '--config', 'missing.yaml'], { cwd: CONFIG }), 2);
    assert.equal(missing.stderr, 'kubesmith: Cannot read the config file missing.yaml: no such file or folder\n');
  });

  it('a config with problems is exit 2, each problem listed with file:line:col', () => {
    const result = expectExit(kubesmith(['lint'], { cwd: fixture('broken-config') }), 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, [
      'kubesmith: The configuration has 3 problems:',
      '  .kubesmith.yaml:2:1: Unknown setting `profiles`; did you mean `profile`?',
      '  .kubesmith.yaml:4:3: Unknown rule `no-latest-tags`; did you mean `no-latest-tag`?',
      '  .kubesmith.yaml:5:20: `rules.run-as-non-root` must be one of: off, hint, info, warning, error.',
      '',
    ].join('\n'));
    // The same config reached from a parent folder, and through --config.
    expectExit(kubesmith(['lint', 'broken-config'], { cwd: fixture() }), 2);
    expectExit(kubesmith(['lint', 'lint/clean', '--config', 'broken-config/.kubesmith.yaml'], { cwd: fixture() }), 2);
    expectExit(kubesmith(['harden', 'broken-config/web.yaml'], { cwd: fixture() }), 2);
  });

  it('a YAML syntax error in the config is exit 2', () => {
    const dir = tempDir();
    try {
      writeTree(dir, { '.kubesmith.yaml': 'profile: [baseline\n', 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
      const result = expectExit(kubesmith(['lint'], { cwd: dir }), 2);
      assert.match(result.stderr, /^kubesmith: The configuration has a problem:\n {2}\.kubesmith\.yaml:\d+:\d+: YAML syntax error/);
    } finally {
      removeDir(dir);
    }
  });

  it('files.exclude of the config skips files in folders, and files named on the command line', () => {
    const dir = tempDir();
    try {
      const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  A: 1\n';
      writeTree(dir, { '.kubesmith.yaml': 'files:\n  exclude: ["vendor/**", "**/*.generated.yaml"]\n', 'vendor/cm.yaml': bad, 'app/cm.generated.yaml': bad, 'app/cm.yaml': bad });
      assert.deepEqual(brief(parseJson(kubesmith(['lint', '--format', 'json'], { cwd: dir }))), ['app/cm.yaml:6 wrong-type']);
      const named = expectExit(kubesmith(['lint', 'vendor/cm.yaml', '--format', 'json'], { cwd: dir }), 0);
      assert.equal(named.stdout, '[]\n');
      assert.equal(named.stderr, 'kubesmith: vendor/cm.yaml: skipped, excluded by files.exclude in .kubesmith.yaml\n');
      // From inside a subfolder, patterns stay relative to the config's folder.
      assert.deepEqual(brief(parseJson(kubesmith(['lint', '--format', 'json'], { cwd: join(dir, 'app') }))), ['cm.yaml:6 wrong-type']);
    } finally {
      removeDir(dir);
    }
  });

  it('files.include of the config narrows what folders yield', () => {
    const dir = tempDir();
    try {
      const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  A: 1\n';
      writeTree(dir, { '.kubesmith.yaml': 'files:\n  include: ["k8s/**/*.yaml"]\n', 'k8s/cm.yaml': bad, 'other/cm.yaml': bad, 'k8s/cm.json': '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"A":1}}' });
      assert.deepEqual(brief(parseJson(kubesmith(['lint', '--format', 'json'], { cwd: dir }))), ['k8s/cm.yaml:6 wrong-type']);
    } finally {
      removeDir(dir);
    }
  });
});
